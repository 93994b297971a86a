import { join } from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const build = require('@raxx/infra/build') as { buildWorkspaces: () => { checked: number; written: number } };
import type { RepositoryGraph } from '../src/graph';
import { buildRepositoryGraph } from '../src/graph';
import { parseStackFiles, readStackFiles } from '../src/synth-output';

/** The hand-made synthesized repo of test/fixtures/repo (no realistic key material). */
export const FIXTURE_OUTDIR = join(__dirname, 'fixtures', 'repo');
export const WORKSPACE_ROOT = join(__dirname, '..', '..', '..');

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
    return buildRepositoryGraph(await parseStackFiles(files.value));
  })();
  return cached;
}
