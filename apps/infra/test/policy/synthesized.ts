/**
 * The synthesized output the proofs run on: the whole app synthesized with the given variables, as
 * `npm run synth` writes `cdktf.out`, read by the one reader, and the stack objects of the same
 * configuration (for their proofs). The synthesis is shared by every test file and run: it lives in
 * node_modules/.cache/raxx/, and its record makes it re-synthesize only when the app's sources change.
 */
import { loadPlatformConfig, PlatformConfig } from '@raxx/config';
import type { SynthesizedStack } from '@raxx/policy-proof';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { policyStacksOf } from '../../src/policy/cli-support';
import type { RaxxStacks } from '../../src/raxx-app';
import { describeSynthesisError, ensureSynthesis, WORKSPACE_ROOT } from '../../src/synthesis';
import { composeRepo } from '../../src/synthesize';

// cdktf's record of where each token was created is not source-mapped in these tests (see the helper).

/** A synthesis, the configuration it was made from and the stack objects. */
export interface Synthesis {
  readonly outdir: string;
  readonly config: PlatformConfig;
  readonly stacks: readonly SynthesizedStack[];
  readonly app: RaxxStacks;
}

/** Every stack synthesized with the configuration read from `vars` (e.g. the OIDC opt-in). */
export function synthesize(vars: NodeJS.ProcessEnv = {}): Synthesis {
  const key = createHash('sha256').update(JSON.stringify(Object.entries(vars).sort())).digest('hex').slice(0, 12);
  const outdir = join(WORKSPACE_ROOT, 'node_modules', '.cache', 'raxx', `synth-${key}`);
  const output = ensureSynthesis({ outdir, vars });
  if (!output.ok) throw new Error(describeSynthesisError(output.error));
  const config = loadPlatformConfig(vars);
  return { outdir, config, stacks: policyStacksOf(output.value), app: composeRepo(config).stacks };
}

/** The stack named `name`; fails the test if it is missing. */
export function stackNamed(synthesis: Synthesis, name: string): SynthesizedStack {
  const stack = synthesis.stacks.find((s) => s.name === name);
  if (!stack) throw new Error(`no stack ${name} in ${synthesis.outdir}: ${synthesis.stacks.map((s) => s.name).join(', ')}`);
  return stack;
}
