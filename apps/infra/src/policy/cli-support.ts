/**
 * What both policy CLIs share: the synthesized stacks to check (an existing output folder, read by the
 * one reader, or a fresh synthesis of the app into a temporary folder) and an atomic file write.
 */
import { loadPlatformConfig, PlatformConfig } from '@raxx/config';
import type { SynthesizedStack } from '@raxx/policy-proof';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { StackProof } from '@raxx/policy-proof';
import { raxxProofs } from '../proofs';
import { composeRepo, synthesizeRepo } from '../synthesize';
import { describeSynthesisError } from '../synthesis/errors';
import type { SynthesizedOutput } from '../synthesis/reader';
import { readSynthesis } from '../synthesis/reader';

/** Arguments of the CLIs. */
export interface CliArgs {
  /** Read this synthesis output instead of synthesizing. */
  readonly synthDir?: string;
  /** Write the output here (atomically) instead of stdout. */
  readonly out?: string;
}

/** A usage or input error: printed as one line, exit code 2. */
export class UsageError extends Error {}

export function parseCliArgs(argv: readonly string[], usage: string, accepted: readonly ('--synth-dir' | '--out')[]): CliArgs {
  const args: { synthDir?: string; out?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (!accepted.includes(flag as '--synth-dir' | '--out')) throw new UsageError(`unknown argument "${flag}"; usage: ${usage}`);
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value; usage: ${usage}`);
    if (flag === '--synth-dir') args.synthDir = value;
    else args.out = value;
    i++;
  }
  return args;
}

/** The stacks of a synthesized output, as the policy engine takes them. */
export function policyStacksOf(output: SynthesizedOutput): SynthesizedStack[] {
  return output.stacks.map((stack) => ({ name: stack.name, json: stack.configuration as SynthesizedStack['json'] }));
}

/** The stacks to check, the configuration they were built from and every stack's proof. */
export function stacksToCheck(args: CliArgs): { stacks: SynthesizedStack[]; config: PlatformConfig; proofs: StackProof[]; source: string } {
  const config = loadPlatformConfig(process.env);
  if (args.synthDir) {
    const output = readSynthesis(args.synthDir);
    if (!output.ok) throw new UsageError(describeSynthesisError(output.error));
    // The proofs read their names from the stack objects: compose them (no synthesis) with the same configuration.
    return { stacks: policyStacksOf(output.value), config, proofs: raxxProofs(composeRepo(config).stacks), source: args.synthDir };
  }
  const outdir = mkdtempSync(join(tmpdir(), 'policy-proof-'));
  try {
    const repo = synthesizeRepo(outdir, process.env);
    const output = readSynthesis(outdir);
    if (!output.ok) throw new Error(describeSynthesisError(output.error));
    return { stacks: policyStacksOf(output.value), config, proofs: raxxProofs(repo.stacks), source: 'a fresh synthesis of apps/infra' };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Writes `content` to `file` through a temporary file in the same folder and a rename. */
export function writeAtomically(file: string, content: string): void {
  const temporary = join(dirname(file), `.${process.pid}.${Date.now()}.tmp`);
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}
