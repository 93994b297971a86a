/**
 * The rotation runbook (pure, synchronous): from the repository graph and a target to a runbook value.
 * In-state keys are replaced (`replace.ts`); out-of-state keys get the create-before-delete runbook of their
 * seed (`create-before-delete.ts`). Nothing here reads files, runs commands or prints.
 */
import type { Result } from '../errors';
import { failed, ok } from '../errors';
import type { RepositoryGraph } from '../graph';
import type { PredictedChange, StackPrediction } from '../predict';
import type { RotationTarget } from '../targets';
import { findTargets } from '../targets';
import { planOutOfState } from './create-before-delete';
import { planInState } from './replace';
import type { PlanRequest, ReplaceRotationPlan, RotationPlan } from './types';

export * from './types';
export { ROTATE_COMMAND } from './commands';
export { CONSUMERS_ANNOTATION } from './kubernetes-objects';
export { ESO_DEFAULT_REFRESH_INTERVAL, SECRET_VALUE_WRITERS } from './cluster-follow-ups';

/** The rotation plan of one target. */
export function planRotationOf(graph: RepositoryGraph, target: RotationTarget): RotationPlan {
  return target.kind === 'in-state' ? planInState(graph, target) : planOutOfState(graph, target);
}

/**
 * The rotation plans `request` asks for: one per stack holding the target (stack order), or the one
 * of `request.stack`.
 */
export function planRotation(graph: RepositoryGraph, request: PlanRequest): Result<RotationPlan[]> {
  const found = findTargets(graph, request.target, request.stack);
  if (!found.ok) return failed(found.error);
  return ok(found.value.map((target) => planRotationOf(graph, target)));
}

/** Every stack prediction of an in-state plan: its own stack first, then the downstream stacks. */
export function predictionsOf(plan: ReplaceRotationPlan): StackPrediction[] {
  return [
    plan.expected,
    ...plan.followUps.flatMap((followUp) => (followUp.kind === 'apply-downstream-stack' ? [followUp.expected] : [])),
  ];
}

export type { PredictedChange };
