/**
 * Rotatable targets, discovered from the graph: every resource of a rotatable type (a key whose
 * material is in state: `aws_iam_access_key`, `cloudflare_api_token`, `cloudflare_account_token`) and every out-of-state
 * credential recorded in a resource's `//` block (`raxx_out_of_state_credential`).
 */
import type { CredentialSlotMetadata, OutOfStateCredential } from '@raxx/terraform-json';
import { CREDENTIAL_SLOT_KEY, IN_STATE_KEY_TYPES, isJsonObject, isOutOfStateCredential, OUT_OF_STATE_CREDENTIAL_KEY } from '@raxx/terraform-json';
import type { RotationError, Result } from '../errors';
import { failed, ok } from '../errors';
import type { GraphNode, RepositoryGraph, StackGraph } from './graph';
import type { JsonObject } from './terraform-json';

export { OUT_OF_STATE_CREDENTIAL_KEY };

export { CREDENTIAL_SLOT_KEY };

/** Resource types whose key material lives in Terraform state and is rotated by replacing the resource. */
export const ROTATABLE_TYPES = IN_STATE_KEY_TYPES;

/**
 * A key in Terraform state: rotated by `terraform apply -replace` (the default, emergency strategy)
 * or, when it is a two-slot credential, by switching slots (`--strategy two-slot`).
 */
export interface InStateTarget {
  readonly kind: 'in-state';
  /** Logical name: the resource name (`r2_backup_token_dev`), or the credential of a two-slot key (`uploader_key`). */
  readonly name: string;
  /** The resource; of a two-slot credential, the active slot's (`aws_iam_access_key.uploader_key_a`). */
  readonly address: string;
  readonly type: string;
  readonly stack: string;
  /** Slot metadata, when the key is a two-slot credential (read from the active slot). */
  readonly slots?: CredentialSlotMetadata;
}

/** A key made by hand for a resource (an IAM user): rotated create-before-delete outside Terraform. */
export interface OutOfStateTarget {
  readonly kind: 'out-of-state';
  /** The credential's name (`freescout_backup_key`). */
  readonly name: string;
  /** Address of the resource that records it (`aws_iam_user.freescout_backup`). */
  readonly address: string;
  readonly stack: string;
  readonly credential: OutOfStateCredential;
}

export type RotationTarget = InStateTarget | OutOfStateTarget;

/** The slot metadata a two-slot credential records on each slot, when `node` has it. */
export function slotMetadataOf(node: GraphNode): CredentialSlotMetadata | undefined {
  const value = node.comment?.[CREDENTIAL_SLOT_KEY];
  if (!isJsonObject(value)) return undefined;
  return isCredentialSlotMetadata(value) ? value : undefined;
}

function targetsOfNode(stack: string, node: GraphNode): RotationTarget[] {
  if (node.kind !== 'resource') return [];
  const found: RotationTarget[] = [];
  const slots = slotMetadataOf(node);
  if (node.type in ROTATABLE_TYPES && slots?.role === 'active') found.push({ kind: 'in-state', name: slots.credential, address: node.address, type: node.type, stack, slots });
  else if (node.type in ROTATABLE_TYPES && !slots) found.push({ kind: 'in-state', name: node.name, address: node.address, type: node.type, stack });
  const credential = node.comment?.[OUT_OF_STATE_CREDENTIAL_KEY];
  if (isOutOfStateCredential(credential)) found.push({ kind: 'out-of-state', name: credential.name, address: node.address, stack, credential });
  return found;
}

/** The rotatable targets of one stack, sorted by name then address. */
export function rotationTargetsOf(stack: StackGraph): RotationTarget[] {
  const found: RotationTarget[] = [];
  for (const node of stack.nodes.values()) found.push(...targetsOfNode(stack.name, node));
  return found.sort((a, b) => (a.name === b.name ? (a.address < b.address ? -1 : 1) : a.name < b.name ? -1 : 1));
}

/** Every rotatable target, stacks in their stable order. */
export function allRotationTargets(graph: RepositoryGraph): RotationTarget[] {
  return graph.stackNames.flatMap((name) => rotationTargetsOf(graph.stacks.get(name) as StackGraph));
}

function matches(target: RotationTarget, query: string): boolean {
  return query.includes('.') ? target.address === query : target.name === query;
}

/**
 * The targets `query` (logical name or full address) names: one per stack that holds it, or only in
 * `stackName` when given. Errors: unknown stack, unknown target, a resource that is not a key, a
 * target absent from the given stack, a name that matches two resources of one stack.
 */
export function findTargets(graph: RepositoryGraph, query: string, stackName?: string): Result<RotationTarget[]> {
  if (stackName !== undefined && !graph.stacks.has(stackName)) {
    return failed({ kind: 'unknown-stack', stack: stackName, known: graph.stackNames });
  }
  const all = allRotationTargets(graph);
  const matching = all.filter((target) => matches(target, query));
  if (matching.length === 0) {
    for (const name of graph.stackNames) {
      const node = (graph.stacks.get(name) as StackGraph).nodes.get(query);
      const slots = node ? slotMetadataOf(node) : undefined;
      if (slots) return failed({ kind: 'standby-slot', target: query, stack: name, credential: slots.credential, role: slots.role });
      if (node && node.kind === 'resource') return failed({ kind: 'not-rotatable', target: query, type: node.type, rotatableTypes: Object.keys(ROTATABLE_TYPES) });
    }
    return failed({ kind: 'unknown-target', target: query, known: [...new Set(all.map((target) => target.name))].sort() });
  }
  const inScope = stackName === undefined ? matching : matching.filter((target) => target.stack === stackName);
  if (inScope.length === 0) {
    const node = (graph.stacks.get(stackName as string) as StackGraph).nodes.get(query);
    const slots = node ? slotMetadataOf(node) : undefined;
    if (slots) return failed({ kind: 'standby-slot', target: query, stack: stackName as string, credential: slots.credential, role: slots.role });
    return failed({ kind: 'target-not-in-stack', target: query, stack: stackName as string, holders: [...new Set(matching.map((target) => target.stack))] });
  }
  const byStack = new Map<string, RotationTarget[]>();
  for (const target of inScope) byStack.set(target.stack, [...(byStack.get(target.stack) ?? []), target]);
  for (const [stack, targets] of byStack) {
    if (targets.length > 1) {
      const error: RotationError = { kind: 'ambiguous-target', target: query, stack, addresses: targets.map((target) => target.address) };
      return failed(error);
    }
  }
  return ok(inScope);
}

/** Is `value` the credential-slot metadata a two-slot credential writes (every field of the right shape)? */
function isCredentialSlotMetadata(value: JsonObject): value is JsonObject & CredentialSlotMetadata {
  return (
    typeof value.credential === 'string' &&
    (value.slot === 'a' || value.slot === 'b') &&
    (value.role === 'active' || value.role === 'active-standby' || value.role === 'inactive') &&
    typeof value.slots === 'string' &&
    typeof value.slotsVariable === 'string' &&
    isJsonObject(value.addresses) &&
    isJsonObject(value.status) &&
    typeof value.maxAgeDays === 'number' &&
    typeof value.observationWindowHours === 'number'
  );
}
