/**
 * The real repo synthesized by the app's own build and entry point into a temporary directory (never
 * the workspace's cdktf.out), once per test file, and its graph with references parsed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RepositoryGraph } from '../src/graph';
import { buildRepositoryGraph } from '../src/graph';
import { parseStackFiles, readStackFiles } from '../src/synth-output';
import { WORKSPACE_ROOT } from './fixture-repo';

let outdir: string | undefined;

/** Builds the workspace and synthesizes every stack into a fresh temporary directory (once). */
export function synthesizeRealRepo(): string {
  if (outdir === undefined) {
    outdir = mkdtempSync(join(tmpdir(), 'rotate-synth-'));
    execFileSync(process.execPath, [join(WORKSPACE_ROOT, 'scripts', 'build.mjs')], { cwd: WORKSPACE_ROOT });
    execFileSync(process.execPath, [join(WORKSPACE_ROOT, 'packages', 'app', 'dist', 'main.js'), '--outdir', outdir], { cwd: WORKSPACE_ROOT });
  }
  return outdir;
}

/** The graph of a synthesized output directory. */
export async function graphOf(dir: string): Promise<RepositoryGraph> {
  const files = readStackFiles(WORKSPACE_ROOT, dir);
  if (!files.ok) throw new Error(files.error.kind);
  return buildRepositoryGraph(await parseStackFiles(files.value));
}

/** The compiled CLI (`scripts/build.mjs` writes it). */
export const CLI = join(WORKSPACE_ROOT, 'tools', 'rotate', 'dist', 'cli.js');
