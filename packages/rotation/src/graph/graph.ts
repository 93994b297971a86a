/**
 * The reference graph of the synthesized stacks (pure): every resource, data source, output, local
 * and variable of each stack, who references whom (and through which attribute), and the
 * cross-stack references cdktf writes as `cross-stack-output-*` outputs read back through
 * `data.terraform_remote_state.cross-stack-reference-input-<stack>`.
 */
import type { ReplacementTable } from '../providers/replacement-table';
import type { ReferenceIndex } from './references';
import { traversalSegments } from './references';
import type { JsonObject, JsonValue, TerraformConfiguration } from './terraform-json';
import { isJsonObject } from './terraform-json';

import type { CrossStackConsumer, GraphNode, ParsedStack, ReferenceSite, RepositoryGraph, StackBackend, StackGraph } from './types';

export * from './types';

/** Key of {@link RepositoryGraph.crossStackConsumers}. */
export function crossStackKey(stack: string, output: string): string {
  return `${stack}\u0000${output}`;
}

const RESOURCE_META_ARGUMENTS = new Set(['//', 'lifecycle', 'depends_on', 'provider', 'count', 'for_each', 'provisioner', 'connection']);
/** Reference roots that name no node whose change could propagate. */
const INERT_ROOTS = new Set(['path', 'terraform', 'count', 'each', 'self', 'module']);
/** Prefix cdktf gives the remote-state data source of a cross-stack reference. */
export const CROSS_STACK_INPUT_PREFIX = 'cross-stack-reference-input-';
/** Prefix cdktf gives the outputs it adds for cross-stack references. */
export const CROSS_STACK_OUTPUT_PREFIX = 'cross-stack-output-';

function withoutKeys(body: JsonObject, keys: ReadonlySet<string>): JsonObject {
  const kept: JsonObject = {};
  for (const key of Object.keys(body)) if (!keys.has(key)) kept[key] = body[key];
  return kept;
}

function lifecycleOf(body: JsonObject): { createBeforeDestroy: boolean; ignoreChanges: readonly string[] | 'all' } {
  const lifecycle = isJsonObject(body.lifecycle) ? body.lifecycle : Array.isArray(body.lifecycle) && isJsonObject(body.lifecycle[0]) ? body.lifecycle[0] : {};
  const ignore = lifecycle.ignore_changes;
  const ignoreChanges =
    ignore === 'all' ? 'all' : Array.isArray(ignore) ? ignore.filter((item): item is string => typeof item === 'string').map((item) => item.split(/[.[]/)[0]) : [];
  return { createBeforeDestroy: lifecycle.create_before_destroy === true, ignoreChanges };
}

function nodesOf(configuration: TerraformConfiguration): GraphNode[] {
  const nodes: GraphNode[] = [];
  for (const [type, byName] of Object.entries(configuration.resource ?? {})) {
    for (const [name, raw] of Object.entries(byName ?? {})) {
      if (!isJsonObject(raw)) continue;
      nodes.push({
        address: `${type}.${name}`, kind: 'resource', type, name,
        body: withoutKeys(raw, RESOURCE_META_ARGUMENTS),
        ...lifecycleOf(raw),
        comment: isJsonObject(raw['//']) ? raw['//'] : undefined,
        sensitive: false,
      });
    }
  }
  for (const [type, byName] of Object.entries(configuration.data ?? {})) {
    for (const [name, raw] of Object.entries(byName ?? {})) {
      if (!isJsonObject(raw)) continue;
      nodes.push({
        address: `data.${type}.${name}`, kind: 'data', type, name,
        body: withoutKeys(raw, RESOURCE_META_ARGUMENTS),
        createBeforeDestroy: false, ignoreChanges: [], comment: undefined, sensitive: false,
      });
    }
  }
  for (const [name, raw] of Object.entries(configuration.output ?? {})) {
    if (!isJsonObject(raw)) continue;
    nodes.push({
      address: `output.${name}`, kind: 'output', type: '', name,
      body: { value: raw.value ?? null },
      createBeforeDestroy: false, ignoreChanges: [], comment: undefined, sensitive: raw.sensitive === true,
    });
  }
  for (const [name, value] of Object.entries(configuration.locals ?? {})) {
    nodes.push({ address: `local.${name}`, kind: 'local', type: '', name, body: value, createBeforeDestroy: false, ignoreChanges: [], comment: undefined, sensitive: false });
  }
  for (const [name, raw] of Object.entries(configuration.variable ?? {})) {
    nodes.push({
      address: `var.${name}`, kind: 'variable', type: '', name, body: isJsonObject(raw) ? raw : {},
      createBeforeDestroy: false, ignoreChanges: [], comment: undefined, sensitive: isJsonObject(raw) && raw.sensitive === true,
    });
  }
  return nodes;
}

/** Splits a traversal into the address it names and the path after it; undefined for inert roots. */
export function addressOfTraversal(value: string): { address: string; rest: string[] } | undefined {
  const segments = traversalSegments(value);
  const root = segments[0];
  if (INERT_ROOTS.has(root)) return undefined;
  if (root === 'data') return segments.length >= 3 ? { address: `data.${segments[1]}.${segments[2]}`, rest: segments.slice(3) } : undefined;
  if (root === 'var' || root === 'local') return segments.length >= 2 ? { address: `${root}.${segments[1]}`, rest: segments.slice(2) } : undefined;
  return segments.length >= 2 ? { address: `${segments[0]}.${segments[1]}`, rest: segments.slice(2) } : undefined;
}

const INDEX = /^\d+$/;

/**
 * Walks `path` into a node's configured body. A `[0]` on a single block written as an object is
 * skipped, so `metadata[0].name` and `metadata.name` name the same value.
 */
export function resolveConfiguredPath(body: JsonValue, path: readonly string[]): { configured: boolean; path: string[] } {
  let value: JsonValue = body;
  const resolved: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (Array.isArray(value) && INDEX.test(segment) && Number(segment) < value.length) {
      resolved.push(segment);
      value = value[Number(segment)];
    } else if (isJsonObject(value) && segment in value && segment !== '//') {
      resolved.push(segment);
      value = value[segment];
    } else if (isJsonObject(value) && segment === '0') {
      continue;
    } else {
      break;
    }
  }
  return { configured: path.length === 0 || resolved.length > 0, path: resolved };
}

function siteFor(from: string, target: GraphNode, rest: string[], location: readonly string[]): ReferenceSite {
  if (target.kind === 'data' && target.type === 'terraform_remote_state' && rest[0] === 'outputs' && rest.length >= 2) {
    return { from, to: target.address, reading: 'remote-output', path: rest.slice(0, 2), location };
  }
  if (rest.length === 0 || target.kind === 'variable') return { from, to: target.address, reading: 'whole', path: [], location };
  const resolved = resolveConfiguredPath(target.body, rest);
  if (resolved.configured) return { from, to: target.address, reading: 'configured', path: resolved.path, location };
  if (target.kind === 'local') return { from, to: target.address, reading: 'whole', path: [], location };
  return { from, to: target.address, reading: 'computed', path: rest, location };
}

function collectSites(node: GraphNode, nodes: ReadonlyMap<string, GraphNode>, references: ReferenceIndex, sites: ReferenceSite[]): void {
  const location: string[] = [];
  const walk = (value: JsonValue): void => {
    if (typeof value === 'string') {
      if (!value.includes('${')) return;
      for (const reference of references[value] ?? []) {
        const named = addressOfTraversal(reference.value);
        if (!named) continue;
        const target = nodes.get(named.address);
        if (!target || target.address === node.address) continue;
        sites.push(siteFor(node.address, target, named.rest, [...location]));
      }
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        location.push(String(i));
        walk(value[i]);
        location.pop();
      }
    } else if (isJsonObject(value)) {
      for (const key of Object.keys(value)) {
        if (key === '//') continue;
        location.push(key);
        walk(value[key]);
        location.pop();
      }
    }
  };
  walk(node.body);
}

function backendOf(configuration: TerraformConfiguration, stackName: string): StackBackend {
  const terraform = configuration.terraform ?? {};
  if (isJsonObject(terraform.cloud)) {
    const workspaces = isJsonObject(terraform.cloud.workspaces) ? terraform.cloud.workspaces : {};
    return {
      kind: 'cloud',
      organization: String(terraform.cloud.organization ?? ''),
      workspace: typeof workspaces.name === 'string' ? workspaces.name : `raxx-${stackName}`,
    };
  }
  const backend = terraform.backend ?? {};
  const [type] = Object.keys(backend);
  if (type === undefined || type === 'local') {
    const path = type ? backend.local?.path : undefined;
    return { kind: 'local', path: typeof path === 'string' ? path : 'terraform.tfstate' };
  }
  if (type === 'remote') {
    const remote = backend.remote;
    const workspaces = isJsonObject(remote.workspaces) ? remote.workspaces : {};
    return { kind: 'cloud', organization: String(remote.organization ?? ''), workspace: String(workspaces.name ?? `raxx-${stackName}`) };
  }
  return { kind: 'other', type };
}

function firstProviderAttribute(configuration: TerraformConfiguration, provider: string, attribute: string): string | undefined {
  const blocks = configuration.provider?.[provider];
  const first = Array.isArray(blocks) ? blocks[0] : blocks;
  const value = isJsonObject(first) ? first[attribute] : undefined;
  return typeof value === 'string' ? value : undefined;
}

function upstreamStackOf(node: GraphNode, backends: ReadonlyMap<string, StackBackend>): string | undefined {
  if (node.name.startsWith(CROSS_STACK_INPUT_PREFIX)) {
    const named = node.name.slice(CROSS_STACK_INPUT_PREFIX.length);
    if (backends.has(named)) return named;
  }
  const body = isJsonObject(node.body) ? node.body : {};
  const config = isJsonObject(body.config) ? body.config : {};
  const workspaces = isJsonObject(config.workspaces) ? config.workspaces : {};
  for (const [stack, backend] of backends) {
    if (backend.kind === 'local' && typeof config.path === 'string' && config.path === backend.path) return stack;
    if (backend.kind === 'cloud' && workspaces.name === backend.workspace) return stack;
  }
  return undefined;
}

/** Builds the graph of every stack (pure; linear in the size of the configurations). */
export function buildRepositoryGraph(parsedStacks: readonly ParsedStack[], replacementTable: ReplacementTable): RepositoryGraph {
  const sorted = [...parsedStacks].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const backends = new Map(sorted.map((stack) => [stack.name, backendOf(stack.configuration, stack.name)] as const));
  const stacks = new Map<string, StackGraph>();
  const crossStackConsumers = new Map<string, CrossStackConsumer[]>();
  for (const parsed of sorted) {
    const nodes = new Map(nodesOf(parsed.configuration).map((node) => [node.address, node] as const));
    const sites: ReferenceSite[] = [];
    for (const node of nodes.values()) collectSites(node, nodes, parsed.references, sites);
    const dependents = new Map<string, ReferenceSite[]>();
    const referencesOf = new Map<string, ReferenceSite[]>();
    for (const site of sites) {
      const list = dependents.get(site.to);
      if (list) list.push(site);
      else dependents.set(site.to, [site]);
      const forward = referencesOf.get(site.from);
      if (forward) forward.push(site);
      else referencesOf.set(site.from, [site]);
    }
    const upstreamOf = new Map<string, string>();
    for (const node of nodes.values()) {
      if (node.kind !== 'data' || node.type !== 'terraform_remote_state') continue;
      const upstream = upstreamStackOf(node, backends);
      if (upstream && upstream !== parsed.name) upstreamOf.set(node.address, upstream);
    }
    const seen = new Set<string>();
    for (const site of sites) {
      const upstream = upstreamOf.get(site.to);
      if (site.reading !== 'remote-output' || !upstream) continue;
      const key = crossStackKey(upstream, site.path[1]);
      const once = `${key}\u0000${site.to}`;
      if (seen.has(once)) continue;
      seen.add(once);
      const consumer: CrossStackConsumer = { stack: parsed.name, remoteState: site.to, output: site.path[1] };
      const list = crossStackConsumers.get(key);
      if (list) list.push(consumer);
      else crossStackConsumers.set(key, [consumer]);
    }
    stacks.set(parsed.name, {
      name: parsed.name,
      directory: parsed.directory,
      backend: backends.get(parsed.name) as StackBackend,
      awsRegion: firstProviderAttribute(parsed.configuration, 'aws', 'region'),
      githubOwner: firstProviderAttribute(parsed.configuration, 'github', 'owner'),
      nodes,
      dependents,
      referencesOf,
      upstreamOf,
      replacementTable,
    });
  }
  return { stackNames: sorted.map((stack) => stack.name), stacks, crossStackConsumers, replacementTable };
}
