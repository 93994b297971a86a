/**
 * The I/O edge that finds the synthesized output: synthesizes when it is missing or stale, reads
 * `manifest.json` and every `cdk.tf.json`, and extracts references (cached next to the output,
 * keyed by a hash of each `cdk.tf.json`).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Result } from './errors';
import { failed, ok } from './errors';
import type { ParsedStack } from './graph';
import type { ReferenceIndex } from './references';
import { buildReferenceIndex, expressionsIn } from './references';
import type { JsonValue, TerraformConfiguration } from './terraform-json';
import { isJsonObject } from './terraform-json';

/** The workspace root: three levels above this file (`tools/rotate/{src,dist}`). */
export function defaultWorkspaceRoot(): string {
  return resolve(__dirname, '..', '..', '..');
}

/** Where to find (or put) the synthesized output. */
export interface SynthOutputOptions {
  /** Workspace root (holds `scripts/build.mjs` and `packages/app`). */
  readonly root: string;
  /** Synthesized output folder. @default `<root>/cdktf.out` */
  readonly outdir?: string;
  /** Synthesize when missing or stale. @default true */
  readonly synthesize?: boolean;
}

const REFERENCE_CACHE = '.rotate-references.json';
const CACHE_VERSION = 1;

function newestSourceMtime(root: string): number {
  let newest = 0;
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const group of ['packages', 'stacks']) {
    const parent = join(root, group);
    if (!existsSync(parent)) continue;
    for (const project of readdirSync(parent)) {
      const src = join(parent, project, 'src');
      if (existsSync(src)) visit(src);
    }
  }
  return newest;
}

/** Is the output missing, or older than some `.ts` under packages/*\/src or stacks/*\/src? */
export function isSynthOutputStale(root: string, outdir: string): boolean {
  const manifest = join(outdir, 'manifest.json');
  if (!existsSync(manifest)) return true;
  return newestSourceMtime(root) > statSync(manifest).mtimeMs;
}

function lastLine(error: unknown): string {
  const stderr = (error as { stderr?: Buffer | string }).stderr;
  const text = (stderr ? String(stderr) : String((error as Error).message ?? error)).trim();
  const lines = text.split('\n').filter((line) => line.trim().length > 0);
  return lines[lines.length - 1] ?? 'unknown error';
}

/** Runs the build and the app synthesis synchronously. */
export function synthesize(root: string, outdir: string): Result<void> {
  try {
    execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'pipe' });
    execFileSync(process.execPath, [join(root, 'packages', 'app', 'dist', 'main.js'), '--outdir', outdir], { cwd: root, stdio: 'pipe' });
    return ok(undefined);
  } catch (error) {
    return failed({ kind: 'synth-failed', detail: lastLine(error) });
  }
}

/** One stack's configuration as read from disk, before reference extraction. */
export interface StackFile {
  readonly name: string;
  readonly directory: string;
  readonly text: string;
  readonly configuration: TerraformConfiguration;
}

function readJson(path: string): Result<{ text: string; value: JsonValue }> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return failed({ kind: 'synth-output-missing', path, detail: (error as NodeJS.ErrnoException).code ?? 'unreadable' });
  }
  try {
    return ok({ text, value: JSON.parse(text) as JsonValue });
  } catch (error) {
    return failed({ kind: 'synth-output-malformed', path, detail: `not JSON (${(error as Error).message.split('\n')[0]})` });
  }
}

/** Reads `manifest.json` and each stack's `cdk.tf.json` (no synthesis). */
export function readStackFiles(root: string, outdir: string): Result<StackFile[]> {
  const manifestPath = join(outdir, 'manifest.json');
  if (!existsSync(manifestPath)) return failed({ kind: 'synth-output-missing', path: manifestPath, detail: 'run `npm run synth` (or pass --synth-dir)' });
  const manifest = readJson(manifestPath);
  if (!manifest.ok) return failed(manifest.error);
  const stacks = isJsonObject(manifest.value.value) ? manifest.value.value.stacks : undefined;
  if (!isJsonObject(stacks)) return failed({ kind: 'synth-output-malformed', path: manifestPath, detail: 'no "stacks" object' });
  const files: StackFile[] = [];
  for (const name of Object.keys(stacks).sort()) {
    const entry = stacks[name];
    const synthesized = isJsonObject(entry) && typeof entry.synthesizedStackPath === 'string' ? entry.synthesizedStackPath : `stacks/${name}/cdk.tf.json`;
    const working = isJsonObject(entry) && typeof entry.workingDirectory === 'string' ? entry.workingDirectory : `stacks/${name}`;
    const path = join(outdir, synthesized);
    const read = readJson(path);
    if (!read.ok) return failed(read.error);
    const configuration = read.value.value;
    if (!isJsonObject(configuration)) return failed({ kind: 'synth-output-malformed', path, detail: 'not a Terraform JSON object' });
    for (const block of ['resource', 'data', 'output'] as const) {
      if (configuration[block] !== undefined && !isJsonObject(configuration[block])) {
        return failed({ kind: 'synth-output-malformed', path, detail: `"${block}" is not an object` });
      }
    }
    files.push({ name, directory: relative(root, join(outdir, working)) || '.', text: read.value.text, configuration: configuration as TerraformConfiguration });
  }
  return ok(files);
}

interface ReferenceCache {
  readonly version: number;
  readonly stacks: Record<string, { readonly hash: string; readonly references: ReferenceIndex }>;
}

function readCache(outdir: string): ReferenceCache {
  try {
    const cache = JSON.parse(readFileSync(join(outdir, REFERENCE_CACHE), 'utf8')) as ReferenceCache;
    return cache.version === CACHE_VERSION && isJsonObject(cache.stacks as unknown) ? cache : { version: CACHE_VERSION, stacks: {} };
  } catch {
    return { version: CACHE_VERSION, stacks: {} };
  }
}

function writeCache(outdir: string, cache: ReferenceCache): void {
  try {
    const temporary = join(outdir, `${REFERENCE_CACHE}.${process.pid}.tmp`);
    writeFileSync(temporary, JSON.stringify(cache));
    renameSync(temporary, join(outdir, REFERENCE_CACHE));
  } catch {
    // A cache that cannot be written only costs time next run.
  }
}

/** Parses stack files: extracts references (from the cache when the file's hash matches). */
export async function parseStackFiles(files: readonly StackFile[], outdir?: string): Promise<ParsedStack[]> {
  const cache = outdir ? readCache(outdir) : { version: CACHE_VERSION, stacks: {} };
  const next: ReferenceCache = { version: CACHE_VERSION, stacks: {} };
  const parsed: ParsedStack[] = [];
  let changed = false;
  for (const file of files) {
    const hash = createHash('sha256').update(file.text).digest('hex');
    const hit = cache.stacks[file.name];
    const references = hit && hit.hash === hash ? hit.references : await buildReferenceIndex(expressionsIn(file.configuration as JsonValue));
    if (!hit || hit.hash !== hash) changed = true;
    next.stacks[file.name] = { hash, references };
    parsed.push({ name: file.name, directory: file.directory, configuration: file.configuration, references });
  }
  if (outdir && (changed || Object.keys(cache.stacks).length !== files.length)) writeCache(outdir, next);
  return parsed;
}

/** Finds (synthesizing when needed), reads and parses the synthesized stacks. */
export async function loadSynthesizedStacks(options: SynthOutputOptions): Promise<Result<ParsedStack[]>> {
  const outdir = options.outdir ?? join(options.root, 'cdktf.out');
  if (options.synthesize !== false && isSynthOutputStale(options.root, outdir)) {
    const synthesized = synthesize(options.root, outdir);
    if (!synthesized.ok) return failed(synthesized.error);
  }
  const files = readStackFiles(options.root, outdir);
  if (!files.ok) return failed(files.error);
  return ok(await parseStackFiles(files.value, outdir));
}
