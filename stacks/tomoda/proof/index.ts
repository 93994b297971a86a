/**
 * The proof of the tomoda stacks (tomoda-iam-uploader-eso.txt): their access sentences. No exception
 * and no rule of their own: the generic pack holds for them as it is.
 * It imports its stack by package name (@raxx/stack-tomoda), never `../src`: compiled, proof/ lands in dist/proof/.
 */
import type { EnvironmentName } from '@raxx/config';
import { ENVIRONMENT_NAMES } from '@raxx/config';
import type { StackProof } from '@raxx/policy-proof';
import type { TomodaStack } from '@raxx/stack-tomoda';
import { TOMODA_SEED, tomodaSentences } from './tomoda-sentences';

export * from './tomoda-sentences';

/** The proof of every environment's tomoda stack. */
export function tomodaProof(stacks: Readonly<Record<EnvironmentName, TomodaStack>>): StackProof {
  return { seed: TOMODA_SEED, sentences: ENVIRONMENT_NAMES.flatMap((env) => tomodaSentences(stacks, env)), exceptions: [], rules: [] };
}
