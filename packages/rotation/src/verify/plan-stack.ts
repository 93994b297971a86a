/** Whether a plan (or a state) belongs to a stack: its addresses exist there and its constant names are the stack's. */
import type { Result } from '../errors';
import { failed, ok } from '../errors';
import type { GraphNode, StackGraph } from '../graph/graph';
import { ROTATABLE_TYPES } from '../graph/targets';
import type { JsonObject, JsonValue } from '../graph/terraform-json';
import { isJsonObject } from '../graph/terraform-json';
import type { TerraformPlanJson } from './plan-json';

function rootResources(section: JsonObject | undefined, ...path: string[]): JsonObject[] {
  let value: JsonValue | undefined = section;
  for (const key of path) value = isJsonObject(value) ? value[key] : undefined;
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

/** An address without its last index (`a.b[0]` -> `a.b`). */
export function baseAddress(address: string): string {
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
  return checkResourcesOfStack(
    stack,
    plan.resource_changes.map((change) => change.address),
    rootResources(plan.configuration, 'root_module', 'resources'),
    rootResources(plan.prior_state, 'values', 'root_module', 'resources'),
  );
}

/** Whether the `values` of a `terraform show -json` state are the state of `stack` (the same checks as a plan's prior state). */
export function checkStateStack(values: JsonObject | undefined, stack: StackGraph): Result<void> {
  return checkResourcesOfStack(stack, [], [], rootResources(values, 'root_module', 'resources'));
}

function checkResourcesOfStack(stack: StackGraph, changed: readonly string[], configured: readonly JsonObject[], prior: readonly JsonObject[]): Result<void> {
  const addresses = new Set<string>();
  for (const address of changed) if (!address.startsWith('module.')) addresses.add(baseAddress(address));
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
