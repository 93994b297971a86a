/**
 * Terraform Cloud workspace names and stacks (pure): every stack has its own workspace
 * `raxx-<stack>` (`WORKSPACE_PREFIX` of @raxx/config, which `workspaceName` of @raxx/constructs and the stacks' `cloud` block uses).
 */
import { WORKSPACE_PREFIX } from '@raxx/config';

export { WORKSPACE_PREFIX };

/** The stack whose workspace is `workspace`, or undefined when no stack of `stackNames` has it. */
export function stackOfWorkspace(workspace: string, stackNames: readonly string[]): string | undefined {
  if (!workspace.startsWith(WORKSPACE_PREFIX)) return undefined;
  const stack = workspace.slice(WORKSPACE_PREFIX.length);
  return stackNames.includes(stack) ? stack : undefined;
}
