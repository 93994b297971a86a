import { describeSynthesisError, ensureSynthesis } from '@raxx/infra/synthesis';
import { join } from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const build = require('@raxx/infra/build') as { buildWorkspaces: () => { checked: number; written: number } };
import type { RepositoryGraph } from '@raxx/rotation/graph/graph';
import { buildRepositoryGraph } from '@raxx/rotation/graph/graph';
import { parseStackFiles, readStackFiles } from '../../src/io/synth-output';
import { installedReplacementTable } from '@raxx/rotate';

/** The hand-made synthesized repo of test/fixtures/repo (no realistic key material). */
export const FIXTURE_OUTDIR = join(__dirname, '..', 'fixtures', 'repo');
export const WORKSPACE_ROOT = join(__dirname, '..', '..', '..', '..');

/**
 * The real repo synthesized with the default configuration (no variable set), shared by every test
 * file and every run: the synthesis record makes it re-synthesize only when the app's sources change.
 */
export function defaultSynthesis(): string {
  const outdir = join(WORKSPACE_ROOT, 'node_modules', '.cache', 'raxx', 'synth-defaults');
  const output = ensureSynthesis({ outdir, vars: {} });
  if (!output.ok) throw new Error(describeSynthesisError(output.error));
  return outdir;
}

/** The app's incremental build (the CLI tests run the compiled tool). */
export function buildWorkspaces(): void {
  build.buildWorkspaces();
}

let cached: Promise<RepositoryGraph> | undefined;

/** The fixture repo's graph, parsed once per test file. */
export function fixtureGraph(): Promise<RepositoryGraph> {
  cached ??= (async () => {
    const files = readStackFiles(WORKSPACE_ROOT, FIXTURE_OUTDIR);
    if (!files.ok) throw new Error(files.error.kind);
    return buildRepositoryGraph(await parseStackFiles(files.value), installedReplacementTable());
  })();
  return cached;
}
