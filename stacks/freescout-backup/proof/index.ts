/**
 * The proof of the freescout-backup stack (freescout-backup-iam-runbook.txt): its access sentences,
 * the Resource "*" exceptions its seed needs (each with its reason) and its own rule, RAXX-FS1 (no
 * access key in state).
 * It imports its stack by package name (@raxx/stack-freescout-backup), never `../src`: compiled, proof/ lands in dist/proof/.
 */
import type { NagException, PackRule, StackProof } from '@raxx/policy-proof';
import type { FreescoutBackupStack } from '@raxx/stack-freescout-backup';
import { freescoutNoAccessKey } from './freescout-no-access-key';
import { FREESCOUT_SEED, freescoutSentences } from './freescout-sentences';

export * from './freescout-no-access-key';
export * from './freescout-sentences';

/** RAXX-FS1: the rule only this stack must pass. */
export const FREESCOUT_NO_ACCESS_KEY_RULE: PackRule = {
  id: 'RAXX-FS1',
  scope: 'stack',
  rule: freescoutNoAccessKey,
  info: 'The freescout-backup stack creates an aws_iam_access_key.',
  explanation: '"Key generation is a deliberate manual step so the key material is never in Terraform state" (freescout-backup-iam-runbook.txt).',
};

/** The Resource "*" statements of the seed's policy, on the user's policy and (opted in) the role's. */
export function freescoutExceptions(stack: FreescoutBackupStack): NagException[] {
  const policies = ['aws_iam_user_policy.freescout_backup', ...(stack.githubRole ? ['aws_iam_role_policy.freescout_backup_github'] : [])];
  return policies.flatMap((address): NagException[] => [
    {
      id: 'RAXX-IAM3',
      stack: stack.stackName,
      address,
      sid: 'S3HeadBucket',
      appliesTo: ['Resource::*'],
      reason: 's3:ListAllMyBuckets supports no resource-level permission; the seed scopes it to * ("IAM-level, not bucket-level").',
    },
    {
      id: 'RAXX-IAM3',
      stack: stack.stackName,
      address,
      sid: 'KMSBackup',
      appliesTo: ['Resource::*'],
      reason: 'The kms:ViaService condition does the scoping: the key is usable only through S3 in the region (seed, "KMSBackup").',
    },
    {
      id: 'RAXX-IAM3',
      stack: stack.stackName,
      address,
      sid: 'LightsailSnapshotManage',
      appliesTo: ['Resource::*'],
      reason: 'Seed table scopes LightsailSnapshotManage to *: snapshot names are made per run and GetInstanceSnapshots lists all.',
    },
  ]);
}

/** The proof of the freescout-backup stack. */
export function freescoutProof(stack: FreescoutBackupStack): StackProof {
  return { seed: FREESCOUT_SEED, sentences: freescoutSentences(stack), exceptions: freescoutExceptions(stack), rules: [FREESCOUT_NO_ACCESS_KEY_RULE] };
}
