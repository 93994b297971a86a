/**
 * Test harness: the real repository synthesized in-process (the app's own `synthesizeRepo`, with
 * environment-variable overrides), parsed into a graph; and a synthesizer the two-slot strategy can
 * call for other slot declarations without starting a process per declaration.
 */
import { synthesizeRepo } from '@raxx/infra';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedStack, RepositoryGraph } from '@raxx/rotation/graph/graph';
import { buildRepositoryGraph } from '@raxx/rotation/graph/graph';
import type { AppSynthesizer } from '../../src/io/phase-synthesis';
import { parseStackFiles, readStackFiles } from '../../src/io/synth-output';
import type { TwoSlotContext } from '../../src/io/two-slot-run';
import { WORKSPACE_ROOT } from './fixture-repo';
import { installedReplacementTable } from '@raxx/rotate';

/** Synthesizes the app in this process (same code as `npm run synth`, no child process). */
export const inProcessSynthesizer: AppSynthesizer = async (outdir, vars) => {
  synthesizeRepo(outdir, { ...vars });
};

/** References of each stack configuration already parsed in this test file (by its exact text). */
const parsedByText = new Map<string, ParsedStack['references']>();

/** The real repository with `vars`, synthesized into a fresh folder, read and parsed. */
export async function realRepository(vars: Readonly<Record<string, string>> = {}): Promise<{ outdir: string; parsed: ParsedStack[]; graph: RepositoryGraph }> {
  const outdir = mkdtempSync(join(tmpdir(), 'rotate-real-'));
  await inProcessSynthesizer(outdir, vars);
  const files = readStackFiles(WORKSPACE_ROOT, outdir);
  if (!files.ok) throw new Error(files.error.kind);
  const parsed: ParsedStack[] = [];
  for (const file of files.value) {
    const known = parsedByText.get(file.text);
    if (known) {
      parsed.push({ name: file.name, directory: file.directory, configuration: file.configuration, references: known });
      continue;
    }
    const [fresh] = await parseStackFiles([file]);
    parsedByText.set(file.text, fresh.references);
    parsed.push(fresh);
  }
  return { outdir, parsed, graph: buildRepositoryGraph(parsed, installedReplacementTable()) };
}

/** A two-slot context over the real repository, synthesizing other declarations in-process. */
export async function realTwoSlotContext(): Promise<TwoSlotContext & { outdir: string }> {
  const { outdir, parsed, graph } = await realRepository();
  return { root: WORKSPACE_ROOT, parsed, graph, env: {}, synthesize: inProcessSynthesizer, outdir };
}
