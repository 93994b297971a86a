/**
 * Which stack a `data.terraform_remote_state` reads (pure): by cdktf's name for cross-stack reads
 * (`cross-stack-reference-input-<stack>`), or by its backend settings matching a stack's own (the
 * same local state path, or the same Terraform Cloud workspace).
 */
import { SynthesizedStack, TerraformBlock, TerraformJson } from './terraform-json';

/** Prefix cdktf gives the remote-state data source of a cross-stack reference. */
export const CROSS_STACK_INPUT_PREFIX = 'cross-stack-reference-input-';

function record(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Where a stack keeps its state: `local:<path>` or `workspace:<name>`, undefined when unknown. */
export function stateLocationOf(json: TerraformJson): string | undefined {
  const cloud = record(json.terraform?.cloud);
  const cloudWorkspace = record(cloud.workspaces).name;
  if (typeof cloudWorkspace === 'string') return `workspace:${cloudWorkspace}`;
  const backend = record(json.terraform?.backend);
  const remoteWorkspace = record(record(backend.remote).workspaces).name;
  if (typeof remoteWorkspace === 'string') return `workspace:${remoteWorkspace}`;
  const localPath = record(backend.local).path;
  return typeof localPath === 'string' ? `local:${localPath}` : undefined;
}

/** Where a remote-state data source reads from, in the terms of {@link stateLocationOf}. */
export function remoteStateLocationOf(block: TerraformBlock): string | undefined {
  const config = record(block.config);
  const workspace = record(config.workspaces).name;
  if ((block.backend === 'remote' || block.backend === 'cloud') && typeof workspace === 'string') return `workspace:${workspace}`;
  if (block.backend === 'local' && typeof config.path === 'string') return `local:${config.path}`;
  return undefined;
}

/** The stack of `stacks` that the remote-state data source `name` of `reader` reads, if any. */
export function upstreamStackOf(reader: string, name: string, block: TerraformBlock, stacks: readonly SynthesizedStack[]): SynthesizedStack | undefined {
  const others = stacks.filter((stack) => stack.name !== reader);
  if (name.startsWith(CROSS_STACK_INPUT_PREFIX)) {
    const named = others.find((stack) => stack.name === name.slice(CROSS_STACK_INPUT_PREFIX.length));
    if (named) return named;
  }
  const location = remoteStateLocationOf(block);
  return location === undefined ? undefined : others.find((stack) => stateLocationOf(stack.json) === location);
}
