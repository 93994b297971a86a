/**
 * The synthesized output the proofs run on: the whole app synthesized into a temporary folder, once per
 * test file, exactly as `npm run synth` writes `cdktf.out`, and read by the one reader.
 */
import { PlatformConfig } from '@raxx/config';
import type { SynthesizedStack } from '@raxx/policy-proof';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { policyStacksOf } from '../../src/policy/cli-support';
import type { RaxxStacks } from '../../src/raxx-app';
import { describeSynthesisError } from '../../src/synthesis/errors';
import { readSynthesis } from '../../src/synthesis/reader';
import { synthesizeRepo } from '../../src/synthesize';

/** A synthesis, the configuration it was made from and the stack objects. */
export interface Synthesis {
  readonly outdir: string;
  readonly config: PlatformConfig;
  readonly stacks: readonly SynthesizedStack[];
  readonly app: RaxxStacks;
}

/** Synthesizes every stack with the configuration read from `vars` (e.g. the OIDC opt-in). */
export function synthesize(vars: NodeJS.ProcessEnv = {}): Synthesis {
  const outdir = mkdtempSync(join(tmpdir(), 'policy-proof-'));
  const repo = synthesizeRepo(outdir, vars);
  const output = readSynthesis(outdir);
  if (!output.ok) throw new Error(describeSynthesisError(output.error));
  return { outdir, config: repo.config, stacks: policyStacksOf(output.value), app: repo.stacks };
}

/** The stack named `name`; fails the test if it is missing. */
export function stackNamed(synthesis: Synthesis, name: string): SynthesizedStack {
  const stack = synthesis.stacks.find((s) => s.name === name);
  if (!stack) throw new Error(`no stack ${name} in ${synthesis.outdir}: ${synthesis.stacks.map((s) => s.name).join(', ')}`);
  return stack;
}
