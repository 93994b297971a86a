/**
 * One run's review, from the run task request and the downloaded plan text to the outcomes. Pure
 * apart from loading the IAM catalog (policy-proof's rules query it synchronously once loaded).
 */
import type { NagException } from '@raxx/policy-proof';
import { checkPolicyDocuments } from '@raxx/policy-proof';
import type { RepositoryGraph, StackGraph } from '@raxx/rotation/graph/graph';
import { describeError } from '@raxx/rotation/render/errors';
import { parsePlanJson } from '@raxx/rotation/verify/verify';
import type { CheckOutcome } from './outcomes';
import { failedBecause, iamOutcome, rotationOutcome } from './outcomes';
import { plannedPolicies } from './planned-policies';
import { stackOfWorkspace, WORKSPACE_PREFIX } from './workspace';

/** The stack of `workspace`, or the failed outcome that says why there is none. */
export function stackForWorkspace(graph: RepositoryGraph, workspace: string): { stack: StackGraph } | { outcome: CheckOutcome } {
  const name = stackOfWorkspace(workspace, graph.stackNames);
  if (name === undefined) {
    return {
      outcome: failedBecause(
        'workspace',
        `unknown workspace "${workspace}": no stack of this repository has it`,
        `Workspaces are \`${WORKSPACE_PREFIX}<stack>\`; stacks: ${graph.stackNames.join(', ')}. Attach this run task only to the workspaces of the terraform-cloud stack.`,
      ),
    };
  }
  return { stack: graph.stacks.get(name) as StackGraph };
}

/** Every check of the plan `planText` of a run in `workspace`; `exceptions` are the stacks' nag exceptions (their proofs). */
export async function reviewPlan(graph: RepositoryGraph, workspace: string, runId: string, planText: string, exceptions: readonly NagException[] = []): Promise<CheckOutcome[]> {
  const found = stackForWorkspace(graph, workspace);
  if ('outcome' in found) return [found.outcome];
  const plan = parsePlanJson(planText, `the plan JSON of ${runId}`);
  if (!plan.ok) return [failedBecause('plan', `unreadable plan: ${describeError(plan.error)}`)];
  const outcomes: CheckOutcome[] = [];
  const rotation = rotationOutcome(graph, found.stack, plan.value);
  if (rotation) outcomes.push(rotation);
  const planned = plannedPolicies(plan.value, found.stack.name);
  const report = await checkPolicyDocuments(planned.policies, planned.attachments, { exceptions });
  outcomes.push(iamOutcome(report, planned.policies.length, planned.uncheckable));
  return outcomes;
}
