/**
 * The real repo synthesized by the app (default configuration) into a temporary directory of its own
 * (never the workspace's cdktf.out), once per test file and removed after it, and its graph with
 * references parsed.
 */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import type { RepositoryGraph } from '@raxx/rotation/graph/graph';
import { buildRepositoryGraph } from '@raxx/rotation/graph/graph';
import { parseStackFiles, readStackFiles } from '../../src/io/synth-output';
import { buildWorkspaces, defaultSynthesis, WORKSPACE_ROOT } from './fixture-repo';
import { temporaryDirectories } from './temporary-directories';
import { installedReplacementTable } from '@raxx/rotate';

const temporary = temporaryDirectories();

let outdir: string | undefined;

/**
 * Brings the compiled tool up to date and copies the app's default synthesis (shared by the test
 * files, re-synthesized only when the sources change) into a fresh temporary directory (once per
 * test file; removed after it).
 */
export function synthesizeRealRepo(): string {
  if (outdir === undefined) {
    buildWorkspaces();
    outdir = temporary.make('rotate-synth-');
    cpSync(defaultSynthesis(), outdir, { recursive: true });
  }
  return outdir;
}

/** The graph of a synthesized output directory. */
export async function graphOf(dir: string): Promise<RepositoryGraph> {
  const files = readStackFiles(WORKSPACE_ROOT, dir);
  if (!files.ok) throw new Error(files.error.kind);
  return buildRepositoryGraph(await parseStackFiles(files.value), installedReplacementTable());
}

/** The compiled CLI (the app's build, `@raxx/infra/build`, writes it). */
export const CLI = join(WORKSPACE_ROOT, 'tools', 'rotate', 'dist', 'cli', 'main.js');
