/**
 * `terraform show -json <planfile>` output (pure): the shape `verify` reads, checked field by field so a
 * crafted or truncated plan is one error value naming what is wrong, never a crash further on.
 */
import type { Result, RotationError } from '../errors';
import { failed, ok } from '../errors';
import type { JsonObject, JsonValue } from '../graph/terraform-json';
import { isJsonObject } from '../graph/terraform-json';

/** One entry of `resource_changes`. */
export interface TerraformResourceChange {
  readonly address: string;
  readonly mode?: string;
  readonly type?: string;
  /** Set on the entry of a deposed object (a leftover of an interrupted create-before-destroy). */
  readonly deposed?: string;
  /** Why Terraform replaces the object: `replace_by_request`, `replace_because_cannot_update`, ... */
  readonly action_reason?: string;
  readonly change: { readonly actions: readonly string[] };
}

/** The parts of `terraform show -json <planfile>` that verification reads. */
export interface TerraformPlanJson {
  readonly format_version: string;
  /** True when Terraform stopped planning on an error: the plan is partial. */
  readonly errored?: boolean;
  /** False when the plan cannot be applied (Terraform 1.4+). */
  readonly applyable?: boolean;
  /** False when the plan leaves changes for a later run (deferred actions). */
  readonly complete?: boolean;
  readonly resource_changes: readonly TerraformResourceChange[];
  readonly output_changes?: Readonly<Record<string, { readonly actions: readonly string[] }>>;
  readonly prior_state?: JsonObject;
  readonly configuration?: JsonObject;
}

/** What the plan does to one address, in the prediction's terms. */
export type PlannedAction = 'no-op' | 'create' | 'update' | 'replace' | 'delete' | 'read' | 'forget' | 'unknown';

/** Terraform's action list as one action. */
export function plannedAction(actions: readonly string[]): PlannedAction {
  const key = actions.join(',');
  switch (key) {
    case 'no-op':
    case 'create':
    case 'update':
    case 'delete':
    case 'read':
    case 'forget':
      return key;
    case 'delete,create':
    case 'create,delete':
      return 'replace';
    default:
      return 'unknown';
  }
}

/** The key of a `resource_changes` entry: its address, and the deposed object it is about, if any. */
export function changeKey(change: Pick<TerraformResourceChange, 'address' | 'deposed'>): string {
  return change.deposed === undefined ? change.address : `${change.address} (deposed object ${change.deposed})`;
}

function kindOf(value: JsonValue | undefined): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return isJsonObject(value) ? 'an object' : `a ${typeof value}`;
}

function actionsProblem(where: string, actions: JsonValue | undefined): string | undefined {
  if (!Array.isArray(actions)) return `${where}.actions is ${kindOf(actions)}, not a list of actions`;
  if (actions.length === 0) return `${where}.actions is empty`;
  const bad = actions.find((action) => typeof action !== 'string');
  return bad === undefined ? undefined : `${where}.actions holds ${kindOf(bad)}, not an action name`;
}

/**
 * Checks a parsed `terraform show -json` plan. `source` names it in errors (a path, or `stdin`). Refuses
 * duplicate `resource_changes` entries: Terraform lists each object once, and a second entry could mask
 * the first.
 */
export function validatePlanJson(value: JsonValue, source: string): Result<TerraformPlanJson> {
  const found: { problem?: RotationError } = {};
  return isTerraformPlanJson(value, source, found) ? ok(value) : failed(found.problem as RotationError);
}

/** The typed guard of {@link validatePlanJson}: true when `value` is a plan; otherwise `found.problem` says why. */
function isTerraformPlanJson(value: JsonValue, source: string, found: { problem?: RotationError }): value is JsonObject & TerraformPlanJson {
  const reject = (problem: RotationError): false => {
    found.problem = problem;
    return false;
  };
  const malformed = (detail: string): false => reject({ kind: 'plan-malformed', path: source, detail });
  if (!isJsonObject(value) || typeof value.format_version !== 'string') {
    return reject({ kind: 'plan-wrong-format', path: source, detail: 'no "format_version"' });
  }
  if (!/^1\./.test(value.format_version)) return reject({ kind: 'plan-wrong-format', path: source, detail: `unsupported format_version ${value.format_version}` });
  if (!Array.isArray(value.resource_changes)) {
    return reject({ kind: 'plan-wrong-format', path: source, detail: 'no "resource_changes" (state or provider-schema JSON, not a plan?)' });
  }
  for (const flag of ['errored', 'applyable', 'complete'] as const) {
    if (value[flag] !== undefined && typeof value[flag] !== 'boolean') return malformed(`"${flag}" is ${kindOf(value[flag])}, not true or false`);
  }
  const seen = new Set<string>();
  for (const [index, change] of value.resource_changes.entries()) {
    const where = `resource_changes[${index}]`;
    if (!isJsonObject(change) || typeof change.address !== 'string' || !isJsonObject(change.change)) {
      return malformed(`${where} lacks "address" or "change"`);
    }
    const problem = actionsProblem(`${change.address}: change`, change.change.actions);
    if (problem) return malformed(problem);
    for (const field of ['deposed', 'action_reason', 'type', 'mode'] as const) {
      if (change[field] !== undefined && typeof change[field] !== 'string') return malformed(`${change.address}: "${field}" is ${kindOf(change[field])}, not a string`);
    }
    const key = changeKey({ address: change.address, deposed: change.deposed as string | undefined });
    if (seen.has(key)) return malformed(`resource_changes lists ${key} twice (Terraform lists each object once; a second entry can mask the first)`);
    seen.add(key);
  }
  if (value.output_changes !== undefined) {
    if (!isJsonObject(value.output_changes)) return malformed(`"output_changes" is ${kindOf(value.output_changes)}, not an object`);
    for (const [name, change] of Object.entries(value.output_changes)) {
      if (!isJsonObject(change)) return malformed(`output_changes.${name} is ${kindOf(change)}, not an object`);
      const problem = actionsProblem(`output_changes.${name}`, change.actions);
      if (problem) return malformed(problem);
    }
  }
  return true;
}

/** Parses and checks `terraform show -json` plan output. */
export function parsePlanJson(text: string, source: string): Result<TerraformPlanJson> {
  if (text.trim() === '') {
    return failed({ kind: 'plan-malformed', path: source, detail: source === 'stdin' ? 'empty input (pipe `terraform show -json <planfile>` into --plan -)' : 'empty file' });
  }
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch (error) {
    return failed({ kind: 'plan-malformed', path: source, detail: `not JSON (${(error as Error).message.split('\n')[0]})` });
  }
  return validatePlanJson(value, source);
}
