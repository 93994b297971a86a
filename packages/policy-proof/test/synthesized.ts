/**
 * The synthesized output the proofs run on: the whole app (`@raxx/app`) synthesized into a temporary
 * folder, once per test file, exactly as `npm run synth` writes `cdktf.out`.
 */
import { PlatformConfig, loadPlatformConfig } from '@raxx/config';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesizeInto } from '../src/synthesize';
import { SynthesizedStack, readSynthesizedStacks } from '../src/terraform-json';

/** A synthesis and the configuration it was made from. */
export interface Synthesis {
  readonly outdir: string;
  readonly config: PlatformConfig;
  readonly stacks: readonly SynthesizedStack[];
}

/** Synthesizes every stack with the configuration read from `vars` (e.g. the OIDC opt-in). */
export function synthesize(vars: NodeJS.ProcessEnv = {}): Synthesis {
  const outdir = mkdtempSync(join(tmpdir(), 'policy-proof-'));
  synthesizeInto(outdir, vars);
  return { outdir, config: loadPlatformConfig(vars), stacks: readSynthesizedStacks(outdir) };
}

/** The stack named `name`; fails the test if it is missing. */
export function stackNamed(synthesis: Synthesis, name: string): SynthesizedStack {
  const stack = synthesis.stacks.find((s) => s.name === name);
  if (!stack) throw new Error(`no stack ${name} in ${synthesis.outdir}: ${synthesis.stacks.map((s) => s.name).join(', ')}`);
  return stack;
}
