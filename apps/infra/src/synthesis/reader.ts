/**
 * The one reader of the synthesized output. Manifest-driven: `manifest.json` names the stacks and where
 * each one's `cdk.tf.json` is; every file is read, parsed and checked for the shapes the consumers rely
 * on, and every problem is an error value naming the file and what is wrong (never a throw).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonObject, JsonValue, TerraformConfiguration } from '@raxx/terraform-json';
import { forEachString, isJsonObject, scanInterpolations } from '@raxx/terraform-json';
import type { SynthesisError, SynthesisResult } from './errors';

/** One synthesized stack as read from disk. */
export interface SynthesizedStackFile {
  /** Stack name (`tomoda-prod`). */
  readonly name: string;
  /** Absolute path of its working directory (`<outdir>/stacks/tomoda-prod`). */
  readonly directory: string;
  /** Absolute path of its `cdk.tf.json`. */
  readonly path: string;
  /** The file's exact text. */
  readonly text: string;
  /** The parsed configuration, its shape checked. */
  readonly configuration: TerraformConfiguration;
}

/** Every stack of one synthesized output folder. */
export interface SynthesizedOutput {
  readonly outdir: string;
  /** Stacks sorted by name. */
  readonly stacks: readonly SynthesizedStackFile[];
}

function missing(path: string, detail: string): SynthesisResult<never> {
  return { ok: false, error: { kind: 'synthesis-missing', path, detail } };
}

function malformed(path: string, detail: string): SynthesisResult<never> {
  return { ok: false, error: { kind: 'synthesis-malformed', path, detail } };
}

function readJson(path: string): SynthesisResult<{ text: string; value: JsonValue }> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return missing(path, (error as NodeJS.ErrnoException).code ?? 'unreadable');
  }
  try {
    return { ok: true, value: { text, value: JSON.parse(text) as JsonValue } };
  } catch (error) {
    return malformed(path, `not JSON (${(error as Error).message.split('\n')[0]})`);
  }
}

function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/** `block.<key>` values must be objects of named objects (`resource.<type>.<name>`). */
function checkNamedBlocks(configuration: JsonObject, block: string, depth: 1 | 2): string | undefined {
  const value = configuration[block];
  if (value === undefined) return undefined;
  if (!isJsonObject(value)) return `"${block}" is ${kindOf(value)}, not an object`;
  for (const [key, inner] of Object.entries(value)) {
    if (!isJsonObject(inner)) return `${block}.${key} is ${kindOf(inner)}, not an object${depth === 2 ? ' of named blocks' : ''}`;
    if (depth === 1) continue;
    for (const [name, body] of Object.entries(inner)) {
      if (!isJsonObject(body)) return `${block}.${key}.${name} is ${kindOf(body)}, not an object`;
    }
  }
  return undefined;
}

function checkTerraformBlock(configuration: JsonObject): string | undefined {
  const terraform = configuration.terraform;
  if (terraform === undefined) return undefined;
  if (!isJsonObject(terraform)) return `"terraform" is ${kindOf(terraform)}, not an object`;
  if (terraform.backend !== undefined) {
    if (!isJsonObject(terraform.backend)) return `terraform.backend is ${kindOf(terraform.backend)}, not an object`;
    for (const [type, config] of Object.entries(terraform.backend)) {
      if (!isJsonObject(config)) return `terraform.backend.${type} is ${kindOf(config)}, not an object`;
    }
  }
  if (terraform.cloud !== undefined && !isJsonObject(terraform.cloud)) return `terraform.cloud is ${kindOf(terraform.cloud)}, not an object`;
  return undefined;
}

function checkProviders(configuration: JsonObject): string | undefined {
  const provider = configuration.provider;
  if (provider === undefined) return undefined;
  if (!isJsonObject(provider)) return `"provider" is ${kindOf(provider)}, not an object`;
  for (const [name, blocks] of Object.entries(provider)) {
    const list = Array.isArray(blocks) ? blocks : [blocks];
    if (!list.every(isJsonObject)) return `provider.${name} is neither an object nor a list of objects`;
  }
  return undefined;
}

function checkInterpolations(configuration: JsonObject): string | undefined {
  let problem: string | undefined;
  forEachString(configuration, (text, path) => {
    if (problem || !text.includes('{')) return;
    const scan = scanInterpolations(text);
    if (!scan.ok) problem = `${path.join('.')}: ${scan.error.detail}`;
  });
  return problem;
}

/** The shape problem of a parsed `cdk.tf.json` (one line), or undefined when the consumers can read it. */
export function configurationProblem(value: JsonValue): string | undefined {
  if (!isJsonObject(value)) return `not a Terraform JSON object (${kindOf(value)})`;
  return (
    checkNamedBlocks(value, 'resource', 2) ??
    checkNamedBlocks(value, 'data', 2) ??
    checkNamedBlocks(value, 'output', 1) ??
    checkNamedBlocks(value, 'variable', 1) ??
    (value.locals !== undefined && !isJsonObject(value.locals) ? `"locals" is ${kindOf(value.locals)}, not an object` : undefined) ??
    checkTerraformBlock(value) ??
    checkProviders(value) ??
    checkInterpolations(value)
  );
}

/** Reads `manifest.json` and every stack it names from `outdir` (no synthesis). */
export function readSynthesis(outdir: string): SynthesisResult<SynthesizedOutput> {
  const manifestPath = join(outdir, 'manifest.json');
  if (!existsSync(manifestPath)) return missing(manifestPath, 'run `npm run synth` (or pass --synth-dir)');
  const manifest = readJson(manifestPath);
  if (!manifest.ok) return manifest;
  const stacks = isJsonObject(manifest.value.value) ? manifest.value.value.stacks : undefined;
  if (!isJsonObject(stacks)) return malformed(manifestPath, 'no "stacks" object');
  const files: SynthesizedStackFile[] = [];
  for (const name of Object.keys(stacks).sort()) {
    const entry = stacks[name];
    if (!isJsonObject(entry)) return malformed(manifestPath, `stacks.${name} is ${kindOf(entry)}, not an object`);
    const synthesized = typeof entry.synthesizedStackPath === 'string' ? entry.synthesizedStackPath : `stacks/${name}/cdk.tf.json`;
    const working = typeof entry.workingDirectory === 'string' ? entry.workingDirectory : `stacks/${name}`;
    const path = join(outdir, synthesized);
    const read = readJson(path);
    if (!read.ok) return read;
    const problem = configurationProblem(read.value.value);
    if (problem) return malformed(path, problem);
    files.push({ name, directory: join(outdir, working), path, text: read.value.text, configuration: read.value.value as TerraformConfiguration });
  }
  return { ok: true, value: { outdir, stacks: files } };
}

export type { SynthesisError };
