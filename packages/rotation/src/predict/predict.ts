/**
 * Change propagation (pure): given what changes in a stack (a replaced key, or a new value of another
 * stack's output), which resources Terraform will replace or update, which data sources it will
 * re-read and which outputs change. The model is Terraform's own:
 *  - a replaced resource (or a re-read data source) has new values for every attribute the provider
 *    computes (`id`, `secret`, ...); its configured attributes keep their configured values;
 *  - a node whose configuration holds a changed value is updated in place, or replaced when the
 *    changed attribute forces replacement (the stack graph's replacement table);
 *  - `lifecycle.ignore_changes` attributes do not count.
 * Walks the reverse index breadth first: linear in the number of references.
 */
import type { GraphNode, ReferenceSite, StackGraph, StackBackend } from '../graph/graph';
import { isTabulated, replacementForcedBy } from '../providers/replacement-table';

/**
 * What Terraform does to one resource or data source. `create` and `delete` come from configuration
 * changes (config-change.ts); a rotation by `-replace` only replaces, updates and reads.
 */
export type ChangeAction = 'replace' | 'update' | 'read' | 'create' | 'delete';

/** One predicted change, in the terms of `terraform plan`. */
export interface PredictedChange {
  readonly address: string;
  readonly type: string;
  readonly action: ChangeAction;
  /** Replaced create-before-destroy (`+/-`) rather than destroy-before-create (`-/+`). */
  readonly createBeforeDestroy: boolean;
  /** Replaced because the rotation asks for it (`-replace`), not because of a reference. */
  readonly requested: boolean;
  /** Top-level attributes whose value changes. */
  readonly changedAttributes: readonly string[];
  /** Attributes whose change forces the replacement. */
  readonly forcedBy: readonly string[];
  /** Addresses whose change reaches this one. */
  readonly causes: readonly string[];
  /** False when the resource type is not in the replacement table (in place is then assumed). */
  readonly tabulated: boolean;
  /**
   * Top-level attributes whose old and new values are plain literals of the configuration
   * (configuration changes only, e.g. `status`: `Active` -> `Inactive`). @default - none known
   */
  readonly literals?: Readonly<Record<string, { readonly before: string; readonly after: string }>>;
}

/** One output whose value changes. */
export interface PredictedOutputChange {
  readonly name: string;
  /** The output is new or removed (configuration changes only). @default - its value is updated */
  readonly action?: 'create' | 'delete';
  readonly sensitive: boolean;
  /** Stacks that read it through a cross-stack reference. */
  readonly readBy: readonly string[];
}

/** Terraform's `Plan: N to add, N to change, N to destroy.` */
export interface PlanSummary {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
}

/** The predicted plan of one stack. */
export interface StackPrediction {
  readonly stack: string;
  readonly directory: string;
  readonly backend: StackBackend;
  /** Resource and data source changes, sorted by address (Terraform's order). */
  readonly changes: readonly PredictedChange[];
  readonly outputChanges: readonly PredictedOutputChange[];
  readonly summary: PlanSummary;
}

/** Where propagation starts: a replaced resource, or changed paths of a node (remote-state outputs). */
export interface ChangeSeed {
  readonly address: string;
  readonly replace: boolean;
  readonly paths: ReadonlyArray<readonly string[]>;
}

/** What propagation records about one node (exported for config-change.ts). */
export interface NodeChange {
  computed: boolean;
  requested: boolean;
  readonly paths: Map<string, readonly string[]>;
  readonly causes: Set<string>;
  readonly forcedBy: Set<string>;
}

const SEPARATOR = '\u0000';

function isPrefix(prefix: readonly string[], path: readonly string[]): boolean {
  if (prefix.length > path.length) return false;
  for (let i = 0; i < prefix.length; i++) if (prefix[i] !== path[i]) return false;
  return true;
}

function overlaps(paths: Map<string, readonly string[]>, path: readonly string[]): boolean {
  for (const changed of paths.values()) if (isPrefix(changed, path) || isPrefix(path, changed)) return true;
  return false;
}

/** Does the change of `target` reach the value read at `site`? */
export function siteFires(site: ReferenceSite, target: NodeChange): boolean {
  switch (site.reading) {
    case 'whole':
      return target.computed || target.paths.size > 0;
    case 'configured':
    case 'remote-output':
      return overlaps(target.paths, site.path);
    case 'computed':
      return target.computed;
  }
}

function isIgnored(node: GraphNode, location: readonly string[]): boolean {
  return node.ignoreChanges === 'all' || node.ignoreChanges.includes(location[0]);
}

/** Propagates `seeds` through `stack`; returns the change of every node reached (seeds included). */
export function propagate(stack: StackGraph, seeds: readonly ChangeSeed[]): Map<string, NodeChange> {
  const changes = new Map<string, NodeChange>();
  const changeOf = (address: string): NodeChange => {
    let change = changes.get(address);
    if (!change) {
      change = { computed: false, requested: false, paths: new Map(), causes: new Set(), forcedBy: new Set() };
      changes.set(address, change);
    }
    return change;
  };
  const queue: string[] = [];
  for (const seed of seeds) {
    const change = changeOf(seed.address);
    if (seed.replace) {
      change.computed = true;
      change.requested = true;
    }
    for (const path of seed.paths) change.paths.set(path.join(SEPARATOR), path);
    queue.push(seed.address);
  }
  for (let head = 0; head < queue.length; head++) {
    const address = queue[head];
    const target = changes.get(address) as NodeChange;
    for (const site of stack.dependents.get(address) ?? []) {
      if (!siteFires(site, target)) continue;
      const node = stack.nodes.get(site.from);
      if (!node || node.kind === 'variable' || isIgnored(node, site.location)) continue;
      const change = changeOf(node.address);
      let grew = false;
      const key = site.location.join(SEPARATOR);
      if (!change.paths.has(key)) {
        change.paths.set(key, site.location);
        grew = true;
      }
      change.causes.add(address);
      if (node.kind === 'resource') {
        const forcedBy = replacementForcedBy(stack.replacementTable, node.type, node.body, site.location);
        if (forcedBy && !change.forcedBy.has(forcedBy)) {
          change.forcedBy.add(forcedBy);
          if (!change.computed) grew = true;
          change.computed = true;
        }
      } else if (node.kind === 'data' && !change.computed) {
        change.computed = true;
        grew = true;
      }
      if (grew) queue.push(node.address);
    }
  }
  return changes;
}

function byAddress(a: { address: string }, b: { address: string }): number {
  return a.address < b.address ? -1 : a.address > b.address ? 1 : 0;
}

/**
 * The plan Terraform will show for `stack` when `seeds` change. `readersOf(output)` names the stacks
 * that read an output through a cross-stack reference.
 */
export function predictStack(stack: StackGraph, seeds: readonly ChangeSeed[], readersOf: (output: string) => readonly string[]): StackPrediction {
  const propagated = propagate(stack, seeds);
  const changes: PredictedChange[] = [];
  const outputChanges: PredictedOutputChange[] = [];
  for (const [address, change] of propagated) {
    const node = stack.nodes.get(address);
    if (!node) continue;
    if (node.kind === 'output') {
      outputChanges.push({ name: node.name, sensitive: node.sensitive, readBy: readersOf(node.name) });
      continue;
    }
    if (node.kind !== 'resource' && node.kind !== 'data') continue;
    if (node.kind === 'data' && node.type === 'terraform_remote_state') continue;
    const action: ChangeAction = node.kind === 'data' ? 'read' : change.computed ? 'replace' : 'update';
    changes.push({
      address,
      type: node.type,
      action,
      createBeforeDestroy: node.createBeforeDestroy,
      requested: change.requested,
      changedAttributes: [...new Set([...change.paths.values()].map((path) => path[0]))].sort(),
      forcedBy: [...change.forcedBy].sort(),
      causes: [...change.causes].sort(),
      tabulated: node.kind === 'data' || isTabulated(stack.replacementTable, node.type),
    });
  }
  changes.sort(byAddress);
  outputChanges.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const replaced = changes.filter((change) => change.action === 'replace').length;
  const updated = changes.filter((change) => change.action === 'update').length;
  return {
    stack: stack.name,
    directory: stack.directory,
    backend: stack.backend,
    changes,
    outputChanges,
    summary: { add: replaced, change: updated, destroy: replaced },
  };
}
