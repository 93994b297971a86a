/**
 * The plan Terraform shows when the configuration changes (pure): given the graph of a stack as
 * applied (`before`) and the graph of its new configuration (`after`), which resources are created,
 * deleted, updated in place or replaced, which data sources are re-read and which outputs change.
 * A configuration change is a set of seeds for predict.ts's propagation:
 *  - a resource new in `after` is created, and every attribute it computes is new;
 *  - a resource gone from `after` is deleted;
 *  - a node whose configured body differs changes at those paths: a resource is updated in place, or
 *    replaced when a changed path forces replacement (the graph's replacement table); a data source is re-read.
 * Then predict.ts propagates through `after` exactly as for a `-replace`. Nothing is "requested".
 */
import { crossStackKey } from '../graph/graph';
import type { GraphNode, RepositoryGraph, StackGraph } from '../graph/graph';
import type { ChangeSeed, PredictedChange, PredictedOutputChange, StackPrediction } from './predict';
import { propagate } from './predict';
import { isTabulated, replacementForcedBy } from '../providers/replacement-table';
import type { JsonValue } from '../graph/terraform-json';
import { isJsonObject } from '../graph/terraform-json';

function isEqual(a: JsonValue, b: JsonValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The paths (into a configured body) where `after` differs from `before`; `[[]]` when the whole value differs. */
export function changedPaths(before: JsonValue, after: JsonValue, prefix: readonly string[] = []): string[][] {
  if (isJsonObject(before) && isJsonObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => key !== '//').sort();
    return keys.flatMap((key) =>
      key in before && key in after ? changedPaths(before[key], after[key], [...prefix, key]) : [[...prefix, key]],
    );
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((item, i) => changedPaths(item, after[i], [...prefix, String(i)]));
  }
  return isEqual(before, after) ? [] : [[...prefix]];
}

function plainLiteral(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && !value.includes('${') ? value : undefined;
}

/** Changed top-level attributes whose values before and after are plain literals. */
function literalChanges(before: JsonValue, after: JsonValue): Record<string, { before: string; after: string }> | undefined {
  if (!isJsonObject(before) || !isJsonObject(after)) return undefined;
  const found: Record<string, { before: string; after: string }> = {};
  for (const key of Object.keys(after)) {
    const [old, next] = [plainLiteral(before[key]), plainLiteral(after[key])];
    if (old !== undefined && next !== undefined && old !== next) found[key] = { before: old, after: next };
  }
  return Object.keys(found).length > 0 ? found : undefined;
}

function ignored(node: GraphNode, path: readonly string[]): boolean {
  return node.ignoreChanges === 'all' || (path.length > 0 && node.ignoreChanges.includes(path[0]));
}

function byAddress(a: { address: string }, b: { address: string }): number {
  return a.address < b.address ? -1 : a.address > b.address ? 1 : 0;
}

/**
 * The predicted plan of `after` applied over `before` (one stack). `remoteSeeds` are changed outputs
 * of other stacks this stack reads (`data.terraform_remote_state` paths); `readersOf(output)` names
 * the stacks that read an output.
 */
export function predictConfigChange(
  before: StackGraph,
  after: StackGraph,
  readersOf: (output: string) => readonly string[],
  remoteSeeds: readonly ChangeSeed[] = [],
): StackPrediction {
  const seeds: ChangeSeed[] = [...remoteSeeds];
  const created = new Set<string>();
  const createdOutputs = new Set<string>();
  const forcedBySeed = new Map<string, string[]>();
  for (const node of after.nodes.values()) {
    if (node.kind === 'variable') continue;
    const previous = before.nodes.get(node.address);
    if (!previous) {
      if (node.kind === 'resource') created.add(node.address);
      if (node.kind === 'output') createdOutputs.add(node.name);
      seeds.push({ address: node.address, replace: node.kind === 'resource' || node.kind === 'data', paths: node.kind === 'output' || node.kind === 'local' ? [[]] : [] });
      continue;
    }
    const paths = changedPaths(previous.body, node.body).filter((path) => node.kind !== 'resource' || !ignored(node, path));
    if (paths.length === 0) continue;
    const forcedBy = node.kind === 'resource' ? [...new Set(paths.map((path) => replacementForcedBy(after.replacementTable, node.type, node.body, path)).filter((rule): rule is string => rule !== undefined))] : [];
    if (forcedBy.length > 0) forcedBySeed.set(node.address, forcedBy);
    seeds.push({ address: node.address, replace: forcedBy.length > 0 || node.kind === 'data', paths });
  }
  const propagated = propagate(after, seeds);

  const changes: PredictedChange[] = [];
  const outputChanges: PredictedOutputChange[] = [];
  for (const [address, change] of propagated) {
    const node = after.nodes.get(address);
    if (!node) continue;
    if (node.kind === 'output') {
      outputChanges.push({ name: node.name, sensitive: node.sensitive, readBy: readersOf(node.name), ...(createdOutputs.has(node.name) ? { action: 'create' as const } : {}) });
      continue;
    }
    if (node.kind !== 'resource' && node.kind !== 'data') continue;
    if (node.kind === 'data' && node.type === 'terraform_remote_state') continue;
    const isCreated = created.has(address);
    const previous = before.nodes.get(address);
    const literals = !isCreated && previous && node.kind === 'resource' ? literalChanges(previous.body, node.body) : undefined;
    changes.push({
      address,
      type: node.type,
      action: node.kind === 'data' ? 'read' : isCreated ? 'create' : change.computed ? 'replace' : 'update',
      createBeforeDestroy: node.createBeforeDestroy,
      requested: false,
      changedAttributes: isCreated ? [] : [...new Set([...change.paths.values()].map((path) => path[0]).filter((attribute) => attribute !== undefined))].sort(),
      forcedBy: isCreated ? [] : [...new Set([...change.forcedBy, ...(forcedBySeed.get(address) ?? [])])].sort(),
      causes: [...change.causes].sort(),
      tabulated: node.kind === 'data' || isCreated || isTabulated(after.replacementTable, node.type),
      ...(literals ? { literals } : {}),
    });
  }
  for (const node of before.nodes.values()) {
    if (after.nodes.has(node.address)) continue;
    if (node.kind === 'resource') {
      changes.push({ address: node.address, type: node.type, action: 'delete', createBeforeDestroy: false, requested: false, changedAttributes: [], forcedBy: [], causes: [], tabulated: true });
    } else if (node.kind === 'output') {
      outputChanges.push({ name: node.name, sensitive: node.sensitive, readBy: [], action: 'delete' });
    }
  }
  changes.sort(byAddress);
  outputChanges.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const count = (action: PredictedChange['action']) => changes.filter((change) => change.action === action).length;
  return {
    stack: after.name,
    directory: after.directory,
    backend: after.backend,
    changes,
    outputChanges,
    summary: { add: count('replace') + count('create'), change: count('update'), destroy: count('replace') + count('delete') },
  };
}

function readersIn(graph: RepositoryGraph, stack: string): (output: string) => string[] {
  return (output) => [...new Set((graph.crossStackConsumers.get(crossStackKey(stack, output)) ?? []).map((consumer) => consumer.stack))].sort();
}

function hasChanges(prediction: StackPrediction): boolean {
  return prediction.changes.some((change) => change.action !== 'read') || prediction.outputChanges.length > 0;
}

/**
 * The predicted plan of every stack when the repository's configuration goes from `before` to
 * `after`: `first` (always), then every other stack whose configuration changes or that reads a
 * changed output through a cross-stack reference, in the order they must be applied.
 */
export function predictRepositoryChange(before: RepositoryGraph, after: RepositoryGraph, first: string): StackPrediction[] {
  const remote = new Map<string, ChangeSeed[]>();
  const done = new Set<string>();
  const results: StackPrediction[] = [];
  const predictOne = (name: string): StackPrediction | undefined => {
    const next = after.stacks.get(name);
    const previous = before.stacks.get(name);
    if (!next || !previous) return undefined;
    done.add(name);
    return predictConfigChange(previous, next, readersIn(after, name), remote.get(name) ?? []);
  };
  const queue: string[] = [first];
  const visit = (prediction: StackPrediction): void => {
    for (const output of prediction.outputChanges) {
      for (const consumer of after.crossStackConsumers.get(crossStackKey(prediction.stack, output.name)) ?? []) {
        if (done.has(consumer.stack)) continue;
        remote.set(consumer.stack, [...(remote.get(consumer.stack) ?? []), { address: consumer.remoteState, replace: false, paths: [['outputs', consumer.output]] }]);
        if (!queue.includes(consumer.stack)) queue.push(consumer.stack);
      }
    }
  };
  for (let head = 0; head < queue.length; head++) {
    const prediction = predictOne(queue[head]);
    if (!prediction) continue;
    if (head === 0 || hasChanges(prediction)) results.push(prediction);
    visit(prediction);
    if (head === queue.length - 1) {
      // Stacks whose own configuration changed without reading a changed output (not reached above).
      for (const name of after.stackNames) {
        if (done.has(name) || queue.includes(name)) continue;
        const other = predictOne(name);
        if (other && hasChanges(other)) {
          results.push(other);
          visit(other);
        }
      }
    }
  }
  return results;
}
