/**
 * `rotate verify --strategy two-slot --phase N` (pure), on top of verify.ts: a phase plan belongs to
 * the stack if its configuration matches the phase's declaration and its prior state the previous
 * one; and no slot of the credential is ever destroyed while it is not switched off.
 */
import type { CredentialSlotMetadata } from '@raxx/constructs';
import type { Result } from '../errors';
import { failed, ok } from '../errors';
import type { GraphNode, StackGraph } from '../graph/graph';
import type { JsonValue } from '../graph/terraform-json';
import { isJsonObject } from '../graph/terraform-json';
import type { TerraformPlanJson } from './verify';
import { checkPlanStack, plannedAction } from './verify';

function baseAddress(address: string): string {
  return address.replace(/\[[^\]]*\]$/, '');
}

/**
 * Checks a phase's plan belongs to `stack`: every address it names is in the stack before or after
 * the phase, its configuration has the constants of `after`, its prior state those of `before`.
 */
export function checkPhasePlanStack(plan: TerraformPlanJson, before: StackGraph, after: StackGraph): Result<void> {
  const foreign = plan.resource_changes.map((change) => baseAddress(change.address)).filter((address) => !address.startsWith('module.') && !before.nodes.has(address) && !after.nodes.has(address));
  if (foreign.length > 0) {
    return failed({ kind: 'plan-other-stack', stack: after.name, detail: `${foreign.length} address(es) the stack lacks, e.g. ${[...new Set(foreign)].sort().slice(0, 3).join(', ')}` });
  }
  const configured = checkPlanStack({ ...plan, resource_changes: [], prior_state: undefined }, after);
  if (!configured.ok) return configured;
  if (plan.prior_state === undefined) return ok(undefined);
  return checkPlanStack({ ...plan, resource_changes: [], configuration: undefined }, before);
}

/** A slot the plan destroys while it is still usable. */
export interface ActiveSlotDestroyed {
  readonly address: string;
  /** The status it has in the plan's prior state (`Active`), or `unknown` when the state does not say. */
  readonly status: string;
}

function priorValues(plan: TerraformPlanJson): Map<string, JsonValue> {
  const values = new Map<string, JsonValue>();
  const root = isJsonObject(plan.prior_state) && isJsonObject(plan.prior_state.values) ? plan.prior_state.values.root_module : undefined;
  const resources = isJsonObject(root) && Array.isArray(root.resources) ? root.resources : [];
  for (const resource of resources) {
    if (isJsonObject(resource) && typeof resource.address === 'string' && resource.values !== undefined) values.set(resource.address, resource.values);
  }
  return values;
}

/**
 * The slots of the credential the plan deletes or replaces while their prior state is not the
 * inactive status (`Inactive`, `disabled`): the contract "never destroyed while active", checked on
 * the real plan, whatever the configuration says.
 */
export function activeSlotsDestroyed(plan: TerraformPlanJson, slots: CredentialSlotMetadata): ActiveSlotDestroyed[] {
  const addresses = new Set([slots.addresses.a, slots.addresses.b]);
  const prior = priorValues(plan);
  const found: ActiveSlotDestroyed[] = [];
  for (const change of plan.resource_changes) {
    const action = plannedAction(change.change.actions);
    if (!addresses.has(change.address) || (action !== 'delete' && action !== 'replace')) continue;
    const values = prior.get(change.address);
    const status = isJsonObject(values) ? values[slots.status.attribute] : undefined;
    if (status === slots.status.inactive) continue;
    found.push({ address: change.address, status: typeof status === 'string' ? status : 'unknown' });
  }
  return found.sort((a, b) => (a.address < b.address ? -1 : 1));
}

/** One line per slot destroyed while usable. */
export function describeActiveSlotDestroyed(destroyed: ActiveSlotDestroyed, slots: CredentialSlotMetadata): string {
  return `${destroyed.address}: destroyed while ${slots.status.attribute} = ${JSON.stringify(destroyed.status)}; switch it off first (${slots.status.attribute} = "${slots.status.inactive}", phase 2)`;
}

/** The slot metadata of `node`'s credential in `stack`, for the guard (any slot carries it). */
export function slotsOf(stack: StackGraph, credential: string, read: (node: GraphNode) => CredentialSlotMetadata | undefined): CredentialSlotMetadata | undefined {
  for (const node of stack.nodes.values()) {
    const metadata = read(node);
    if (metadata?.credential === credential) return metadata;
  }
  return undefined;
}
