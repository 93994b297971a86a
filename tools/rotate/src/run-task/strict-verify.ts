/**
 * The one place the run task (and nothing else of it) calls the engine of `rotate verify`
 * (verify.ts). Strict: every change outside the prediction fails, creations and in-place updates
 * included, and so do an errored or unapplyable plan and duplicate addresses.
 *
 * MERGE NOTE (issue 10): `verifyPlan` becomes strict itself and gains options (`--allow-extra`,
 * `action_reason` checks). Once merged, this adapter only forwards to it and maps its violations;
 * the checks below marked "until issue 10" go away. Nothing else in run-task/ needs to change.
 */
import type { Result } from '../errors';
import { failed, ok } from '../errors';
import type { StackGraph } from '../graph';
import type { StackPrediction } from '../predict';
import type { TerraformPlanJson } from '../verify';
import { checkPlanStack, describeViolation, verifyPlan } from '../verify';

/** One address where the plan leaves the prediction, in words. */
export interface Deviation {
  readonly address: string;
  /** `<address>: <what>`, as `rotate verify` prints it. */
  readonly line: string;
}

/** How a real plan compares with a rotation's prediction. */
export interface StrictVerdict {
  readonly deviations: readonly Deviation[];
  /** Predicted changes the plan makes. */
  readonly matched: readonly string[];
}

/** Compares `plan` with `prediction` strictly; an error when the plan is not for `stack` or not usable. */
export function verifyStrictly(plan: TerraformPlanJson, stack: StackGraph, prediction: StackPrediction): Result<StrictVerdict> {
  const raw = plan as unknown as { errored?: unknown; applyable?: unknown };
  // Until issue 10: refuse plans Terraform itself would not apply.
  if (raw.errored === true) return failed({ kind: 'plan-malformed', path: 'of the run', detail: 'the plan errored ("errored": true)' });
  if (raw.applyable === false) return failed({ kind: 'plan-malformed', path: 'of the run', detail: 'the plan is not applyable ("applyable": false)' });
  const seen = new Set<string>();
  for (const change of plan.resource_changes) {
    if (seen.has(change.address)) return failed({ kind: 'plan-malformed', path: 'of the run', detail: `${change.address} appears twice in resource_changes` });
    seen.add(change.address);
  }
  const belongs = checkPlanStack(plan, stack);
  if (!belongs.ok) return failed(belongs.error);
  const report = verifyPlan(plan, prediction);
  const deviations: Deviation[] = report.violations.map((violation) => ({ address: violation.address, line: describeViolation(violation) }));
  // Until issue 10: creations and in-place updates outside the prediction fail too.
  for (const change of report.unexpectedChanges) deviations.push({ address: change.address, line: `${change.address}: ${change.actual}, predicted no change` });
  deviations.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  return ok({ deviations, matched: report.matched });
}
