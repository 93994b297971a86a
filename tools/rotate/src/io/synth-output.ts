/**
 * The I/O edge between the synthesized output and the graph. Finding, synthesizing and reading the
 * output belong to the app (`@raxx/infra/synthesis`: the record of inputs, the one reader); this module
 * maps its errors to the tool's, and extracts references (cached next to the output, keyed by a hash
 * of each `cdk.tf.json`; an entry of the wrong shape is discarded and rebuilt, never trusted).
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { SynthesisError, SynthesizedOutput } from '@raxx/infra/synthesis';
import { ensureSynthesis, readSynthesis } from '@raxx/infra/synthesis';
import type { RotationError, Result } from '@raxx/rotation/errors';
import { failed, ok } from '@raxx/rotation/errors';
import type { ParsedStack } from '@raxx/rotation/graph/graph';
import type { ExpressionReference, ReferenceIndex } from '@raxx/rotation/graph/references';
import { buildReferenceIndex, expressionsIn } from '@raxx/rotation/graph/references';
import type { JsonValue, TerraformConfiguration } from '@raxx/rotation/graph/terraform-json';
import { isJsonObject } from '@raxx/rotation/graph/terraform-json';

/** The workspace root: four levels above this file (`tools/rotate/{src,dist}/io`). */
export function defaultWorkspaceRoot(): string {
  return resolve(__dirname, '..', '..', '..', '..');
}

/** Where to find (or put) the synthesized output. */
export interface SynthOutputOptions {
  /** Workspace root (stack directories are shown relative to it). */
  readonly root: string;
  /** Synthesized output folder. @default `<root>/cdktf.out` */
  readonly outdir?: string;
  /** Synthesize when missing or when the inputs that shaped it differ. @default true */
  readonly synthesize?: boolean;
  /** The variables a synthesis reads. @default process.env */
  readonly vars?: NodeJS.ProcessEnv;
}

const REFERENCE_CACHE = '.rotate-references.json';
const CACHE_VERSION = 1;

/** One stack's configuration as read from disk, before reference extraction. */
export interface StackFile {
  readonly name: string;
  /** Working directory relative to the workspace root (`cdktf.out/stacks/tomoda-prod`). */
  readonly directory: string;
  readonly text: string;
  readonly configuration: TerraformConfiguration;
}

/** The tool's error for an error of the app's synthesis or reader. */
export function rotationErrorOf(error: SynthesisError): RotationError {
  switch (error.kind) {
    case 'synthesis-missing':
      return { kind: 'synth-output-missing', path: error.path, detail: error.detail };
    case 'synthesis-malformed':
      return { kind: 'synth-output-malformed', path: error.path, detail: error.detail };
    case 'synthesis-failed':
      return { kind: 'synth-failed', detail: error.detail };
  }
}

function stackFilesOf(root: string, output: SynthesizedOutput): StackFile[] {
  return output.stacks.map((stack) => ({ name: stack.name, directory: relative(root, stack.directory) || '.', text: stack.text, configuration: stack.configuration }));
}

/** Reads `manifest.json` and each stack's `cdk.tf.json` (no synthesis). */
export function readStackFiles(root: string, outdir: string): Result<StackFile[]> {
  const output = readSynthesis(outdir);
  return output.ok ? ok(stackFilesOf(root, output.value)) : failed(rotationErrorOf(output.error));
}

interface ReferenceCache {
  readonly version: number;
  readonly stacks: Record<string, { readonly hash: string; readonly references: ReferenceIndex }>;
}

function isReference(value: unknown): value is ExpressionReference {
  return isJsonObject(value) && typeof value.value === 'string' && typeof value.start === 'number' && typeof value.end === 'number';
}

/** Is `entry` a cache entry this version wrote (hash and references of the right shape)? */
export function isCacheEntry(entry: unknown): entry is ReferenceCache['stacks'][string] {
  if (!isJsonObject(entry) || typeof entry.hash !== 'string' || !isJsonObject(entry.references)) return false;
  return Object.values(entry.references).every((references) => Array.isArray(references) && references.every(isReference));
}

function readCache(outdir: string): ReferenceCache {
  const empty: ReferenceCache = { version: CACHE_VERSION, stacks: {} };
  try {
    const cache = JSON.parse(readFileSync(join(outdir, REFERENCE_CACHE), 'utf8')) as unknown;
    if (!isJsonObject(cache) || cache.version !== CACHE_VERSION || !isJsonObject(cache.stacks)) return empty;
    // Entries of the wrong shape (null, hand-edited) are dropped here, so they are rebuilt and rewritten.
    const stacks: ReferenceCache['stacks'] = Object.fromEntries(Object.entries(cache.stacks).flatMap(([name, entry]) => (isCacheEntry(entry) ? [[name, entry] as const] : [])));
    return { version: CACHE_VERSION, stacks };
  } catch {
    return empty;
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

/** Finds (synthesizing when missing or when its inputs differ), reads and parses the synthesized stacks. */
export async function loadSynthesizedStacks(options: SynthOutputOptions): Promise<Result<ParsedStack[]>> {
  const outdir = options.outdir ?? join(options.root, 'cdktf.out');
  const output = options.synthesize === false ? readSynthesis(outdir) : ensureSynthesis({ outdir, vars: options.vars });
  if (!output.ok) return failed(rotationErrorOf(output.error));
  return ok(await parseStackFiles(stackFilesOf(options.root, output.value), outdir));
}
