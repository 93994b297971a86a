/**
 * What one stack proves about itself, kept beside it (stacks/<stack>/proof/): the sentences of its
 * seed, the exceptions its policies need (each with its reason) and the rules only it must pass. The
 * engine (this package) keeps the generic rule pack; the app composes every stack's proof.
 */
import type { AccessSentence } from './access-sentence';
import type { NagException } from './nag-exceptions';
import type { PackRule } from './nag-pack';
import { RAXX_POLICY_PACK } from './nag-pack';

/** One stack's proof (or one per-environment stack family's). */
export interface StackProof {
  /** Seed file the sentences come from. */
  readonly seed: string;
  readonly sentences: readonly AccessSentence[];
  readonly exceptions: readonly NagException[];
  /** Rules that apply to this stack only, run with the generic pack. */
  readonly rules: readonly PackRule[];
}

/** Every stack's proof joined: the sentences, the exceptions, and the generic pack plus every stack rule. */
export function composeProofs(proofs: readonly StackProof[]): { sentences: AccessSentence[]; exceptions: NagException[]; pack: PackRule[] } {
  return {
    sentences: proofs.flatMap((proof) => proof.sentences),
    exceptions: proofs.flatMap((proof) => proof.exceptions),
    pack: [...RAXX_POLICY_PACK, ...proofs.flatMap((proof) => proof.rules)],
  };
}
