/**
 * Terraform Cloud workspace names and stacks (pure): every stack has its own workspace
 * `raxx-<stack>` (`workspaceName` of @raxx/constructs, which the stacks' `cloud` block uses).
 */

/** Prefix of `workspaceName` in @raxx/constructs (kept literal so the server loads without cdktf). */
export const WORKSPACE_PREFIX = 'raxx-';

/** The stack whose workspace is `workspace`, or undefined when no stack of `stackNames` has it. */
export function stackOfWorkspace(workspace: string, stackNames: readonly string[]): string | undefined {
  if (!workspace.startsWith(WORKSPACE_PREFIX)) return undefined;
  const stack = workspace.slice(WORKSPACE_PREFIX.length);
  return stackNames.includes(stack) ? stack : undefined;
}
