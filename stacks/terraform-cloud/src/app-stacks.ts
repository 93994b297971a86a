/**
 * What the terraform-cloud stack needs to know about the other stacks of the app, read from the
 * construct tree once cdktf has resolved the cross-stack references (never a hand-kept list): each
 * stack's directory, its providers, and the stacks whose state it reads.
 */
import { Manifest, TerraformProvider, TerraformStack } from 'cdktf';

/** cdktf's id prefix of the `terraform_remote_state` it adds for a cross-stack reference. */
export const CROSS_STACK_INPUT_PREFIX = 'cross-stack-reference-input-';

/** One stack of the app, as its workspace sees it. */
export interface AppStack {
  /** Stack name (`tomoda-prod`). */
  readonly name: string;
  /** Directory of its configuration in the synthesized output (`stacks/tomoda-prod`): the workspace's working directory. */
  readonly directory: string;
  /** Provider types it configures (`aws`, `kubernetes`), sorted. */
  readonly providers: readonly string[];
  /** Stacks whose state it reads through a cross-stack reference, sorted. */
  readonly reads: readonly string[];
}

/** `stacks` as their workspaces see them; call once every stack's cross-stack references are resolved. */
export function describeAppStacks(stacks: readonly TerraformStack[]): AppStack[] {
  return stacks.map((stack) => {
    const providers = stack.node.findAll().filter(TerraformProvider.isTerraformProvider).map((provider) => provider.terraformResourceType);
    const reads = stack.node.children
      .map((child) => child.node.id)
      .filter((id) => id.startsWith(CROSS_STACK_INPUT_PREFIX))
      .map((id) => {
        const source = stacks.find((candidate) => candidate.node.path === id.slice(CROSS_STACK_INPUT_PREFIX.length));
        if (!source) throw new Error(`${stack.node.id} reads the state of "${id.slice(CROSS_STACK_INPUT_PREFIX.length)}", which is not a stack of the app`);
        return source.node.id;
      });
    return {
      name: stack.node.id,
      directory: `${Manifest.stacksFolder}/${stack.node.id}`,
      providers: [...new Set(providers)].sort(),
      reads: [...new Set(reads)].sort(),
    };
  });
}

/** Cross-stack edges that remain: `reader` reads the state of `source`. */
export function stateReads(stacks: readonly AppStack[]): Array<{ readonly source: string; readonly reader: string }> {
  return stacks.flatMap((stack) => stack.reads.map((source) => ({ source, reader: stack.name })));
}

/** Provider types that reach a Kubernetes cluster: their stacks run on an agent that holds the kubeconfig. */
export const CLUSTER_PROVIDERS: readonly string[] = ['kubernetes', 'helm'];

/** Whether `stack` reaches a cluster. */
export function reachesCluster(stack: AppStack): boolean {
  return stack.providers.some((provider) => CLUSTER_PROVIDERS.includes(provider));
}
