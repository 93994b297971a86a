import { resourcesOfType } from '../synthesized-stack';
import { RuleResult, StackSubject, findings } from './rule';

/**
 * The FreeScout backup user's key is made by hand so the key material is never in Terraform state
 * (freescout-backup-iam-runbook.txt, "Terraform does not create keys"): its stack has no
 * `aws_iam_access_key`.
 */
export function freescoutNoAccessKey({ stackName, json }: StackSubject): RuleResult {
  if (stackName !== 'freescout-backup') return 'not-applicable';
  return findings(resourcesOfType(json, 'aws_iam_access_key').map(([name]) => `Resource::aws_iam_access_key.${name}`));
}
