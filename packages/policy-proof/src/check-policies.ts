/**
 * The rule pack's statement rules over policy documents that come from somewhere other than a
 * synthesized stack: the planned values of a Terraform plan (the run task of tools/rotate). Same
 * rules, same exceptions, same finding format as `runNag`; only the source of the documents differs.
 */
import { AWS_MANAGED_POLICIES } from './aws-managed-policies';
import { NagException, invalidExceptions } from './nag-exceptions';
import { PackRule, RAXX_POLICY_PACK } from './nag-pack';
import { normalizedStatements } from './policy-document';
import { LocatedPolicy } from './principals';
import { PlannedResource, plannedResource } from './planned-resources';
import { NagFinding, NagReport, resourceFindings, splitByExceptions, statementFindings } from './run-nag';

/** A managed policy attached by ARN, as a plan records it. */
export interface PolicyAttachment {
  readonly stack: string;
  /** Terraform address of the attachment (`aws_iam_role_policy_attachment.execution`). */
  readonly address: string;
  readonly policyArn: string;
}

/** Id of the finding for an attached AWS managed policy that no seed cites (aws-managed-policies.ts). */
export const UNCITED_MANAGED_POLICY = 'RAXX-IAM6';

const UNCITED_INFO = 'An attachment grants an AWS managed policy that no seed cites.';

/**
 * Runs the pack's statement rules over `policies` and checks `attachments`: an AWS managed policy
 * outside AWS_MANAGED_POLICIES is a finding (it may grant anything). Exceptions (the stacks' own, from
 * their proofs) apply as in `runNag`.
 */
export async function checkPolicyDocuments(
  policies: readonly LocatedPolicy[],
  attachments: readonly PolicyAttachment[] = [],
  options: { readonly pack?: readonly PackRule[]; readonly exceptions?: readonly NagException[] } = {},
): Promise<NagReport> {
  const pack = options.pack ?? RAXX_POLICY_PACK;
  const exceptions = options.exceptions ?? [];
  const errors: string[] = invalidExceptions(exceptions);
  const evaluations: Record<string, number> = {};
  const located = policies.map((policy) => ({ policy, statements: normalizedStatements(policy.document) }));
  const raw: NagFinding[] = await statementFindings(pack, located, evaluations);
  for (const attachment of attachments) {
    evaluations[UNCITED_MANAGED_POLICY] = (evaluations[UNCITED_MANAGED_POLICY] ?? 0) + 1;
    if (attachment.policyArn.startsWith('arn:aws:iam::aws:policy/') && !AWS_MANAGED_POLICIES[attachment.policyArn]) {
      raw.push({ ruleId: UNCITED_MANAGED_POLICY, info: UNCITED_INFO, stack: attachment.stack, address: attachment.address, finding: `PolicyArn::${attachment.policyArn}` });
    }
  }
  return { ...splitByExceptions(raw, exceptions), errors, evaluations };
}

/**
 * Runs the pack's resource rules (RAXX-ADMIN1, RAXX-RES1, RAXX-DOC1, and any stack rule of scope
 * `resource`) over the `resources` a plan of `stack` leaves in place (`plannedResourcesOf(plan)`):
 * the run task's counterpart of `runNag` on a synthesized stack. Exceptions apply as in `runNag`.
 * Its report is merged with `checkPolicyDocuments`' (findings and evaluations side by side).
 */
export function checkPlannedResources(
  stack: string,
  resources: readonly PlannedResource[],
  options: { readonly pack?: readonly PackRule[]; readonly exceptions?: readonly NagException[] } = {},
): NagReport {
  const pack = options.pack ?? RAXX_POLICY_PACK;
  const exceptions = options.exceptions ?? [];
  const evaluations: Record<string, number> = {};
  const raw = resourceFindings(pack, stack, resources.map(plannedResource), evaluations);
  return { ...splitByExceptions(raw, exceptions), errors: invalidExceptions(exceptions), evaluations };
}
