/**
 * One run's review, from the run task request and the downloaded plan text to the outcomes. Pure
 * apart from loading the IAM catalog (policy-proof's rules query it synchronously once loaded).
 */
import type { NagException } from '@raxx/policy-proof';
import type { NagReport } from '@raxx/policy-proof';
import { checkPlannedResources, checkPolicyDocuments, plannedResourcesOf } from '@raxx/policy-proof';
import type { RepositoryGraph, StackGraph } from '@raxx/rotation/graph/graph';
import { describeError } from '@raxx/rotation/render/errors';
import { parsePlanJson } from '@raxx/rotation/verify/verify';
import type { CheckOutcome } from './outcomes';
import { failedBecause, iamOutcome, rotationExplains, rotationOutcome } from './outcomes';
import { destroysOutcome, planIntegrityOutcome } from './plan-review';
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

function merged(a: NagReport, b: NagReport): NagReport {
  const evaluations: Record<string, number> = { ...a.evaluations };
  for (const [rule, count] of Object.entries(b.evaluations)) evaluations[rule] = (evaluations[rule] ?? 0) + count;
  return { findings: [...a.findings, ...b.findings], allowed: [...a.allowed, ...b.allowed], errors: [...new Set([...a.errors, ...b.errors])], evaluations };
}

/**
 * Every check of a post_plan run, rotation or not, strict: the plan is usable and the stack's; a
 * replace of a declared rotation target matches its prediction; no other stateful or credential
 * resource is destroyed unless declared; the IAM rule pack on the planned values.
 */
/** Every check of the plan `planText` of a run in `workspace`; `exceptions` are the stacks' nag exceptions (their proofs). */
export async function reviewPlan(graph: RepositoryGraph, workspace: string, runId: string, planText: string, exceptions: readonly NagException[] = []): Promise<CheckOutcome[]> {
  const found = stackForWorkspace(graph, workspace);
  if ('outcome' in found) return [found.outcome];
  const plan = parsePlanJson(planText, `the plan JSON of ${runId}`);
  if (!plan.ok) return [failedBecause('plan', `unreadable plan: ${describeError(plan.error)}`)];
  const outcomes: CheckOutcome[] = [planIntegrityOutcome(plan.value, found.stack)];
  const rotation = rotationOutcome(graph, found.stack, plan.value);
  if (rotation) outcomes.push(rotation);
  outcomes.push(destroysOutcome(plan.value, found.stack.name, rotationExplains(graph, found.stack, plan.value), exceptions));
  const planned = plannedPolicies(plan.value, found.stack.name);
  const documents = await checkPolicyDocuments(planned.policies, planned.attachments, { exceptions });
  const resources = checkPlannedResources(found.stack.name, plannedResourcesOf(plan.value), { exceptions });
  outcomes.push(iamOutcome(merged(documents, resources), planned.policies.length, planned.uncheckable));
  return outcomes;
}
