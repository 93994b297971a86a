/**
 * The post_apply check: what the configuration promised is what was applied. The workspace's current
 * state version (Terraform Cloud API), its hosted JSON state downloaded in memory; every rotatable key
 * in that state must be one the stack declares, with the status it declares (a two-slot phase 2 leaves
 * the old slot Inactive, phase 3 removes it), and every declared key must be there.
 */
import type { GraphNode, StackGraph } from '@raxx/rotation/graph/graph';
import type { RepositoryGraph } from '@raxx/rotation/graph/graph';
import { ROTATABLE_TYPES } from '@raxx/rotation/graph/targets';
import type { JsonObject, JsonValue } from '@raxx/rotation/graph/terraform-json';
import { isJsonObject } from '@raxx/rotation/graph/terraform-json';
import { getWithToken } from '@raxx/tfc-api/tfc-client';
import type { CheckOutcome } from './outcomes';
import { failedBecause } from './outcomes';
import type { RunTaskRequest } from './payload';
import { isUnderTerraformCloud } from './payload';

/** A key of the applied state that differs from what the configuration declares. */
export interface AppliedKeyMismatch {
  readonly address: string;
  readonly problem: string;
}

function stateResources(state: JsonObject): JsonObject[] {
  const values = state.values;
  const root = isJsonObject(values) ? values.root_module : undefined;
  const resources = isJsonObject(root) ? root.resources : undefined;
  return Array.isArray(resources) ? resources.filter(isJsonObject) : [];
}

function declaredStatus(node: GraphNode): string | undefined {
  const status = isJsonObject(node.body) ? node.body.status : undefined;
  return typeof status === 'string' && !status.includes('${') ? status : undefined;
}

/** The rotatable keys of `state` (a `terraform show -json` state) against `stack`'s declaration (pure). */
export function appliedKeyMismatches(stack: StackGraph, state: JsonObject): AppliedKeyMismatch[] {
  const mismatches: AppliedKeyMismatch[] = [];
  const inState = new Map<string, JsonObject>();
  for (const resource of stateResources(state)) {
    if (typeof resource.address === 'string' && typeof resource.type === 'string' && resource.type in ROTATABLE_TYPES) inState.set(resource.address, resource);
  }
  for (const [address, resource] of inState) {
    const node = stack.nodes.get(address);
    if (!node) {
      mismatches.push({ address, problem: 'still in the applied state, but the configuration no longer declares it (the old slot was to be deleted)' });
      continue;
    }
    const declared = declaredStatus(node);
    const values = isJsonObject(resource.values) ? resource.values : {};
    const applied: JsonValue | undefined = values.status;
    if (declared !== undefined && typeof applied === 'string' && applied !== declared) {
      mismatches.push({ address, problem: `status is ${applied} in the applied state, the configuration declares ${declared}` });
    }
  }
  for (const node of stack.nodes.values()) {
    if (node.kind === 'resource' && node.type in ROTATABLE_TYPES && !inState.has(node.address)) {
      mismatches.push({ address: node.address, problem: 'declared by the configuration, missing from the applied state' });
    }
  }
  return mismatches.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}

/** Reads the applied state of the run's workspace and checks its keys. */
export async function postApplyOutcomes(graph: RepositoryGraph, stack: StackGraph, request: RunTaskRequest, tfeAddress: URL, timeoutMs: number, maxBytes: number): Promise<CheckOutcome[]> {
  void graph;
  if (!request.workspaceId) return [failedBecause('applied-state', 'no workspace_id in the post_apply request: the applied state cannot be read')];
  const base = tfeAddress.href.replace(/\/+$/, '');
  const versionUrl = new URL(`${base}/api/v2/workspaces/${request.workspaceId}/current-state-version`);
  const version = await getWithToken(versionUrl, request.accessToken, tfeAddress.origin, { timeoutMs, maxBytes: 1024 * 1024 });
  if (!version.ok) return [failedBecause('applied-state', `the current state version could not be read (${version.reason})`)];
  if (version.status !== 200) return [failedBecause('applied-state', `the current state version answered HTTP ${version.status}`)];
  let download: URL | undefined;
  try {
    const parsed = JSON.parse(version.text) as { data?: { attributes?: Record<string, unknown> } };
    const raw = parsed.data?.attributes?.['hosted-json-state-download-url'];
    download = typeof raw === 'string' ? new URL(raw) : undefined;
  } catch {
    download = undefined;
  }
  if (!download) return [failedBecause('applied-state', 'the current state version has no hosted JSON state yet (hosted-json-state-download-url)')];
  if (!isUnderTerraformCloud(download, tfeAddress) && download.protocol !== 'https:') return [failedBecause('applied-state', 'the hosted JSON state URL is not https: not fetched')];
  const state = await getWithToken(download, request.accessToken, tfeAddress.origin, { timeoutMs, maxBytes });
  if (!state.ok || state.status !== 200) return [failedBecause('applied-state', `the applied state could not be downloaded (${state.ok ? `HTTP ${state.status}` : state.reason})`)];
  let parsed: unknown;
  try {
    parsed = JSON.parse(state.text);
  } catch {
    parsed = undefined;
  }
  if (!isJsonObject(parsed as JsonValue)) return [failedBecause('applied-state', 'the applied state is not JSON state (terraform show -json)')];
  const mismatches = appliedKeyMismatches(stack, parsed as JsonObject);
  if (mismatches.length === 0) {
    return [{ id: 'applied-state', passed: true, description: `applied state of ${stack.name}: every key as the configuration declares (old slots gone or Inactive)`, body: '**Passed:** every rotatable key of the applied state is declared, with its declared status.' }];
  }
  return [
    {
      id: 'applied-state',
      passed: false,
      description: `applied state of ${stack.name}: ${mismatches.map((mismatch) => mismatch.address).join(', ')} not as declared`.slice(0, 250),
      body: ['**Failed:** the apply did not leave the keys as the configuration declares.', '', '### Offending addresses', '', ...mismatches.map((mismatch) => `- \`${mismatch.address}\`: ${mismatch.problem}`)].join('\n'),
    },
  ];
}
