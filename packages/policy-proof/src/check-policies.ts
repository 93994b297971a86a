/**
 * The rule pack's statement rules over policy documents that come from somewhere other than a
 * synthesized stack: the planned values of a Terraform plan (the run task of tools/rotate). Same
 * rules, same exceptions, same finding format as `runNag`; only the source of the documents differs.
 */
import { AWS_MANAGED_POLICIES } from './aws-managed-policies';
import { loadIamCatalog } from './iam-catalog';
import { NagException, RAXX_NAG_EXCEPTIONS, exceptionAllows, invalidExceptions } from './nag-exceptions';
import { PackRule, RAXX_POLICY_PACK } from './nag-pack';
import { normalizedStatements, statementLabel } from './policy-document';
import { LocatedPolicy } from './principals';
import { NagFinding, NagReport } from './run-nag';

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
 * outside AWS_MANAGED_POLICIES is a finding (it may grant anything). Exceptions apply as in `runNag`.
 */
export async function checkPolicyDocuments(
  policies: readonly LocatedPolicy[],
  attachments: readonly PolicyAttachment[] = [],
  options: { readonly pack?: readonly PackRule[]; readonly exceptions?: readonly NagException[] } = {},
): Promise<NagReport> {
  const pack = options.pack ?? RAXX_POLICY_PACK;
  const exceptions = options.exceptions ?? RAXX_NAG_EXCEPTIONS;
  const errors: string[] = invalidExceptions(exceptions);
  const evaluations: Record<string, number> = {};
  const raw: NagFinding[] = [];
  const located = policies.map((policy) => ({ policy, statements: normalizedStatements(policy.document) }));
  const catalog = await loadIamCatalog(located.flatMap((entry) => entry.statements));
  for (const { policy, statements } of located) {
    for (const statement of statements) {
      for (const rule of pack) {
        if (rule.scope !== 'statement') continue;
        evaluations[rule.id] = (evaluations[rule.id] ?? 0) + 1;
        const result = rule.rule({ statement, origin: policy.origin, catalog });
        const found = result === 'compliant' || result === 'not-applicable' ? [] : result === 'non-compliant' ? ['non-compliant'] : [...result];
        for (const finding of found) {
          raw.push({
            ruleId: rule.id,
            info: rule.info,
            stack: policy.stack,
            address: policy.address,
            ...(statement.sid ? { sid: statement.sid } : {}),
            statement: statementLabel(statement),
            finding,
          });
        }
      }
    }
  }
  for (const attachment of attachments) {
    evaluations[UNCITED_MANAGED_POLICY] = (evaluations[UNCITED_MANAGED_POLICY] ?? 0) + 1;
    if (attachment.policyArn.startsWith('arn:aws:iam::aws:policy/') && !AWS_MANAGED_POLICIES[attachment.policyArn]) {
      raw.push({ ruleId: UNCITED_MANAGED_POLICY, info: UNCITED_INFO, stack: attachment.stack, address: attachment.address, finding: `PolicyArn::${attachment.policyArn}` });
    }
  }
  const findings: NagFinding[] = [];
  const allowed: (NagFinding & { reason: string })[] = [];
  for (const finding of raw) {
    const exception = exceptions.find((e) => exceptionAllows(e, finding.ruleId, finding.finding, { stack: finding.stack, address: finding.address, sid: finding.sid }));
    if (exception) allowed.push({ ...finding, reason: exception.reason });
    else findings.push(finding);
  }
  return { findings, allowed, errors, evaluations };
}
