/**
 * A synthesis never leaves a half-written output: it is written into a fresh folder beside the output
 * and, only once it is complete, moved into place file by file (each a rename), manifest and record
 * last. Whatever else the output folder holds (Terraform's `.terraform/` of a stack, a tool's cache)
 * stays, except the configuration of a stack the new synthesis no longer has (a renamed stack, the
 * terraform-cloud stack after a local synthesis): its `cdk.tf.json` goes, so no stale stack is left to
 * plan by mistake. A failed synthesis leaves the previous output exactly as it was.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { SYNTHESIS_RECORD_FILE } from './record';

/** A fresh folder beside `outdir` (same file system, so the final moves are renames). */
export function stagingFolderFor(outdir: string): string {
  mkdirSync(dirname(outdir), { recursive: true });
  return mkdtempSync(join(dirname(outdir), `.${basename(outdir)}.synth-`));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** Moves every file of the complete synthesis in `staging` into `outdir`, then removes `staging`. */
export function moveIntoPlace(staging: string, outdir: string): void {
  const last = new Set(['manifest.json', SYNTHESIS_RECORD_FILE]);
  const files = filesUnder(staging).map((file) => relative(staging, file));
  const stacksOf = (root: string): string[] => (existsSync(join(root, 'stacks')) ? readdirSync(join(root, 'stacks'), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name) : []);
  const synthesized = new Set(stacksOf(staging));
  const ordered = [...files.filter((file) => !last.has(file)), ...files.filter((file) => file === SYNTHESIS_RECORD_FILE), ...files.filter((file) => file === 'manifest.json')];
  for (const file of ordered) {
    const target = join(outdir, file);
    mkdirSync(dirname(target), { recursive: true });
    renameSync(join(staging, file), target);
  }
  for (const stack of stacksOf(outdir).filter((name) => !synthesized.has(name))) {
    const directory = join(outdir, 'stacks', stack);
    rmSync(join(directory, 'cdk.tf.json'), { force: true });
    if (readdirSync(directory).length === 0) rmSync(directory, { recursive: true, force: true });
  }
  rmSync(staging, { recursive: true, force: true });
}

/** Removes a staging folder left by a failed synthesis. */
export function discardStaging(staging: string): void {
  if (existsSync(staging)) rmSync(staging, { recursive: true, force: true });
}
