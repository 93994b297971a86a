/**
 * The rotation runbook (pure, synchronous): from the repository graph and a target to a runbook value.
 * In-state keys are replaced (`replace.ts`); out-of-state keys get the create-before-delete runbook of their
 * seed (`create-before-delete.ts`). Nothing here reads files, runs commands or prints.
 */
import type { Result } from '../errors';
import { failed, ok } from '../errors';
import type { RepositoryGraph } from '../graph/graph';
import type { PredictedChange, StackPrediction } from '../predict/predict';
import type { RotationTarget } from '../graph/targets';
import { findTargets } from '../graph/targets';
import { planOutOfState } from './create-before-delete/create-before-delete';
import { planEmergencyRevoke } from './emergency-revoke/emergency-revoke';
import { planInState } from './replace/replace';
import type { PlanRequest, ReplaceRotationPlan, RotationPlan, RotationStrategy, Runbook } from './types';

export * from './types';
export { ROTATE_COMMAND } from './rotate-command';
export { CONSUMERS_ANNOTATION } from './kubernetes-objects';
export { ESO_DEFAULT_REFRESH_INTERVAL, SECRET_VALUE_WRITERS } from './cluster-follow-ups';
export { declarationIn, phaseGraphs, planTwoSlot, predictPhase } from './two-slot/two-slot';
export type { TwoSlotGraphs } from './two-slot/two-slot';
export * from './two-slot/states';

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

/** The strategies that apply to a key in Terraform state and to one outside it. */
export const APPLICABLE_STRATEGIES: Readonly<Record<'in-state' | 'out-of-state', readonly RotationStrategy[]>> = {
  'in-state': ['replace', 'two-slot'],
  'out-of-state': ['create-before-delete', 'replace'],
};

/**
 * The runbooks `request` asks for with a strategy that needs no synthesis: `replace` (keys in state:
 * taint-and-replace; keys outside: revoke every key at once) or `create-before-delete` (keys outside).
 * `two-slot` needs the graph of each declaration (the CLI's io/two-slot-run.ts synthesizes them, two-slot/two-slot.ts plans).
 */
export function planWithStrategy(graph: RepositoryGraph, request: PlanRequest): Result<Runbook[]> {
  const found = findTargets(graph, request.target, request.stack);
  if (!found.ok) return failed(found.error);
  const strategy = request.strategy;
  if (strategy === undefined) return ok(found.value.map((target) => planRotationOf(graph, target)));
  const runbooks: Runbook[] = [];
  for (const target of found.value) {
    if (strategy === 'replace') runbooks.push(target.kind === 'in-state' ? planInState(graph, target) : planEmergencyRevoke(graph, target));
    else if (strategy === 'create-before-delete' && target.kind === 'out-of-state') runbooks.push(planOutOfState(graph, target));
    else return failed({ kind: 'strategy-not-applicable', target: target.name, stack: target.stack, strategy, keyKind: target.kind, applicable: APPLICABLE_STRATEGIES[target.kind] });
  }
  return ok(runbooks);
}

/** Every stack prediction of an in-state plan: its own stack first, then the downstream stacks. */
export function predictionsOf(plan: ReplaceRotationPlan): StackPrediction[] {
  return [
    plan.expected,
    ...plan.followUps.flatMap((followUp) => (followUp.kind === 'apply-downstream-stack' ? [followUp.expected] : [])),
  ];
}

export type { PredictedChange };
