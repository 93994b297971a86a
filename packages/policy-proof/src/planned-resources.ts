/**
 * The resources a Terraform plan leaves in place, as the resource rules see them: the planned values
 * (`resource_changes[].change.after`), what is known only after apply (`after_unknown`), and, from
 * the plan's `configuration`, which arguments are set and what they refer to (an attachment whose
 * `policy_arn` is known only after apply still names the policy it attaches).
 */
import { ArgumentValue, PolicyResource, addressWithoutIndex } from './policy-resources';

/** One planned resource (`resource_changes[]` entry, reduced). */
export interface PlannedResource {
  /** Address (`aws_iam_user_group_membership.m`, `module.x.aws_iam_policy.p[0]`). */
  readonly address: string;
  readonly type: string;
  /** `change.after`. */
  readonly after: Readonly<Record<string, unknown>>;
  /** `change.after_unknown`: `true`, or per argument `true` (or nested lists/objects of it). */
  readonly afterUnknown?: unknown;
  /** Argument -> addresses (without index, module-qualified) its configuration expression refers to. */
  readonly references?: Readonly<Record<string, readonly string[]>>;
  /** Arguments the configuration sets; omitted, every unknown argument is taken as set. */
  readonly configured?: readonly string[];
}

type Json = Readonly<Record<string, unknown>>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function containsUnknown(value: unknown): boolean {
  if (value === true) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (isObject(value)) return Object.values(value).some(containsUnknown);
  return false;
}

/** `resource` as the rules see it. */
export function plannedResource(resource: PlannedResource): PolicyResource {
  return {
    address: resource.address,
    type: resource.type,
    argument(name: string): ArgumentValue {
      const unknown = resource.afterUnknown === true || (isObject(resource.afterUnknown) && containsUnknown(resource.afterUnknown[name]));
      if (unknown) {
        return { state: 'unknown', reason: `${name} is known only after apply`, ...(resource.configured ? { configured: resource.configured.includes(name) } : {}) };
      }
      const value = resource.after[name];
      return value === undefined || value === null ? { state: 'absent' } : { state: 'known', value };
    },
    references(name: string): readonly string[] {
      return resource.references?.[name] ?? [];
    },
  };
}

/** A configuration reference (`aws_iam_group.admins.name`, `data.x.y.json`) as the address it names, or undefined (var., local., ...). */
function referencedAddress(reference: string, prefix: string): string | undefined {
  const match = /^((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)/.exec(addressWithoutIndex(reference));
  if (!match || /^(var|local|each|count|path|module|terraform|self)\./.test(match[1])) return undefined;
  return `${prefix}${match[1]}`;
}

function collectReferences(expression: unknown, prefix: string, into: Set<string>): void {
  if (Array.isArray(expression)) {
    for (const item of expression) collectReferences(item, prefix, into);
  } else if (isObject(expression)) {
    if (Array.isArray(expression.references)) {
      for (const reference of expression.references) {
        const address = typeof reference === 'string' ? referencedAddress(reference, prefix) : undefined;
        if (address) into.add(address);
      }
    }
    for (const [key, value] of Object.entries(expression)) if (key !== 'references' && key !== 'constant_value') collectReferences(value, prefix, into);
  }
}

interface ConfigurationResource {
  readonly references: Record<string, string[]>;
  readonly configured: string[];
}

function configurationResources(module: unknown, prefix: string, into: Map<string, ConfigurationResource>): void {
  if (!isObject(module)) return;
  for (const resource of Array.isArray(module.resources) ? module.resources : []) {
    if (!isObject(resource) || typeof resource.address !== 'string' || resource.mode === 'data') continue;
    const expressions = isObject(resource.expressions) ? resource.expressions : {};
    const references: Record<string, string[]> = {};
    for (const [argument, expression] of Object.entries(expressions)) {
      const found = new Set<string>();
      collectReferences(expression, prefix, found);
      references[argument] = [...found];
    }
    into.set(`${prefix}${resource.address}`, { references, configured: Object.keys(expressions) });
  }
  const calls = isObject(module.module_calls) ? module.module_calls : {};
  for (const [name, call] of Object.entries(calls)) {
    if (isObject(call)) configurationResources(call.module, `${prefix}module.${name}.`, into);
  }
}

/**
 * The managed resources a plan (a parsed `terraform show -json` of a saved plan) leaves in place:
 * every `resource_changes[]` entry that is not deleted, forgotten or read, with the references and
 * set arguments of its configuration when the plan carries one.
 */
export function plannedResourcesOf(plan: unknown): PlannedResource[] {
  if (!isObject(plan)) return [];
  const configuration = new Map<string, ConfigurationResource>();
  if (isObject(plan.configuration)) configurationResources(plan.configuration.root_module, '', configuration);
  const changes = Array.isArray(plan.resource_changes) ? plan.resource_changes.filter(isObject) : [];
  return changes.flatMap((entry): PlannedResource[] => {
    const { address, type, mode, change } = entry;
    if (typeof address !== 'string' || typeof type !== 'string' || mode === 'data' || !isObject(change)) return [];
    const actions = Array.isArray(change.actions) ? change.actions.join(',') : '';
    if (actions === 'delete' || actions === 'forget' || actions === 'read') return [];
    const config = configuration.get(addressWithoutIndex(address));
    return [
      {
        address,
        type,
        after: isObject(change.after) ? change.after : {},
        ...(change.after_unknown !== undefined ? { afterUnknown: change.after_unknown } : {}),
        ...(config ? { references: config.references, configured: config.configured } : {}),
      },
    ];
  });
}
