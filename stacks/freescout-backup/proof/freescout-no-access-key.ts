import type { RuleResult, StackSubject } from '@raxx/policy-proof';
import { findings, resourcesOfType } from '@raxx/policy-proof';
import { FREESCOUT_BACKUP_STACK_NAME } from '@raxx/stack-freescout-backup';

/**
 * The FreeScout backup user's key is made by hand so the key material is never in Terraform state
 * (freescout-backup-iam-runbook.txt, "Terraform does not create keys"): its stack has no
 * `aws_iam_access_key`.
 */
export function freescoutNoAccessKey({ stackName, json }: StackSubject): RuleResult {
  if (stackName !== FREESCOUT_BACKUP_STACK_NAME) return 'not-applicable';
  return findings(resourcesOfType(json, 'aws_iam_access_key').map(([name]) => `Resource::aws_iam_access_key.${name}`));
}
