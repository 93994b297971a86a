/**
 * Every stack's proof (stacks/<stack>/proof/), composed from the stacks of one app, so each proof reads
 * its names from the stack objects that synthesized the output it checks.
 */
import type { StackProof } from '@raxx/policy-proof';
import { freescoutProof } from '@raxx/stack-freescout-backup/proof';
import { pazpazProof } from '@raxx/stack-pazpaz/proof';
import { tomodaProof } from '@raxx/stack-tomoda/proof';
import type { RaxxStacks } from './raxx-app';

/** The proofs of every stack that has one (r2-backups and github-secrets hold no IAM; the generic rules cover them). */
export function raxxProofs(stacks: RaxxStacks): StackProof[] {
  return [freescoutProof(stacks.freescoutBackup), tomodaProof(stacks.tomoda), pazpazProof(stacks.pazpaz)];
}
