/**
 * One small harness for every rule: a rule is shown a compliant and a non-compliant subject, and the
 * non-compliant one must produce exactly the expected granular findings.
 */
import { IamCatalog, loadIamCatalog } from '../../src/iam-catalog';
import { StatementJson, normalizedStatements } from '../../src/policy-document';
import { PolicyOrigin } from '../../src/principals';
import { plannedResource, plannedResourcesOf } from '../../src/planned-resources';
import { StackReferences } from '../../src/references';
import { ResourceRule, ResourceSubject, RuleResult, StackRule, StackSubject, StatementRule, StatementSubject } from '../../src/rules/rule';
import { synthesizedResources } from '../../src/synthesized-resources';
import { SynthesizedStack, TerraformJson } from '../../src/synthesized-stack';

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

/** Account of the resource subjects' references. */
export const TEST_ACCOUNT = '111111111111';

/** Resource `address` of a synthesized `json` (references resolved in TEST_ACCOUNT, us-east-1), among every resource of it. */
export function synthesizedResourceSubject(json: TerraformJson, address: string, stackName = 'tomoda-dev'): ResourceSubject {
  const stack: SynthesizedStack = { name: stackName, json };
  const refs = new StackReferences(stack, { stackName, accountId: TEST_ACCOUNT, region: 'us-east-1', partition: 'aws' });
  const resources = synthesizedResources(stack, refs);
  const resource = resources.find((r) => r.address === address);
  if (!resource) throw new Error(`no ${address} in the stack`);
  return { stackName, resource, resources };
}

/** One planned change: the address, its `after` and `after_unknown`, its actions (default create). */
export interface TestChange {
  readonly address: string;
  readonly after: Record<string, unknown>;
  readonly afterUnknown?: Record<string, unknown>;
  readonly actions?: readonly string[];
}

/** A `terraform show -json` plan of `changes`; `expressions` (by address) become the plan's root module configuration. */
export function testPlan(changes: readonly TestChange[], expressions: Readonly<Record<string, Record<string, unknown>>> = {}): Record<string, unknown> {
  const typeOf = (address: string) => address.replace(/^(module\.[^.]+\.)*/, '').split('.')[0];
  return {
    format_version: '1.2',
    resource_changes: changes.map((c) => ({
      address: c.address,
      mode: 'managed',
      type: typeOf(c.address),
      name: c.address.split('.').pop(),
      change: { actions: c.actions ?? ['create'], before: null, after: c.after, after_unknown: c.afterUnknown ?? {} },
    })),
    configuration: {
      root_module: { resources: Object.entries(expressions).map(([address, e]) => ({ address, mode: 'managed', type: typeOf(address), name: address.split('.')[1], expressions: e })) },
    },
  };
}

/** Resource `address` of a plan, among every resource the plan leaves in place. */
export function plannedResourceSubject(plan: unknown, address: string, stackName = 'tomoda-dev'): ResourceSubject {
  const resources = plannedResourcesOf(plan).map(plannedResource);
  const resource = resources.find((r) => r.address === address);
  if (!resource) throw new Error(`no ${address} in the plan`);
  return { stackName, resource, resources };
}

export function judgeResources(rule: ResourceRule, cases: { compliant: ResourceSubject; nonCompliant: ResourceSubject }): RuleVerdicts {
  return { compliant: rule(cases.compliant), nonCompliant: rule(cases.nonCompliant) };
}
