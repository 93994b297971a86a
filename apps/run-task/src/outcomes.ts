/**
 * The checks of one run, as outcomes (pure): one outcome per check, each with a one-line description
 * and a markdown body for the reviewer (the expected plan, the offending addresses, the follow-ups to
 * run after apply). Nothing here fetches, prints or reads a clock.
 */
import type { NagFinding, NagReport } from '@raxx/policy-proof';
import { formatFinding } from '@raxx/policy-proof';
import type { RepositoryGraph, StackGraph } from '@raxx/rotation/graph/graph';
import { terraformPlanText } from '@raxx/rotation/render/plan-text';
import { fenced } from '@raxx/rotation/render/markdown-blocks';
import { followUpSection } from '@raxx/rotation/render/markdown';
import type { ReplaceRotationPlan } from '@raxx/rotation/runbook';
import { planRotationOf } from '@raxx/rotation/runbook';
import type { InStateTarget } from '@raxx/rotation/graph/targets';
import { rotationTargetsOf } from '@raxx/rotation/graph/targets';
import { isJsonObject } from '@raxx/rotation/graph/terraform-json';
import type { TerraformPlanJson } from '@raxx/rotation/verify/verify';
import type { UncheckablePolicy } from './planned-policies';
import { verifyStrictly } from './strict-verify';
import { describeError } from '@raxx/rotation/render/errors';

/** One check's result. */
export interface CheckOutcome {
  /** Stable id (`outcome-id`): `rotation`, `iam-rule-pack`, `plan`, `workspace`. */
  readonly id: string;
  readonly passed: boolean;
  /** One line. */
  readonly description: string;
  /** Markdown for the reviewer. */
  readonly body: string;
}

/** A check that could not run (unreadable plan, unknown workspace, timeout): a failed outcome naming the reason. */
export function failedBecause(id: string, reason: string, advice?: string): CheckOutcome {
  return { id, passed: false, description: reason, body: [`**Failed:** ${reason}`, ...(advice ? ['', advice] : [])].join('\n') };
}

function shellBlock(commands: ReadonlyArray<{ command: string; description: string }>): string {
  return ['```sh', ...commands.map((command) => `${command.command}  # ${command.description}`), '```'].join('\n');
}

/** Addresses the plan replaces because someone asked (`-replace`, `replace-addrs`): Terraform's `replace_by_request`. */
export function replacedByRequest(plan: { readonly resource_changes?: unknown }): string[] {
  const changes = Array.isArray(plan.resource_changes) ? plan.resource_changes.filter(isJsonObject) : [];
  return changes.filter((change) => change.action_reason === 'replace_by_request' && typeof change.address === 'string').map((change) => change.address as string).sort();
}

/** Addresses the plan replaces or destroys, whatever the reason (`replace_by_request`, `replace_because_tainted`, ...). */
export function replacedOrDestroyed(plan: { readonly resource_changes?: unknown }): string[] {
  const changes = Array.isArray(plan.resource_changes) ? plan.resource_changes.filter(isJsonObject) : [];
  return changes
    .filter((change) => typeof change.address === 'string' && isJsonObject(change.change) && Array.isArray(change.change.actions) && change.change.actions.includes('delete'))
    .map((change) => change.address as string)
    .sort();
}

/** The addresses a rotation of `stack` explains: the predicted changes of each declared target the plan replaces. */
export function rotationExplains(graph: RepositoryGraph, stack: StackGraph, plan: TerraformPlanJson): Set<string> {
  const replaced = new Set(replacedOrDestroyed(plan));
  const explained = new Set<string>();
  for (const target of rotationTargetsOf(stack)) {
    if (target.kind !== 'in-state' || !replaced.has(target.address)) continue;
    const rotation = planRotationOf(graph, target) as ReplaceRotationPlan;
    for (const change of rotation.expected.changes) explained.add(change.address);
  }
  return explained;
}

/**
 * The rotation check: when the plan replaces a declared rotation target of `stack`, for whatever
 * reason (by request, tainted), the plan must be exactly that rotation's prediction (the shared
 * verify, strict). Undefined when the plan touches no rotation target.
 */
export function rotationOutcome(graph: RepositoryGraph, stack: StackGraph, plan: TerraformPlanJson): CheckOutcome | undefined {
  const replaced = new Set(replacedOrDestroyed(plan));
  const targets = rotationTargetsOf(stack).filter((target): target is InStateTarget => target.kind === 'in-state' && replaced.has(target.address));
  if (targets.length === 0) return undefined;
  if (targets.length > 1) {
    const names = targets.map((target) => target.address).join(', ');
    return failedBecause('rotation', `the plan rotates ${targets.length} keys at once (${names})`, 'Rotate one key per run, so each run is verified against its own prediction (`npx rotate plan --target <name>`).');
  }
  const [target] = targets;
  const rotation = planRotationOf(graph, target) as ReplaceRotationPlan;
  const verdict = verifyStrictly(plan, stack, rotation.expected);
  const expected = [`### Expected plan of \`${stack.name}\` (rotation of \`${target.name}\`)`, '', fenced(terraformPlanText(rotation.expected))];
  const afterApply = [
    '### After apply',
    '',
    ...(rotation.followUps.length > 0 ? [rotation.followUps.map((followUp) => followUpSection(followUp).replace(/^### /gm, '#### ')).join('\n\n'), ''] : ['Nothing outside this stack holds the key.', '']),
    '#### Verify',
    '',
    shellBlock(rotation.verification),
  ];
  if (!verdict.ok) {
    return {
      id: 'rotation',
      passed: false,
      description: `rotation of ${target.name}: ${describeError(verdict.error)}`,
      body: [`**Failed:** ${describeError(verdict.error)}`, '', ...expected].join('\n'),
    };
  }
  const { deviations, matched } = verdict.value;
  const { add, change, destroy } = rotation.expected.summary;
  if (deviations.length > 0) {
    return {
      id: 'rotation',
      passed: false,
      description: `rotation of ${target.name} leaves the predicted blast radius at ${deviations.map((deviation) => deviation.address).join(', ')}`.slice(0, 250),
      body: [
        `**Failed:** the plan for \`${stack.name}\` leaves the predicted blast radius of \`${target.name}\`.`,
        '',
        '### Offending addresses',
        '',
        ...deviations.map((deviation) => `- \`${deviation.address}\`: ${deviation.line.slice(deviation.address.length + 2)}`),
        '',
        ...expected,
      ].join('\n'),
    };
  }
  return {
    id: 'rotation',
    passed: true,
    description: `rotation of ${target.name} matches the prediction (${add} to add, ${change} to change, ${destroy} to destroy)`,
    body: [
      `**Passed:** the plan for \`${stack.name}\` is exactly the rotation of \`${target.name}\` (${matched.length} predicted change(s) present, nothing else changes).`,
      '',
      '### Offending addresses',
      '',
      'None.',
      '',
      ...expected,
      '',
      ...afterApply,
    ].join('\n'),
  };
}

function findingRow(finding: NagFinding): string {
  return `| \`${finding.address}\` | ${finding.statement ?? '—'} | ${finding.ruleId} | \`${finding.finding}\` | ${finding.info} |`;
}

/** The IAM rule pack over the planned policies: fails on any finding no exception allows, and on an uncheckable policy. */
export function iamOutcome(report: NagReport, checked: number, uncheckable: readonly UncheckablePolicy[]): CheckOutcome {
  const passed = report.findings.length === 0 && report.errors.length === 0 && uncheckable.length === 0;
  const offending = [...new Set([...report.findings.map((finding) => finding.address), ...uncheckable.map((entry) => entry.address)])].sort();
  const description = passed
    ? `IAM rule pack: ${checked} planned policy document(s), no finding`
    : `IAM rule pack: ${report.findings.length} finding(s)${uncheckable.length > 0 ? `, ${uncheckable.length} uncheckable` : ''} at ${offending.join(', ')}`.slice(0, 250);
  const body: string[] = [
    passed ? `**Passed:** ${checked} planned policy document(s) checked; none is widened.` : '**Failed:** a planned policy is widened or cannot be checked.',
    '',
    '### Offending addresses',
    '',
  ];
  if (offending.length === 0) body.push('None.');
  if (report.findings.length > 0) {
    body.push('| address | statement | rule | finding | why |', '|---|---|---|---|---|', ...report.findings.map(findingRow));
  }
  if (uncheckable.length > 0) body.push('', ...uncheckable.map((entry) => `- \`${entry.address}\`: ${entry.reason}; the pack cannot prove it is not widened`));
  if (report.errors.length > 0) body.push('', ...report.errors.map((error) => `- ${error}`));
  if (report.allowed.length > 0) {
    body.push('', '### Allowed by an exception', '', ...report.allowed.map((finding) => `- ${formatFinding(finding)}: ${finding.reason}`));
  }
  return { id: 'iam-rule-pack', passed, description, body: body.join('\n') };
}
