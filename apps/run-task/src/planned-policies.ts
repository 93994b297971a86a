/**
 * The IAM policies a plan will leave in place (pure): the planned value (`resource_changes[].change.after`)
 * of every policy argument, and every managed-policy attachment. A policy whose value is known only
 * after apply cannot be checked; it is reported, never skipped silently.
 */
import type { LocatedPolicy, PolicyAttachment, PolicyDocument, PolicyOrigin } from '@raxx/policy-proof';
import type { JsonObject, JsonValue } from '@raxx/rotation/graph/terraform-json';
import { isJsonObject } from '@raxx/rotation/graph/terraform-json';

/** Policy arguments per resource type, and what kind of policy each holds. */
export const POLICY_ARGUMENTS: Readonly<Record<string, ReadonlyArray<{ readonly argument: string; readonly origin: PolicyOrigin }>>> = {
  aws_iam_user_policy: [{ argument: 'policy', origin: 'inline' }],
  aws_iam_role_policy: [{ argument: 'policy', origin: 'inline' }],
  aws_iam_group_policy: [{ argument: 'policy', origin: 'inline' }],
  aws_iam_policy: [{ argument: 'policy', origin: 'customer-managed' }],
  aws_iam_role: [{ argument: 'assume_role_policy', origin: 'trust' }],
};

/** Attachment types and the argument naming the policy. */
export const ATTACHMENT_TYPES: readonly string[] = [
  'aws_iam_user_policy_attachment',
  'aws_iam_role_policy_attachment',
  'aws_iam_group_policy_attachment',
  'aws_iam_policy_attachment',
];

/** A planned policy that cannot be checked, and why. */
export interface UncheckablePolicy {
  readonly address: string;
  readonly reason: string;
}

/** What the plan leaves in place. */
export interface PlannedPolicies {
  readonly policies: readonly LocatedPolicy[];
  readonly attachments: readonly PolicyAttachment[];
  readonly uncheckable: readonly UncheckablePolicy[];
}

/** A policy document as the rule pack reads it: an object with a `Statement`. */
function isPolicyDocument(value: unknown): value is PolicyDocument {
  return isJsonObject(value as JsonValue) && 'Statement' in (value as JsonObject);
}

function parseDocument(text: string): PolicyDocument | undefined {
  try {
    const parsed = JSON.parse(text) as unknown;
    return isPolicyDocument(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function unknownAt(afterUnknown: JsonValue | undefined, argument: string): boolean {
  if (afterUnknown === true) return true;
  return isJsonObject(afterUnknown) && afterUnknown[argument] === true;
}

/** The planned policies of `plan` (a parsed `terraform show -json` plan) for stack `stack`. */
export function plannedPolicies(plan: { readonly resource_changes?: unknown }, stack: string): PlannedPolicies {
  const policies: LocatedPolicy[] = [];
  const attachments: PolicyAttachment[] = [];
  const uncheckable: UncheckablePolicy[] = [];
  const changes = Array.isArray(plan.resource_changes) ? plan.resource_changes.filter(isJsonObject) : [];
  const createsManagedPolicy = changes.some(
    (entry) => entry.type === 'aws_iam_policy' && isJsonObject(entry.change) && Array.isArray(entry.change.actions) && entry.change.actions.includes('create'),
  );
  for (const entry of changes) {
    const { address, type, mode } = entry;
    const change = entry.change;
    if (typeof address !== 'string' || typeof type !== 'string' || mode === 'data' || !isJsonObject(change)) continue;
    const actions = Array.isArray(change.actions) ? change.actions.join(',') : '';
    if (actions === 'delete' || actions === 'forget' || actions === 'read') continue;
    const after = isJsonObject(change.after) ? change.after : {};
    const check = (argument: string, origin: PolicyOrigin, where: string, value: JsonValue | undefined, unknown: boolean): void => {
      if (unknown) {
        uncheckable.push({ address: where, reason: `${argument} is known only after apply` });
      } else if (typeof value === 'string') {
        const document = parseDocument(value);
        if (document) policies.push({ stack, address: where, origin, document });
        else uncheckable.push({ address: where, reason: `${argument} is not an IAM policy document` });
      } else if (value !== undefined && value !== null) {
        uncheckable.push({ address: where, reason: `${argument} is not a string` });
      }
    };
    for (const { argument, origin } of POLICY_ARGUMENTS[type] ?? []) check(argument, origin, address, after[argument], unknownAt(change.after_unknown, argument));
    if (type === 'aws_iam_role' && Array.isArray(after.inline_policy)) {
      const unknownBlocks = isJsonObject(change.after_unknown) ? change.after_unknown.inline_policy : undefined;
      after.inline_policy.forEach((block, index) => {
        if (!isJsonObject(block)) return;
        const blockUnknown = Array.isArray(unknownBlocks) ? unknownBlocks[index] : undefined;
        check('policy', 'inline', `${address}.inline_policy[${typeof block.name === 'string' ? block.name : index}]`, block.policy, unknownAt(blockUnknown, 'policy'));
      });
    }
    if (ATTACHMENT_TYPES.includes(type)) {
      if (unknownAt(change.after_unknown, 'policy_arn')) {
        // Known only after apply: fine when the plan creates a customer managed policy (its document is checked
        // above); anything else could attach any policy.
        if (!createsManagedPolicy) uncheckable.push({ address, reason: 'policy_arn is known only after apply' });
        continue;
      }
      if (typeof after.policy_arn === 'string') attachments.push({ stack, address, policyArn: after.policy_arn });
    }
  }
  return { policies, attachments, uncheckable };
}
