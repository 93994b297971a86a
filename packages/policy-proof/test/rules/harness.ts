/**
 * One small harness for every rule: a rule is shown a compliant and a non-compliant subject, and the
 * non-compliant one must produce exactly the expected granular findings.
 */
import { IamCatalog, loadIamCatalog } from '../../src/iam-catalog';
import { StatementJson, normalizedStatements } from '../../src/policy-document';
import { PolicyOrigin } from '../../src/principals';
import { RuleResult, StackRule, StackSubject, StatementRule, StatementSubject } from '../../src/rules/rule';
import { SynthesizedStack, TerraformJson } from '../../src/terraform-json';

/** The statement as the rule sees it, with a catalog loaded for exactly its actions and keys. */
export async function statementSubject(statement: StatementJson, origin: PolicyOrigin = 'inline'): Promise<StatementSubject> {
  const [normalized] = normalizedStatements({ Version: '2012-10-17', Statement: [statement] });
  const catalog: IamCatalog = await loadIamCatalog([normalized]);
  return { statement: normalized, origin, catalog };
}

/** A stack subject; `others` are the rest of its synthesis (the subject itself is added). */
export function stackSubject(stackName: string, json: TerraformJson, others: readonly SynthesizedStack[] = []): StackSubject {
  return { stackName, json, stacks: [{ name: stackName, json }, ...others] };
}

/** A rule's verdicts on a compliant and a non-compliant subject. */
export interface RuleVerdicts {
  readonly compliant: RuleResult;
  readonly nonCompliant: RuleResult;
}

export async function judgeStatements(
  rule: StatementRule,
  cases: { compliant: StatementJson; nonCompliant: StatementJson; origin?: PolicyOrigin },
): Promise<RuleVerdicts> {
  return {
    compliant: rule(await statementSubject(cases.compliant, cases.origin)),
    nonCompliant: rule(await statementSubject(cases.nonCompliant, cases.origin)),
  };
}

export function judgeStacks(rule: StackRule, cases: { compliant: StackSubject; nonCompliant: StackSubject }): RuleVerdicts {
  return { compliant: rule(cases.compliant), nonCompliant: rule(cases.nonCompliant) };
}
