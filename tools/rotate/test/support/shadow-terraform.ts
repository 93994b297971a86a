/**
 * Test harness: runs real Terraform (1.11, built-in terraform_data only: offline, no providers) on
 * the shadows of stacks, and maps its plans back to real addresses.
 *
 * Terraform's start-up dominates the cost of a plan over a few shadows, so the truth tests batch:
 * many shadows (instances, each with its own name prefix) live flat in one root configuration, one
 * apply builds every baseline, and one plan + one show serve every case. `instancePlan` splits the
 * batch's plan back into what Terraform prints for one instance planned alone (shadow.test.ts checks
 * that against a shadow really planned alone).
 *
 * An apply writes the whole state after each resource, so its cost grows faster than the resources
 * it creates: instances with the same shadow are applied once, and the others get a copy of that
 * baseline's state under their own names (`applyBaselines`).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { StackGraph } from '@raxx/rotation/graph/graph';
import type { ShadowStack } from './shadow';
import { buildShadowConfiguration, realPlanFromShadow } from './shadow';
import { forceNewFactsFor } from './force-new-facts';
import type { JsonObject, JsonValue } from '@raxx/rotation/graph/terraform-json';
import { isJsonObject } from '@raxx/rotation/graph/terraform-json';

const run = promisify(execFile);
const CLI_CONFIG = join(tmpdir(), 'rotate-empty.tfrc');
writeFileSync(CLI_CONFIG, '');
const TERRAFORM_ENV = { ...process.env, TF_CLI_CONFIG_FILE: CLI_CONFIG, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };

/** Runs Terraform in `dir` offline (empty CLI configuration); returns stdout. */
export async function terraform(dir: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('terraform', args, { cwd: dir, env: TERRAFORM_ENV, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** Writes a root configuration into `dir` (replacing the one before). */
export function writeConfiguration(dir: string, configuration: JsonObject): void {
  writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(configuration, null, 2));
}

/** `terraform plan` (offline flags, into `<name>.tfplan`) + `terraform show -json` of it, as Terraform prints it. */
export async function planAndShow(dir: string, name: string, ...args: string[]): Promise<JsonObject> {
  await terraform(dir, 'plan', '-lock=false', '-refresh=false', '-input=false', '-no-color', ...args, `-out=${name}.tfplan`);
  return JSON.parse(await terraform(dir, 'show', '-json', `${name}.tfplan`)) as JsonObject;
}

/** A shadow stack applied once, alone, into local state in `dir`. */
export interface AppliedShadow {
  readonly dir: string;
  readonly shadow: ShadowStack;
}

/**
 * Writes the shadow of `stack` into `dir` and applies it (remote-state variables at "initial"). Its
 * `triggers_replace` comes from the independently written ForceNew facts, never from the table the
 * planner uses, so the two are checked against each other by Terraform.
 */
export async function applyShadow(stack: StackGraph, dir: string): Promise<AppliedShadow> {
  mkdirSync(dir, { recursive: true });
  const shadow = buildShadowConfiguration(stack, forceNewFactsFor());
  writeConfiguration(dir, shadow.configuration);
  await terraform(dir, 'apply', '-auto-approve', '-input=false', '-no-color', '-refresh=false');
  return { dir, shadow };
}

/** What to plan on an applied shadow. */
export interface ShadowPlanRequest {
  /** Real addresses to `-replace`. */
  readonly replace?: readonly string[];
  /** Remote-state variables with a new value (upstream outputs that changed). */
  readonly changedInputs?: readonly string[];
  /** Plan file name (unique per plan: plans of one shadow run in parallel). */
  readonly name: string;
}

/** `terraform plan` + `terraform show -json` on a shadow applied alone, as Terraform prints it (shadow addresses). */
export function showShadowPlan(applied: AppliedShadow, request: ShadowPlanRequest): Promise<JsonObject> {
  const replace = (request.replace ?? []).map((address) => `-replace=${applied.shadow.shadowAddressOf.get(address) ?? address}`);
  const vars = (request.changedInputs ?? []).map((variable) => `-var=${variable}=rotated`);
  return planAndShow(applied.dir, request.name, ...replace, ...vars);
}

/** `terraform plan` + `terraform show -json` on a shadow applied alone, mapped to real addresses. */
export async function planShadow(applied: AppliedShadow, request: ShadowPlanRequest): Promise<JsonObject> {
  return realPlanFromShadow(await showShadowPlan(applied, request), applied.shadow);
}

/** One shadow among others in a batch's root configuration. */
export interface ShadowInstance {
  /** Starts every name of the instance (`i<n>__`: no prefix is the start of another). */
  readonly prefix: string;
  /** The shadow as the batch holds it (prefixed names). */
  readonly shadow: ShadowStack;
  /** The same shadow with the names it has alone: what a split plan is mapped back with. */
  readonly alone: ShadowStack;
}

/** The shadow of `stack` as instance `prefix`; `triggers_replace` from the ForceNew facts (as `applyShadow`). */
export function shadowInstance(stack: StackGraph, prefix: string): ShadowInstance {
  if (!/^i\d+__$/.test(prefix)) throw new Error(`instance prefix ${prefix}: use i<n>__ (no prefix may start another)`);
  const facts = forceNewFactsFor();
  return { prefix, shadow: buildShadowConfiguration(stack, facts, { prefix }), alone: buildShadowConfiguration(stack, facts) };
}

/**
 * One root configuration holding every instance's blocks side by side. Names are prefixed per
 * instance, so a name two configurations both define is a harness bug: it throws.
 */
export function mergeConfigurations(configurations: readonly JsonObject[]): JsonObject {
  const merged: Record<string, JsonValue> = {};
  const mergeNames = (into: JsonObject, from: JsonObject, where: string): void => {
    for (const [name, value] of Object.entries(from)) {
      if (name in into) throw new Error(`two shadow instances define ${where}.${name}`);
      into[name] = value;
    }
  };
  for (const configuration of configurations) {
    for (const [block, value] of Object.entries(configuration)) {
      if (Array.isArray(value)) merged[block] = [...((merged[block] as JsonValue[] | undefined) ?? []), ...value];
      else if (block === 'resource' && isJsonObject(value)) {
        const resources = (merged.resource ??= {}) as JsonObject;
        for (const [type, byName] of Object.entries(value)) mergeNames((resources[type] ??= {}) as JsonObject, byName as JsonObject, type);
      } else if (isJsonObject(value)) mergeNames((merged[block] ??= {}) as JsonObject, value, block);
      else throw new Error(`shadow block ${block} is neither a list nor named blocks`);
    }
  }
  return merged;
}

/**
 * What `terraform show -json` prints for instance `prefix` of a batch plan as if its shadow had
 * been planned alone: its resources, outputs and variables only, their names without the prefix,
 * and `applyable` as Terraform decides it (a change to a resource or an output). A top-level field
 * this does not know throws, so a newer Terraform cannot slip another instance's entries through.
 */
export function instancePlan(shown: JsonObject, prefix: string): JsonObject {
  const address = `terraform_data.${prefix}`;
  const mine = (value: JsonValue | undefined): boolean => typeof value === 'string' && value.startsWith(address);
  const unprefixed = (value: string): string => {
    if (!value.startsWith(address)) throw new Error(`${value} in the plan of instance ${prefix} is another instance's`);
    return `terraform_data.${value.slice(address.length)}`;
  };
  const references = new RegExp(`\\b(local|var|terraform_data)\\.${prefix}`, 'g');
  const withoutPrefix = (value: JsonValue): JsonValue => {
    if (typeof value === 'string') return value.replace(references, '$1.');
    if (Array.isArray(value)) return value.map(withoutPrefix);
    if (isJsonObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutPrefix(item)]));
    return value;
  };
  const resources = (list: JsonValue | undefined, expressions = false): JsonValue[] =>
    (Array.isArray(list) ? list : []).filter(isJsonObject).filter((resource) => mine(resource.address)).map((resource) => {
      const own: JsonObject = { ...resource, address: unprefixed(resource.address as string), name: (resource.name as string).slice(prefix.length) };
      if (Array.isArray(resource.depends_on)) own.depends_on = resource.depends_on.map((dependency) => unprefixed(dependency as string));
      if (expressions && isJsonObject(resource.expressions)) own.expressions = withoutPrefix(resource.expressions);
      return own;
    });
  // Terraform leaves out a list or map that is empty (omitempty), so a filtered one that ends empty goes.
  const set = (into: JsonObject, key: string, value: JsonValue): void => {
    if ((Array.isArray(value) && value.length === 0) || (isJsonObject(value) && Object.keys(value).length === 0)) delete into[key];
    else into[key] = value;
  };
  const named = (map: JsonValue | undefined, transform: (value: JsonValue) => JsonValue = (value) => value): JsonObject =>
    Object.fromEntries(Object.entries(isJsonObject(map) ? map : {}).filter(([name]) => name.startsWith(prefix)).map(([name, value]) => [name.slice(prefix.length), transform(value)]));
  const moduleValues = (values: JsonObject): JsonObject => {
    const own: JsonObject = { ...values };
    if ('outputs' in values) set(own, 'outputs', named(values.outputs));
    if (isJsonObject(values.root_module)) {
      const root: JsonObject = { ...values.root_module };
      if ('resources' in root) set(root, 'resources', resources(root.resources));
      own.root_module = root;
    }
    return own;
  };
  const acted = (actions: JsonValue | undefined): boolean => Array.isArray(actions) && actions.join(',') !== 'no-op';
  const plan: JsonObject = {};
  for (const [key, value] of Object.entries(shown)) {
    switch (key) {
      case 'format_version':
      case 'terraform_version':
      case 'timestamp':
      case 'complete':
      case 'errored':
        plan[key] = value;
        break;
      case 'applyable':
        break;
      case 'variables':
      case 'output_changes':
        set(plan, key, named(value));
        break;
      case 'planned_values':
        plan[key] = moduleValues(value as JsonObject);
        break;
      case 'prior_state': {
        const prior = value as JsonObject;
        plan[key] = { ...prior, values: moduleValues(prior.values as JsonObject) };
        break;
      }
      case 'resource_changes':
        set(plan, key, resources(value));
        break;
      case 'relevant_attributes':
        set(plan, key, (value as JsonObject[]).filter((entry) => mine(entry.resource)).map((entry) => ({ ...entry, resource: unprefixed(entry.resource as string) })));
        break;
      case 'configuration': {
        const configuration = value as JsonObject;
        const root = configuration.root_module as JsonObject;
        const own: JsonObject = { ...root };
        if ('resources' in root) set(own, 'resources', resources(root.resources, true));
        if ('outputs' in root) set(own, 'outputs', named(root.outputs, withoutPrefix));
        if ('variables' in root) set(own, 'variables', named(root.variables));
        plan[key] = { ...configuration, root_module: own };
        break;
      }
      default:
        throw new Error(`terraform show -json: field ${key} is not split per shadow instance; teach instancePlan about it`);
    }
  }
  if ('applyable' in shown) {
    const changes = (plan.resource_changes as JsonObject[] | undefined) ?? [];
    const outputs = Object.values((plan.output_changes as JsonObject | undefined) ?? {}).filter(isJsonObject);
    // Terraform's Plan.CanApply: some resource or root output change is not a no-op.
    plan.applyable = shown.applyable === true && (changes.some((change) => acted((change.change as JsonObject).actions)) || outputs.some((output) => acted(output.actions)));
  }
  return plan;
}

/** Terraform's local state file (format version 4), the parts a copy of a baseline touches. */
interface LocalState {
  serial: number;
  outputs?: Record<string, JsonValue>;
  resources: Array<{ name: string; instances: Array<{ dependencies?: string[] } & Record<string, JsonValue>> } & Record<string, JsonValue>>;
}

/**
 * Applies the baseline of every instance into `dir` (`args`: the apply's flags), sharing applies:
 * of the instances whose shadow alone is the same configuration, the first is applied and the
 * others get a copy of its state, every name (resource, dependency, output) moved to their own
 * prefix. Terraform would create the same objects: `terraform_data` stores its input as given, and
 * only the random ids differ (the copies share the applied ones). Returns the instances copied.
 */
export async function applyBaselines(dir: string, instances: readonly ShadowInstance[], ...args: string[]): Promise<Set<ShadowInstance>> {
  const applied = new Map<string, ShadowInstance>();
  const copies: Array<[ShadowInstance, ShadowInstance]> = [];
  for (const instance of instances) {
    const key = JSON.stringify(instance.alone.configuration);
    const first = applied.get(key);
    if (first) copies.push([instance, first]);
    else applied.set(key, instance);
  }
  writeConfiguration(dir, mergeConfigurations([...applied.values()].map((instance) => instance.shadow.configuration)));
  await terraform(dir, 'apply', '-auto-approve', '-input=false', '-no-color', ...args);
  if (copies.length === 0) return new Set();
  const file = join(dir, 'terraform.tfstate');
  const state = JSON.parse(readFileSync(file, 'utf8')) as LocalState;
  const renamed = (name: string, from: ShadowInstance, to: ShadowInstance): string => {
    if (!name.startsWith(from.prefix)) throw new Error(`state name ${name} is not of instance ${from.prefix}`);
    return `${to.prefix}${name.slice(from.prefix.length)}`;
  };
  const address = (dependency: string, from: ShadowInstance, to: ShadowInstance): string => {
    const [type, name] = dependency.split('.');
    return `${type}.${renamed(name, from, to)}`;
  };
  for (const [copy, of] of copies) {
    for (const resource of state.resources.filter((candidate) => candidate.name.startsWith(of.prefix))) {
      state.resources.push({
        ...structuredClone(resource),
        name: renamed(resource.name, of, copy),
        instances: resource.instances.map((object) => ({
          ...structuredClone(object),
          ...(object.dependencies ? { dependencies: object.dependencies.map((dependency) => address(dependency, of, copy)) } : {}),
        })),
      });
    }
    for (const [name, output] of Object.entries(state.outputs ?? {})) if (name.startsWith(of.prefix)) (state.outputs as Record<string, JsonValue>)[renamed(name, of, copy)] = structuredClone(output);
  }
  state.serial += 1;
  writeFileSync(file, JSON.stringify(state, null, 2));
  return new Set(copies.map(([copy]) => copy));
}

/** What to plan on one instance of a batch. */
export interface InstanceRequest {
  /** Real addresses to `-replace`. */
  readonly replace?: readonly string[];
  /** Remote-state variables (names as the shadow alone has them) with a new value. */
  readonly changedInputs?: readonly string[];
  /**
   * Changes the instance's configuration (its own, prefixed names: read them from `instance.shadow`)
   * after the baseline is applied and before the plan.
   */
  readonly edit?: (configuration: JsonObject, instance: ShadowInstance) => void;
}

/**
 * Many shadows in one working directory: `apply` builds every instance's baseline (one apply),
 * `plan` plans every instance's request (one plan, one show); `planOf` is one instance's plan, as
 * Terraform prints it for that shadow alone, mapped to real addresses.
 */
export class ShadowBatch {
  private readonly entries: Array<{ readonly instance: ShadowInstance; readonly request: InstanceRequest }> = [];
  private readonly shown = new Map<ShadowInstance, JsonObject>();
  private copies = new Set<ShadowInstance>();

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  /** Adds an instance of `stack`'s shadow, to be planned with `request`. */
  add(stack: StackGraph, request: InstanceRequest = {}): ShadowInstance {
    const instance = shadowInstance(stack, `i${this.entries.length}__`);
    this.entries.push({ instance, request });
    return instance;
  }

  /** Applies every instance's baseline (remote-state variables at "initial"; see `applyBaselines`). */
  async apply(): Promise<void> {
    this.copies = await applyBaselines(this.dir, this.entries.map(({ instance }) => instance), '-refresh=false');
  }

  /** Whether the instance's baseline is a copy of another instance's applied state. */
  copied(instance: ShadowInstance): boolean {
    return this.copies.has(instance);
  }

  /** Plans every instance's request at once (edited configurations, every -replace and -var). */
  async plan(): Promise<void> {
    const configurations = this.entries.map(({ instance, request }) => {
      const configuration = structuredClone(instance.shadow.configuration);
      request.edit?.(configuration, instance);
      return configuration;
    });
    writeConfiguration(this.dir, mergeConfigurations(configurations));
    const args = this.entries.flatMap(({ instance, request }) => [
      ...(request.replace ?? []).map((address) => `-replace=${instance.shadow.shadowAddressOf.get(address) ?? address}`),
      ...(request.changedInputs ?? []).map((variable) => `-var=${instance.prefix}${variable}=rotated`),
    ]);
    const shown = await planAndShow(this.dir, 'batch', ...args);
    for (const { instance } of this.entries) this.shown.set(instance, instancePlan(shown, instance.prefix));
  }

  /** The instance's plan as `terraform show -json` prints it for its shadow alone (shadow addresses). */
  shownOf(instance: ShadowInstance): JsonObject {
    const shown = this.shown.get(instance);
    if (!shown) throw new Error(`instance ${instance.prefix} has not been planned`);
    return shown;
  }

  /** The instance's plan, mapped to real addresses (as `planShadow`). */
  planOf(instance: ShadowInstance): JsonObject {
    return realPlanFromShadow(this.shownOf(instance), instance.alone);
  }
}

/** Non-no-op resource actions of a (mapped) plan: address -> replace | update | delete | create. */
export function actionsOf(plan: JsonObject): Record<string, string> {
  const actions: Record<string, string> = {};
  for (const change of plan.resource_changes as Array<{ address: string; change: { actions: string[] } }>) {
    const key = change.change.actions.join(',');
    if (key === 'no-op' || key === 'read') continue;
    actions[change.address] = key === 'delete,create' || key === 'create,delete' ? 'replace' : key;
  }
  return actions;
}

/** Names of outputs the plan changes. */
export function changedOutputsOf(plan: JsonObject): string[] {
  const outputs = (plan.output_changes ?? {}) as Record<string, { actions: string[] }>;
  return Object.keys(outputs).filter((name) => outputs[name].actions.join(',') !== 'no-op').sort();
}

/** Terraform's own add/change/destroy counts of a plan. */
export function summaryOf(plan: JsonObject): { add: number; change: number; destroy: number } {
  let add = 0;
  let change = 0;
  let destroy = 0;
  for (const action of Object.values(actionsOf(plan))) {
    if (action === 'replace') {
      add++;
      destroy++;
    } else if (action === 'create') add++;
    else if (action === 'update') change++;
    else if (action === 'delete') destroy++;
  }
  return { add, change, destroy };
}
