/**
 * The I/O edge of the two-slot strategy: synthesizes the app once per slot declaration of a rotation
 * (the slot variable set, as an operator would export it) into temporary folders, and parses them
 * into graphs. A stack whose configuration equals the one already parsed reuses its references, so
 * only the stacks a declaration changes are parsed again. The folders hold configuration only (no
 * state, no key material) and are removed before returning.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Result } from '@raxx/rotation/errors';
import { failed, ok } from '@raxx/rotation/errors';
import type { ParsedStack, RepositoryGraph } from '@raxx/rotation/graph/graph';
import { buildRepositoryGraph } from '@raxx/rotation/graph/graph';
import { parseStackFiles, readStackFiles } from './synth-output';
import { installedReplacementTable } from './provider-versions';

/** Synthesizes the app into `outdir` with `vars` added to the environment. */
export type AppSynthesizer = (outdir: string, vars: Readonly<Record<string, string>>) => Promise<void>;

/**
 * The default synthesizer: the app's incremental build, then its `synthesizeRepo` (the function
 * `npm run synth` calls) loaded once into this process, so the declarations of a rotation cost one
 * module load, not one process each. Both come from the app by package name (`@raxx/infra`). `env`
 * is the environment a declaration is added to.
 */
export function inProcessSynthesizer(env: NodeJS.ProcessEnv = process.env): AppSynthesizer {
  let app: Promise<{ synthesizeRepo: (outdir: string, vars: NodeJS.ProcessEnv) => unknown }> | undefined;
  return async (outdir, vars) => {
    app ??= Promise.resolve().then(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      (require('@raxx/infra/build') as { buildWorkspaces: () => void }).buildWorkspaces();
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require('@raxx/infra/synthesize') as { synthesizeRepo: (outdir: string, vars: NodeJS.ProcessEnv) => unknown };
    });
    (await app).synthesizeRepo(outdir, { ...env, ...vars });
  };
}

function lastLine(error: unknown): string {
  const text = String((error as Error).message ?? error).trim();
  const lines = text.split('\n').filter((line) => line.trim().length > 0);
  return lines[lines.length - 1] ?? 'unknown error';
}

async function synthesizeOne(root: string, synthesize: AppSynthesizer, base: readonly ParsedStack[], variable: string, declaration: string): Promise<Result<RepositoryGraph>> {
  const outdir = mkdtempSync(join(tmpdir(), 'rotate-phase-'));
  try {
    try {
      await synthesize(outdir, { [variable]: declaration });
    } catch (error) {
      return failed({ kind: 'synth-failed', detail: `with ${variable}=${declaration}: ${lastLine(error)}` });
    }
    const files = readStackFiles(root, outdir);
    if (!files.ok) return failed(files.error);
    const byName = new Map(base.map((stack) => [stack.name, stack] as const));
    const parsed: ParsedStack[] = [];
    for (const file of files.value) {
      const known = byName.get(file.name);
      const directory = known?.directory ?? file.directory;
      if (known && JSON.stringify(known.configuration) === JSON.stringify(file.configuration)) {
        parsed.push(known);
      } else {
        const [fresh] = await parseStackFiles([file]);
        parsed.push({ ...fresh, directory });
      }
    }
    return ok(buildRepositoryGraph(parsed, installedReplacementTable()));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * The graph of the repository under each of `declarations` of `variable`. Declarations equal to
 * `current` reuse `base`.
 */
export async function synthesizeDeclarations(
  root: string,
  base: readonly ParsedStack[],
  variable: string,
  current: string,
  declarations: readonly string[],
  synthesize: AppSynthesizer = inProcessSynthesizer(),
): Promise<Result<Map<string, RepositoryGraph>>> {
  const unique = [...new Set(declarations)];
  const graphs = new Map<string, RepositoryGraph>();
  const results = await Promise.all(unique.map((declaration) => (declaration === current ? Promise.resolve(ok(buildRepositoryGraph([...base], installedReplacementTable()))) : synthesizeOne(root, synthesize, base, variable, declaration))));
  for (const [index, result] of results.entries()) {
    if (!result.ok) return failed(result.error);
    graphs.set(unique[index], result.value);
  }
  return ok(graphs);
}
