/**
 * The synthesis record (`<outdir>/synthesis-record.json`): the inputs that shaped a synthesis, so a
 * consumer can tell whether the output on disk is the one the current inputs would produce.
 *  - the configuration variables in effect (every `RAXX_*` and `TFC_*` variable: `@raxx/config` reads
 *    accounts, regions, slot declarations, reviewers, Terraform Cloud settings from them), except
 *    those named like a secret (`..._HMAC_KEY`, `..._TOKEN`, `..._SECRET`, `..._PASSWORD`), which are
 *    never written to disk;
 *  - the backend they select (local state, or a Terraform Cloud organization);
 *  - a fingerprint of the sources the app is built from.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isJsonObject } from '@raxx/terraform-json';
import type { SynthesisResult } from './errors';

/** File name of the record inside the output folder. */
export const SYNTHESIS_RECORD_FILE = 'synthesis-record.json';
const RECORD_VERSION = 1;

/** Variables of the configuration's namespace (README, "Configuration"): the ones recorded. */
export const CONFIGURATION_VARIABLE = /^(RAXX|TFC)_[A-Z0-9_]+$/;
/** Names of secrets in that namespace (the run task's HMAC key, tokens): never recorded. */
export const SECRET_VARIABLE = /(_HMAC_KEY|_TOKEN|_SECRET|_PASSWORD)$/;

/** Where the stacks keep their state, as the configuration selects it. */
export type RecordedBackend = { readonly kind: 'local' } | { readonly kind: 'cloud'; readonly organization: string };

/** The inputs that shape a synthesis. */
export interface SynthesisInputs {
  /** Configuration variables set (non-empty) when it ran, by name. */
  readonly variables: Readonly<Record<string, string>>;
  readonly backend: RecordedBackend;
  /** SHA-256 of the app's sources (see fingerprint.ts). */
  readonly sources: string;
}

/** What a synthesis wrote next to its output. */
export interface SynthesisRecord {
  readonly version: number;
  readonly inputs: SynthesisInputs;
  /** The stacks it synthesized, in manifest order. */
  readonly stacks: readonly string[];
}

/** The configuration variables of `vars` that are set, sorted by name. */
export function configurationVariables(vars: NodeJS.ProcessEnv): Record<string, string> {
  const found: Record<string, string> = {};
  for (const name of Object.keys(vars).sort()) {
    const value = vars[name];
    if (CONFIGURATION_VARIABLE.test(name) && !SECRET_VARIABLE.test(name) && value !== undefined && value !== '') found[name] = value;
  }
  return found;
}

/** The inputs `vars` and the sources fingerprint give. */
export function synthesisInputs(vars: NodeJS.ProcessEnv, sources: string): SynthesisInputs {
  const variables = configurationVariables(vars);
  const organization = variables.TFC_ORGANIZATION;
  return { variables, backend: organization ? { kind: 'cloud', organization } : { kind: 'local' }, sources };
}

/** The record of a synthesis of `stacks` with `inputs`. */
export function synthesisRecord(inputs: SynthesisInputs, stacks: readonly string[]): SynthesisRecord {
  return { version: RECORD_VERSION, inputs, stacks };
}

/** Why the record's inputs differ from `inputs` (one line), or undefined when they are the same. */
export function inputsDiffer(recorded: SynthesisInputs, inputs: SynthesisInputs): string | undefined {
  const names = [...new Set([...Object.keys(recorded.variables), ...Object.keys(inputs.variables)])].sort();
  const changed = names.filter((name) => recorded.variables[name] !== inputs.variables[name]);
  if (changed.length > 0) return `configuration variables changed: ${changed.join(', ')}`;
  if (JSON.stringify(recorded.backend) !== JSON.stringify(inputs.backend)) return 'backend changed';
  if (recorded.sources !== inputs.sources) return 'sources changed';
  return undefined;
}

/** Reads the record of `outdir`; missing or malformed is an error value (consumers then synthesize). */
export function readSynthesisRecord(outdir: string): SynthesisResult<SynthesisRecord> {
  const path = join(outdir, SYNTHESIS_RECORD_FILE);
  if (!existsSync(path)) return { ok: false, error: { kind: 'synthesis-missing', path, detail: 'no synthesis record' } };
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return { ok: false, error: { kind: 'synthesis-malformed', path, detail: `not JSON (${(error as Error).message.split('\n')[0]})` } };
  }
  const inputs = isJsonObject(value) ? value.inputs : undefined;
  const valid =
    isJsonObject(value) &&
    value.version === RECORD_VERSION &&
    Array.isArray(value.stacks) &&
    isJsonObject(inputs) &&
    isJsonObject(inputs.variables) &&
    Object.values(inputs.variables).every((v) => typeof v === 'string') &&
    isJsonObject(inputs.backend) &&
    typeof inputs.sources === 'string';
  if (!valid) return { ok: false, error: { kind: 'synthesis-malformed', path, detail: `not a version ${RECORD_VERSION} synthesis record` } };
  return { ok: true, value: value as unknown as SynthesisRecord };
}
