/**
 * `rotate verify` (pure): compares a real plan (`terraform show -json` output) with the prediction.
 * A plan fails when it deletes or replaces anything outside the predicted blast radius, or misses a
 * predicted change; extra in-place updates and creations are reported without failing.
 */
import type { Result } from './errors';
import { failed, ok } from './errors';
import type { GraphNode, StackGraph } from './graph';
import type { StackPrediction } from './predict';
import { ROTATABLE_TYPES } from './targets';
import type { JsonObject, JsonValue } from './terraform-json';
import { isJsonObject } from './terraform-json';

/** The parts of `terraform show -json <planfile>` that verification reads. */
export interface TerraformPlanJson {
  readonly format_version: string;
  readonly resource_changes: ReadonlyArray<{ readonly address: string; readonly mode?: string; readonly type?: string; readonly change: { readonly actions: readonly string[] } }>;
  readonly output_changes?: Readonly<Record<string, { readonly actions: readonly string[] }>>;
  readonly prior_state?: JsonObject;
  readonly configuration?: JsonObject;
}

/** What the plan does to one address, in the prediction's terms. */
export type PlannedAction = 'no-op' | 'create' | 'update' | 'replace' | 'delete' | 'read' | 'forget' | 'unknown';

/** Parses and checks the format of `terraform show -json` plan output. */
export function parsePlanJson(text: string, path: string): Result<TerraformPlanJson> {
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch (error) {
    return failed({ kind: 'plan-malformed', path, detail: `not JSON (${(error as Error).message.split('\n')[0]})` });
  }
  if (!isJsonObject(value) || typeof value.format_version !== 'string') {
    return failed({ kind: 'plan-wrong-format', path, detail: 'no "format_version"' });
  }
  if (!/^1\./.test(value.format_version)) return failed({ kind: 'plan-wrong-format', path, detail: `unsupported format_version ${value.format_version}` });
  if (!Array.isArray(value.resource_changes)) {
    return failed({ kind: 'plan-wrong-format', path, detail: 'no "resource_changes" (state or provider-schema JSON, not a plan?)' });
  }
  for (const change of value.resource_changes) {
    if (!isJsonObject(change) || typeof change.address !== 'string' || !isJsonObject(change.change) || !Array.isArray(change.change.actions)) {
      return failed({ kind: 'plan-malformed', path, detail: 'a resource_changes entry lacks "address" or "change.actions"' });
    }
  }
  if (value.output_changes !== undefined && !isJsonObject(value.output_changes)) {
    return failed({ kind: 'plan-malformed', path, detail: '"output_changes" is not an object' });
  }
  return ok(value as unknown as TerraformPlanJson);
}

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

function rootResources(section: JsonObject | undefined, ...path: string[]): JsonObject[] {
  let value: JsonValue | undefined = section;
  for (const key of path) value = isJsonObject(value) ? value[key] : undefined;
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

function baseAddress(address: string): string {
  return address.replace(/\[[^\]]*\]$/, '');
}

function plainLiteral(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && !value.includes('${') && !/^\s*[[{]/.test(value) && !value.includes('\n') ? value : undefined;
}

function constantMismatch(node: GraphNode, values: JsonObject, constants: boolean): string | undefined {
  if (node.type in ROTATABLE_TYPES || !isJsonObject(node.body)) return undefined;
  for (const [attribute, configured] of Object.entries(node.body)) {
    const expected = plainLiteral(configured);
    if (expected === undefined) continue;
    const raw = values[attribute];
    const actual = constants ? (isJsonObject(raw) ? raw.constant_value : undefined) : raw;
    if (typeof actual === 'string' && actual !== expected) return `${node.address}.${attribute}`;
  }
  return undefined;
}

/**
 * Checks the plan belongs to `stack`: every resource address it holds exists in the stack, and the
 * constant attributes (names) it records equal the stack's. Never prints a value.
 */
export function checkPlanStack(plan: TerraformPlanJson, stack: StackGraph): Result<void> {
  const configured = rootResources(plan.configuration, 'root_module', 'resources');
  const prior = rootResources(plan.prior_state, 'values', 'root_module', 'resources');
  const addresses = new Set<string>();
  for (const change of plan.resource_changes) if (!change.address.startsWith('module.')) addresses.add(baseAddress(change.address));
  for (const resource of [...configured, ...prior]) if (typeof resource.address === 'string') addresses.add(baseAddress(resource.address));
  const foreign = [...addresses].filter((address) => !stack.nodes.has(address)).sort();
  if (foreign.length > 0) {
    return failed({ kind: 'plan-other-stack', stack: stack.name, detail: `${foreign.length} address(es) the stack lacks, e.g. ${foreign.slice(0, 3).join(', ')}` });
  }
  const stackResources = [...stack.nodes.values()].filter((node) => node.kind === 'resource').length;
  if (addresses.size === 0 && stackResources > 0) {
    return failed({ kind: 'plan-other-stack', stack: stack.name, detail: 'the plan holds none of its resources' });
  }
  for (const [resources, valuesKey, constants] of [[configured, 'expressions', true], [prior, 'values', false]] as const) {
    for (const resource of resources) {
      const node = typeof resource.address === 'string' ? stack.nodes.get(baseAddress(resource.address)) : undefined;
      const values = resource[valuesKey];
      if (!node || !isJsonObject(values)) continue;
      const mismatch = constantMismatch(node, values, constants);
      if (mismatch) return failed({ kind: 'plan-other-stack', stack: stack.name, detail: `${mismatch} differs from the stack's configuration` });
    }
  }
  return ok(undefined);
}

/** One way the plan leaves the prediction. */
export interface PlanViolation {
  readonly address: string;
  readonly kind: 'unexpected-replace' | 'unexpected-delete' | 'missing-change' | 'missing-output-change';
  readonly expected: string;
  readonly actual: string;
}

/** The result of comparing a plan with a prediction. */
export interface VerifyReport {
  readonly stack: string;
  /** Deviations that fail verification. */
  readonly violations: readonly PlanViolation[];
  /** Updates or creations outside the prediction: reported, not failing. */
  readonly unexpectedChanges: ReadonlyArray<{ readonly address: string; readonly actual: PlannedAction }>;
  /** Predicted changes the plan makes. */
  readonly matched: readonly string[];
}

const DESTRUCTIVE: ReadonlySet<PlannedAction> = new Set(['replace', 'delete', 'forget', 'unknown']);

/** Compares `plan` with `prediction`. */
export function verifyPlan(plan: TerraformPlanJson, prediction: StackPrediction): VerifyReport {
  const actual = new Map<string, PlannedAction>();
  for (const change of plan.resource_changes) actual.set(change.address, plannedAction(change.change.actions));
  const violations: PlanViolation[] = [];
  const matched: string[] = [];
  const predicted = new Set<string>();
  for (const change of prediction.changes) {
    predicted.add(change.address);
    if (change.action === 'read') continue;
    const planned = actual.get(change.address) ?? 'no-op';
    if (planned === change.action) {
      matched.push(change.address);
    } else if (change.action === 'update' && DESTRUCTIVE.has(planned)) {
      violations.push({ address: change.address, kind: planned === 'replace' ? 'unexpected-replace' : 'unexpected-delete', expected: change.action, actual: planned });
    } else {
      violations.push({ address: change.address, kind: 'missing-change', expected: change.action, actual: planned });
    }
  }
  const unexpectedChanges: Array<{ address: string; actual: PlannedAction }> = [];
  for (const [address, planned] of actual) {
    if (predicted.has(address) || planned === 'no-op' || planned === 'read') continue;
    if (DESTRUCTIVE.has(planned)) {
      violations.push({ address, kind: planned === 'replace' ? 'unexpected-replace' : 'unexpected-delete', expected: 'no change', actual: planned });
    } else {
      unexpectedChanges.push({ address, actual: planned });
    }
  }
  for (const output of prediction.outputChanges) {
    const actions = plan.output_changes?.[output.name]?.actions ?? ['no-op'];
    const planned = plannedAction(actions);
    if (planned === 'update' || planned === 'create' || (output.action === 'delete' && planned === 'delete')) matched.push(`output.${output.name}`);
    else violations.push({ address: `output.${output.name}`, kind: 'missing-output-change', expected: 'update', actual: planned });
  }
  violations.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  return { stack: prediction.stack, violations, unexpectedChanges, matched };
}

/** One line per violation: `<address>: <what>`. */
export function describeViolation(violation: PlanViolation): string {
  switch (violation.kind) {
    case 'unexpected-replace':
      return `${violation.address}: replaced, predicted ${violation.expected}`;
    case 'unexpected-delete':
      return `${violation.address}: ${violation.actual === 'forget' ? 'removed from state' : 'deleted'}, predicted ${violation.expected}`;
    case 'missing-change':
      return `${violation.address}: ${violation.actual === 'no-op' ? 'unchanged' : violation.actual}, predicted ${violation.expected}`;
    case 'missing-output-change':
      return `${violation.address}: unchanged, predicted to change`;
  }
}
