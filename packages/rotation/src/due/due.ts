/**
 * `rotate due` (pure): which credentials in a state are older than their maximum age
 * (tomoda-iam-uploader-eso.txt: "should move to scheduled rotation"). Reads `terraform show -json`
 * state output; the age of a key is its provider-recorded creation time (`create_date` of an AWS
 * access key, `issued_on` of a Cloudflare token). The maximum age comes from the credential's slot
 * metadata (configuration, default 90 days), or `--max-age`. Prints addresses, ages and commands,
 * never an attribute value of the key.
 */
import type { Result } from '../errors';
import { failed, ok } from '../errors';
import type { GraphNode, RepositoryGraph, StackGraph } from '../graph/graph';
import { ROTATE_COMMAND } from '../runbook/rotate-command';
import { slotMetadataOf } from '../graph/targets';
import type { JsonObject, JsonValue } from '../graph/terraform-json';
import { isJsonObject } from '../graph/terraform-json';
import { checkPlanStack } from '../verify/verify';

/** Default maximum age when neither the configuration nor `--max-age` gives one (`DEFAULT_MAX_AGE_DAYS` of @raxx/config). */
export const DEFAULT_MAX_AGE_DAYS = 90;

/** The attribute that records when a credential of each type was created. */
export const CREATED_AT_ATTRIBUTE: Readonly<Record<string, string>> = {
  aws_iam_access_key: 'create_date',
  cloudflare_api_token: 'issued_on',
  cloudflare_account_token: 'issued_on',
};

/** One managed resource of a state. */
interface StateResource {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly values: JsonObject;
}

/** A parsed `terraform show -json` state. */
export interface StateJson {
  readonly formatVersion: string;
  readonly resources: readonly StateResource[];
  /** The raw `values` (for matching the state to a stack). */
  readonly values: JsonObject | undefined;
}

function collectResources(module: JsonValue | undefined, into: StateResource[]): void {
  if (!isJsonObject(module)) return;
  for (const resource of Array.isArray(module.resources) ? module.resources : []) {
    if (!isJsonObject(resource) || resource.mode === 'data') continue;
    if (typeof resource.address !== 'string' || typeof resource.type !== 'string') continue;
    into.push({ address: resource.address, type: resource.type, name: typeof resource.name === 'string' ? resource.name : '', values: isJsonObject(resource.values) ? resource.values : {} });
  }
  for (const child of Array.isArray(module.child_modules) ? module.child_modules : []) collectResources(child, into);
}

/** Parses and checks `terraform show -json` state output (`path` names it in errors; `-` is stdin). */
export function parseStateJson(text: string, path: string): Result<StateJson> {
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch (error) {
    return failed({ kind: 'state-malformed', path, detail: `not JSON (${(error as Error).message.split('\n')[0]})` });
  }
  if (isJsonObject(value) && 'serial' in value && 'lineage' in value) return failed({ kind: 'state-malformed', path, detail: 'it is a raw state file; pass `terraform show -json` output' });
  if (!isJsonObject(value) || typeof value.format_version !== 'string') return failed({ kind: 'state-malformed', path, detail: 'no "format_version"' });
  if (!/^1\./.test(value.format_version)) return failed({ kind: 'state-malformed', path, detail: `unsupported format_version ${value.format_version}` });
  if ('resource_changes' in value || 'planned_values' in value) return failed({ kind: 'state-malformed', path, detail: 'it is plan output (resource_changes); pass `terraform show -json` without a plan file' });
  if (value.values !== undefined && !isJsonObject(value.values)) return failed({ kind: 'state-malformed', path, detail: '"values" is not an object' });
  const resources: StateResource[] = [];
  collectResources(isJsonObject(value.values) ? value.values.root_module : undefined, resources);
  return ok({ formatVersion: value.format_version, resources, values: isJsonObject(value.values) ? value.values : undefined });
}

/** One credential of the state, and whether it is due. */
export interface DueCredential {
  /** Rotation target name (`uploader_key`; the resource name when it has no slots). */
  readonly credential: string;
  readonly address: string;
  /** `active`, `active-standby` or `inactive` for a slot of a two-slot credential. */
  readonly role?: string;
  /** Creation time as recorded by the provider; absent when the state has none. */
  readonly createdAt?: string;
  /** Whole days since `createdAt`. */
  readonly ageDays?: number;
  readonly maxAgeDays: number;
  readonly overdue: boolean;
  /** The command that rotates it. */
  readonly command: string;
}

/** What `rotate due` found. */
export interface DueReport {
  /** The stack the state belongs to, when known. */
  readonly stack?: string;
  /** The instant ages are measured at (RFC 3339). */
  readonly at: string;
  readonly credentials: readonly DueCredential[];
}

const DAY_MS = 86_400_000;

/** The stacks whose configuration the state matches (addresses and names), by checkPlanStack on its values. */
export function stacksMatchingState(graph: RepositoryGraph, state: StateJson): string[] {
  if (state.resources.length === 0 || !state.values) return [];
  const asPlan = { format_version: state.formatVersion, resource_changes: [], prior_state: { values: state.values } } as never;
  return graph.stackNames.filter((name) => checkPlanStack(asPlan, graph.stacks.get(name) as StackGraph).ok);
}

/** Options of {@link credentialsDue}. */
export interface DueOptions {
  readonly now: Date;
  /** Overrides every credential's maximum age. */
  readonly maxAgeDays?: number;
}

/** The rotatable credentials of `state` (of `stack`, when known) and whether each is older than its maximum age. */
export function credentialsDue(state: StateJson, stack: StackGraph | undefined, options: DueOptions): DueReport {
  const credentials: DueCredential[] = [];
  for (const resource of state.resources) {
    const attribute = CREATED_AT_ATTRIBUTE[resource.type];
    if (!attribute) continue;
    const node: GraphNode | undefined = stack?.nodes.get(resource.address);
    const slots = node ? slotMetadataOf(node) : undefined;
    const credential = slots?.credential ?? resource.name;
    const maxAgeDays = options.maxAgeDays ?? slots?.maxAgeDays ?? DEFAULT_MAX_AGE_DAYS;
    const raw = resource.values[attribute];
    const created = typeof raw === 'string' ? Date.parse(raw) : Number.NaN;
    const ageMs = options.now.getTime() - created;
    const where = stack ? ` --stack ${stack.name}` : '';
    credentials.push({
      credential,
      address: resource.address,
      ...(slots ? { role: slots.role } : {}),
      ...(Number.isNaN(created) ? {} : { createdAt: raw as string, ageDays: Math.floor(ageMs / DAY_MS) }),
      maxAgeDays,
      // Strict by default: a key whose age cannot be read is reported as due.
      overdue: Number.isNaN(created) || ageMs > maxAgeDays * DAY_MS,
      command: `${ROTATE_COMMAND} plan --target ${credential}${where}${slots ? ' --strategy two-slot' : ''}`,
    });
  }
  credentials.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  return { ...(stack ? { stack: stack.name } : {}), at: options.now.toISOString().replace(/\.\d{3}Z$/, 'Z'), credentials };
}

function describe(entry: DueCredential): string {
  const slot = entry.role ? `, ${entry.role === 'active' ? 'active slot' : `${entry.role} slot: finish the rotation in progress`}` : '';
  const age = entry.ageDays === undefined ? 'no creation date in state' : `${entry.ageDays} days old`;
  return `${entry.credential} (${entry.address}${slot}): ${age}, max ${entry.maxAgeDays} -> ${entry.command}`;
}

/** The report as text: the overdue credentials, one per line, after a summary line. */
export function renderDueText(report: DueReport): string {
  const overdue = report.credentials.filter((entry) => entry.overdue);
  const where = report.stack ? ` in ${report.stack}` : '';
  const total = report.credentials.length;
  if (overdue.length === 0) return `rotate due: none of ${total} rotatable credential(s)${where} is older than its maximum age (at ${report.at})\n`;
  return [`rotate due: ${overdue.length} of ${total} rotatable credential(s)${where} are older than their maximum age (at ${report.at}):`, ...overdue.map((entry) => `  ${describe(entry)}`)].join('\n') + '\n';
}

/** `--max-age 30d` -> 30; undefined when malformed. */
export function parseMaxAge(text: string): number | undefined {
  const match = /^([1-9]\d{0,4})d$/.exec(text);
  return match ? Number(match[1]) : undefined;
}
