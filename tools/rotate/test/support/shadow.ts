/**
 * The shadow of a stack: a Terraform configuration of built-in `terraform_data` resources that
 * mirrors the synthesized graph, so real Terraform can plan a rotation offline (no provider, no
 * credentials) and check the planner's prediction.
 *  - Each resource `<type>.<name>` is `terraform_data.<type>__<name>` whose `input` is
 *    `local.<type>__<name>`: its configured attributes, each string that holds references replaced by
 *    `jsonencode([...])` of the shadow references, so a string changes exactly when a reference does.
 *  - A reference to a configured attribute reads the local (known from configuration); one to a
 *    computed attribute reads `terraform_data.<...>.id`, unknown once that resource is replaced.
 *  - Replacement-forcing attributes go through `triggers_replace` (the table in force, or the
 *    independently written facts the truth tests pass).
 *  - Data sources are locals (`local.data__<type>__<name>`); remote-state outputs are variables.
 *  - With a prefix, every name above (resources, locals, outputs, variables) starts with it, so
 *    several shadows share one root configuration without a module (and without `terraform init`).
 */
import type { GraphNode, ReferenceSite, StackGraph } from '@raxx/rotation/graph/graph';
import type { ReplacementRule } from '@raxx/rotation/providers/replacement-table';
import type { JsonObject, JsonValue } from '@raxx/rotation/graph/terraform-json';
import { isJsonObject } from '@raxx/rotation/graph/terraform-json';

/** A remote-state output the shadow takes as a variable. */
export interface ShadowRemoteInput {
  /** The variable's name in the configuration (with the shadow's prefix, if any). */
  readonly variable: string;
  readonly remoteState: string;
  readonly output: string;
}

/** The shadow configuration and how to map its addresses back. */
export interface ShadowStack {
  readonly configuration: JsonObject;
  /** `terraform_data.<prefix><type>__<name>` -> `<type>.<name>`. */
  readonly realAddressOf: ReadonlyMap<string, string>;
  /** `<type>.<name>` -> `terraform_data.<prefix><type>__<name>`. */
  readonly shadowAddressOf: ReadonlyMap<string, string>;
  readonly remoteInputs: readonly ShadowRemoteInput[];
}

const IGNORED = '(ignored by lifecycle.ignore_changes)';

/** How a shadow is built beyond its stack. */
export interface ShadowOptions {
  /**
   * Prepended to the name of every resource, local, output and variable of the shadow, so several
   * shadows (instances) can live side by side in one root configuration.
   * @default '' (the names of a shadow alone)
   */
  readonly prefix?: string;
}

function shadowName(node: GraphNode, prefix: string): string {
  if (node.kind === 'resource') return `${prefix}${node.type}__${node.name}`;
  if (node.kind === 'data') return `${prefix}data__${node.type}__${node.name}`;
  return `${prefix}local__${node.name}`;
}

function accessor(path: readonly string[]): string {
  return path.map((segment) => (/^\d+$/.test(segment) ? `[${segment}]` : `[${JSON.stringify(segment)}]`)).join('');
}

/** The variable name of a remote-state output. */
export function remoteVariableName(remoteState: string, output: string): string {
  return `remote__${remoteState.split('.').slice(2).join('.')}__${output}`;
}

function shadowReference(site: ReferenceSite, target: GraphNode, prefix: string): string {
  if (target.kind === 'variable') return `var.${prefix}${target.name}`;
  if (site.reading === 'remote-output') return `var.${prefix}${remoteVariableName(target.address, site.path[1])}`;
  const local = `local.${shadowName(target, prefix)}`;
  if (target.kind === 'resource') {
    if (site.reading === 'configured') return `${local}${accessor(site.path)}`;
    if (site.reading === 'computed') return `terraform_data.${shadowName(target, prefix)}.id`;
    return `[${local}, terraform_data.${shadowName(target, prefix)}.id]`;
  }
  return site.reading === 'configured' ? `${local}${accessor(site.path)}` : local;
}

function shadowValue(value: JsonValue, location: string[], sitesAt: ReadonlyMap<string, ReferenceSite[]>, nodes: ReadonlyMap<string, GraphNode>, prefix: string): JsonValue {
  if (typeof value === 'string') {
    const sites = sitesAt.get(location.join('\u0000'));
    if (sites && sites.length > 0) return `\${jsonencode([${sites.map((site) => shadowReference(site, nodes.get(site.to) as GraphNode, prefix)).join(', ')}])}`;
    return value.replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
  }
  if (Array.isArray(value)) return value.map((item, i) => shadowValue(item, [...location, String(i)], sitesAt, nodes, prefix));
  if (isJsonObject(value)) {
    const result: JsonObject = {};
    for (const key of Object.keys(value)) if (key !== '//') result[key] = shadowValue(value[key], [...location, key], sitesAt, nodes, prefix);
    return result;
  }
  return value;
}

/** Every concrete path (array elements expanded) of `rulePath` present in `body`. */
function concretePaths(body: JsonValue, rulePath: readonly string[], prefix: string[] = []): string[][] {
  if (rulePath.length === 0) return [prefix];
  if (Array.isArray(body)) return body.flatMap((item, i) => concretePaths(item, rulePath, [...prefix, String(i)]));
  if (!isJsonObject(body) || !(rulePath[0] in body)) return [];
  return concretePaths(body[rulePath[0]], rulePath.slice(1), [...prefix, rulePath[0]]);
}

/**
 * Which attributes of a resource type force its replacement, as the shadow's `triggers_replace` says
 * it. The caller passes facts written independently of the replacement table (test/fixtures/
 * force-new.json, `forceNewFactsFor`), so a wrong table entry makes the prediction and Terraform disagree.
 */
export type ForceNewFacts = (type: string) => readonly ReplacementRule[] | undefined;

function triggersOf(node: GraphNode, forceNew: ForceNewFacts, prefix: string): string[] {
  const rules = forceNew(node.type);
  if (!rules || !isJsonObject(node.body) || node.ignoreChanges === 'all') return [];
  const body = node.body;
  return rules
    .filter((rule) => !rule.when || body[rule.when.attribute] === rule.when.equals)
    .flatMap((rule) => concretePaths(body, rule.path.split('.')))
    .filter((path) => !node.ignoreChanges.includes(path[0]))
    .map((path) => `local.${shadowName(node, prefix)}${accessor(path)}`);
}

/** Builds the shadow configuration of `stack` (pure). */
export function buildShadowConfiguration(stack: StackGraph, forceNew: ForceNewFacts, options: ShadowOptions = {}): ShadowStack {
  const prefix = options.prefix ?? '';
  const locals: JsonObject = {};
  const terraformData: JsonObject = {};
  const outputs: JsonObject = {};
  const variables: JsonObject = {};
  const realAddressOf = new Map<string, string>();
  const shadowAddressOf = new Map<string, string>();
  const remoteInputs: ShadowRemoteInput[] = [];
  for (const node of stack.nodes.values()) {
    const sitesAt = new Map<string, ReferenceSite[]>();
    for (const site of stack.referencesOf.get(node.address) ?? []) {
      const key = site.location.join('\u0000');
      sitesAt.set(key, [...(sitesAt.get(key) ?? []), site]);
      const target = stack.nodes.get(site.to) as GraphNode;
      if (site.reading === 'remote-output') {
        const variable = `${prefix}${remoteVariableName(target.address, site.path[1])}`;
        if (!(variable in variables)) {
          variables[variable] = { default: 'initial' };
          remoteInputs.push({ variable, remoteState: target.address, output: site.path[1] });
        }
      }
    }
    if (node.kind === 'output') {
      outputs[`${prefix}${node.name}`] = { value: shadowValue((node.body as JsonObject).value, ['value'], sitesAt, stack.nodes, prefix), sensitive: node.sensitive };
      continue;
    }
    if (node.kind === 'variable') {
      const body = isJsonObject(node.body) ? node.body : {};
      variables[`${prefix}${node.name}`] = { default: body.default ?? null };
      continue;
    }
    let body = shadowValue(node.body, [], sitesAt, stack.nodes, prefix);
    if (node.kind === 'resource' && isJsonObject(body) && node.ignoreChanges.length > 0) {
      const ignored = node.ignoreChanges === 'all' ? Object.keys(body) : node.ignoreChanges;
      body = Object.fromEntries(Object.entries(body).map(([key, value]) => [key, ignored.includes(key) ? IGNORED : value]));
    }
    locals[shadowName(node, prefix)] = body;
    if (node.kind !== 'resource') continue;
    const name = shadowName(node, prefix);
    const triggers = triggersOf(node, forceNew, prefix);
    terraformData[name] = {
      input: `\${local.${name}}`,
      ...(triggers.length > 0 ? { triggers_replace: `\${[${triggers.join(', ')}]}` } : {}),
      ...(node.createBeforeDestroy ? { lifecycle: { create_before_destroy: true } } : {}),
    };
    realAddressOf.set(`terraform_data.${name}`, node.address);
    shadowAddressOf.set(node.address, `terraform_data.${name}`);
  }
  const configuration: JsonObject = {};
  if (Object.keys(variables).length > 0) configuration.variable = variables;
  if (Object.keys(locals).length > 0) configuration.locals = locals;
  if (Object.keys(terraformData).length > 0) configuration.resource = { terraform_data: terraformData };
  if (Object.keys(outputs).length > 0) configuration.output = outputs;
  return { configuration, realAddressOf, shadowAddressOf, remoteInputs };
}

/**
 * A shadow plan (`terraform show -json`) with real addresses: resource changes, prior state (its
 * `input` lifted to the resource's attribute values) and configured resources.
 */
export function realPlanFromShadow(plan: JsonObject, shadow: ShadowStack): JsonObject {
  const real = (address: unknown): string | undefined => (typeof address === 'string' ? shadow.realAddressOf.get(address) : undefined);
  const resourceChanges = (Array.isArray(plan.resource_changes) ? plan.resource_changes : []).filter(isJsonObject).flatMap((change) => {
    const address = real(change.address);
    if (!address) return [];
    const [type, ...name] = address.split('.');
    return [{ ...change, address, type, name: name.join('.'), provider_name: 'shadow' }];
  });
  const mapResources = (resources: JsonValue | undefined, lift: boolean): JsonValue[] =>
    (Array.isArray(resources) ? resources : []).filter(isJsonObject).flatMap((resource) => {
      const address = real(resource.address);
      if (!address) return [];
      const values = isJsonObject(resource.values) && isJsonObject(resource.values.input) ? resource.values.input : {};
      return [{ address, mode: 'managed', type: address.split('.')[0], name: address.split('.').slice(1).join('.'), ...(lift ? { values } : { expressions: {} }) }];
    });
  const prior = isJsonObject(plan.prior_state) && isJsonObject(plan.prior_state.values) && isJsonObject(plan.prior_state.values.root_module) ? plan.prior_state.values.root_module : {};
  const configured = isJsonObject(plan.configuration) && isJsonObject(plan.configuration.root_module) ? plan.configuration.root_module : {};
  return {
    ...plan,
    resource_changes: resourceChanges,
    prior_state: { format_version: '1.0', values: { root_module: { resources: mapResources(prior.resources, true) } } },
    configuration: { root_module: { resources: mapResources(configured.resources, false) } },
  };
}
