/**
 * The entry point every consumer of the synthesized output calls (the rotation tool, the Nx targets,
 * tests): returns the output of `outdir` once it is the one the current inputs produce, synthesizing
 * first (in a child process running the compiled app) when the record is missing or differs.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { SynthesisResult } from './errors';
import { sourcesFingerprint } from './fingerprint';
import type { SynthesizedOutput } from './reader';
import { readSynthesis } from './reader';
import { inputsDiffer, readSynthesisRecord, synthesisInputs } from './record';

/** The workspace root: `apps/infra/{src,dist}/synthesis/` is four levels below it. */
export const WORKSPACE_ROOT = join(__dirname, '..', '..', '..', '..');
const INFRA_ROOT = join(WORKSPACE_ROOT, 'apps', 'infra');

/** What to ensure. */
export interface EnsureOptions {
  /** Output folder. @default `<workspace root>/cdktf.out` */
  readonly outdir?: string;
  /** Variables the synthesis reads. @default process.env */
  readonly vars?: NodeJS.ProcessEnv;
}

/** Why the output of `outdir` is not the one `vars` would produce, or undefined when it is. */
export function staleness(outdir: string, vars: NodeJS.ProcessEnv = process.env): string | undefined {
  const record = readSynthesisRecord(outdir);
  if (!record.ok) return record.error.kind === 'synthesis-missing' ? 'not synthesized yet' : 'its synthesis record is unreadable';
  return inputsDiffer(record.value.inputs, synthesisInputs(vars, sourcesFingerprint(WORKSPACE_ROOT)));
}

function lastLine(text: string): string {
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line.length > 0);
  return lines[lines.length - 1] ?? 'no output';
}

/** `vars` without the cdktf CLI's context: the child is a plain synthesis, not one under `cdktf`. */
function withoutCdktfContext(vars: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(vars)) if (name !== 'CDKTF_CONTEXT_JSON' && name !== 'CDKTF_OUTDIR') env[name] = value;
  return env;
}

/** Brings dist/ up to date and runs the app's synthesis into `outdir` (a child process). */
export function synthesize(outdir: string, vars: NodeJS.ProcessEnv = process.env): SynthesisResult<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildWorkspaces } = require(join(INFRA_ROOT, 'build.js')) as { buildWorkspaces: () => void };
  try {
    buildWorkspaces();
  } catch (error) {
    return { ok: false, error: { kind: 'synthesis-failed', detail: `build: ${(error as Error).message.split('\n')[0]}` } };
  }
  const run = spawnSync(process.execPath, [join(INFRA_ROOT, 'dist', 'main.js'), '--outdir', outdir], {
    cwd: WORKSPACE_ROOT,
    env: withoutCdktfContext(vars),
    encoding: 'utf8',
  });
  if (run.status === 0) return { ok: true, value: undefined };
  return { ok: false, error: { kind: 'synthesis-failed', detail: lastLine(run.stderr || run.stdout || String(run.error ?? 'no output')) } };
}

/** The output of `outdir`, synthesized first when it is missing or its inputs differ. */
export function ensureSynthesis(options: EnsureOptions = {}): SynthesisResult<SynthesizedOutput> {
  const outdir = options.outdir ?? join(WORKSPACE_ROOT, 'cdktf.out');
  const vars = options.vars ?? process.env;
  if (staleness(outdir, vars) !== undefined) {
    const synthesized = synthesize(outdir, vars);
    if (!synthesized.ok) return synthesized;
  }
  return readSynthesis(outdir);
}
