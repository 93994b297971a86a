/**
 * Runs the rule pack over synthesized stacks. Pure apart from loading the IAM catalog: the findings
 * are a value, and only the CLI prints.
 */
import { PlatformConfig } from '@raxx/config';
import { loadIamCatalog } from './iam-catalog';
import { NagException, exceptionAllows, invalidExceptions } from './nag-exceptions';
import { PackRule, RAXX_POLICY_PACK } from './nag-pack';
import { NormalizedStatement, normalizedStatements, statementLabel } from './policy-document';
import { LocatedPolicy, stackPolicies } from './principals';
import { PolicyResource } from './policy-resources';
import { StackReferences } from './references';
import { RuleResult } from './rules/rule';
import { stackReferences } from './stack-references';
import { SynthesizedStack } from './synthesized-stack';
import { synthesizedResources } from './synthesized-resources';

/** One finding of one rule. */
export interface NagFinding {
  readonly ruleId: string;
  readonly info: string;
  readonly stack: string;
  /** Terraform address of the policy or resource (`aws_iam_user_policy.uploader_policy`), or `stack`. */
  readonly address: string;
  /** Sid of the statement, for statement rules. */
  readonly sid?: string;
  /** `Sid X` or `statement #n (no Sid)`, for statement rules. */
  readonly statement?: string;
  /** Granular finding (`Action::s3:*`) or `non-compliant`. */
  readonly finding: string;
}

/** What the pack found. */
export interface NagReport {
  /** Findings no exception allows: each one fails the pack. */
  readonly findings: readonly NagFinding[];
  /** Findings an exception allows, with its reason. */
  readonly allowed: readonly (NagFinding & { readonly reason: string })[];
  /** Inputs the pack could not check (unresolvable reference, invalid exception). */
  readonly errors: readonly string[];
  /** How many rule evaluations ran, per rule id. */
  readonly evaluations: Readonly<Record<string, number>>;
}

/** `stack address Sid X: RULE finding (info)`: one line per finding, as the CLI prints it. */
export function formatFinding(finding: NagFinding): string {
  return `${finding.stack} ${finding.address}${finding.statement ? ` ${finding.statement}` : ''}: ${finding.ruleId} ${finding.finding} (${finding.info})`;
}

/** Whether the pack passed. */
export function nagPassed(report: NagReport): boolean {
  return report.findings.length === 0 && report.errors.length === 0;
}

function findingsOf(result: RuleResult): string[] {
  if (result === 'compliant' || result === 'not-applicable') return [];
  if (result === 'non-compliant') return ['non-compliant'];
  return [...result];
}

/** Runs `pack` over `stacks`. */
export async function runNag(
  stacks: readonly SynthesizedStack[],
  config: PlatformConfig,
  options: { readonly pack?: readonly PackRule[]; readonly exceptions?: readonly NagException[] } = {},
): Promise<NagReport> {
  const pack = options.pack ?? RAXX_POLICY_PACK;
  const exceptions = options.exceptions ?? [];
  const errors: string[] = invalidExceptions(exceptions);
  const raw: NagFinding[] = [];
  const evaluations: Record<string, number> = {};
  const count = (id: string) => (evaluations[id] = (evaluations[id] ?? 0) + 1);

  const located: { policy: LocatedPolicy; statements: NormalizedStatement[] }[] = [];
  for (const stack of stacks) {
    for (const rule of pack) {
      if (rule.scope !== 'stack') continue;
      count(rule.id);
      for (const finding of findingsOf(rule.rule({ stackName: stack.name, json: stack.json, stacks }))) {
        raw.push({ ruleId: rule.id, info: rule.info, stack: stack.name, address: 'stack', finding });
      }
    }
    let refs: StackReferences | undefined;
    try {
      refs = stackReferences(stack, config);
      if (refs) for (const policy of stackPolicies(refs)) located.push({ policy, statements: normalizedStatements(policy.document) });
    } catch (error) {
      errors.push((error as Error).message);
    }
    raw.push(...resourceFindings(pack, stack.name, synthesizedResources(stack, refs), evaluations));
  }

  raw.push(...(await statementFindings(pack, located, evaluations)));
  return { ...splitByExceptions(raw, exceptions), errors, evaluations };
}

/**
 * The pack's statement rules over `located` policies (the IAM catalog loaded for their actions),
 * counting one evaluation per rule and statement in `evaluations`. Shared by `runNag` (synthesized
 * stacks) and `checkPolicyDocuments` (planned values).
 */
export async function statementFindings(
  pack: readonly PackRule[],
  located: readonly { readonly policy: LocatedPolicy; readonly statements: readonly NormalizedStatement[] }[],
  evaluations: Record<string, number>,
): Promise<NagFinding[]> {
  const found: NagFinding[] = [];
  const catalog = await loadIamCatalog(located.flatMap((l) => l.statements));
  for (const { policy, statements } of located) {
    for (const statement of statements) {
      for (const rule of pack) {
        if (rule.scope !== 'statement') continue;
        evaluations[rule.id] = (evaluations[rule.id] ?? 0) + 1;
        for (const finding of findingsOf(rule.rule({ statement, origin: policy.origin, catalog }))) {
          found.push({
            ruleId: rule.id,
            info: rule.info,
            stack: policy.stack,
            address: policy.via ? `${policy.address} (via ${policy.via})` : policy.address,
            ...(statement.sid ? { sid: statement.sid } : {}),
            statement: statementLabel(statement),
            finding,
          });
        }
      }
    }
  }
  return found;
}

/**
 * The pack's resource rules over the `resources` of one configuration (a synthesized stack or a
 * plan), counting one evaluation per rule and resource it applies to. Shared by `runNag` and
 * `checkPlannedResources`.
 */
export function resourceFindings(
  pack: readonly PackRule[],
  stack: string,
  resources: readonly PolicyResource[],
  evaluations: Record<string, number>,
): NagFinding[] {
  const found: NagFinding[] = [];
  for (const rule of pack) {
    if (rule.scope !== 'resource') continue;
    for (const resource of resources) {
      const result = rule.rule({ stackName: stack, resource, resources });
      if (result === 'not-applicable') continue;
      evaluations[rule.id] = (evaluations[rule.id] ?? 0) + 1;
      for (const finding of findingsOf(result)) found.push({ ruleId: rule.id, info: rule.info, stack, address: resource.address, finding });
    }
  }
  return found;
}

/** `raw` split into the findings no exception allows and those one does (with its reason). */
export function splitByExceptions(raw: readonly NagFinding[], exceptions: readonly NagException[]): Pick<NagReport, 'findings' | 'allowed'> {
  const findings: NagFinding[] = [];
  const allowed: (NagFinding & { reason: string })[] = [];
  for (const finding of raw) {
    const address = finding.address.replace(/ \(via .*\)$/, '');
    const exception = exceptions.find((e) => exceptionAllows(e, finding.ruleId, finding.finding, { stack: finding.stack, address, sid: finding.sid }));
    if (exception) allowed.push({ ...finding, reason: exception.reason });
    else findings.push(finding);
  }
  return { findings, allowed };
}

