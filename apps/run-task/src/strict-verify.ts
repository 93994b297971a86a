/**
 * The one place the run task (and nothing else of it) calls the engine of `rotate verify`
 * (verify.ts). Strict: every change outside the prediction fails, creations and in-place updates
 * included, and so do an errored or unapplyable plan and duplicate addresses.
 *
 * `verifyPlan` itself refuses errored, unapplyable and incomplete plans, checks `action_reason` and the
 * replace order; `parsePlanJson` refuses duplicate addresses. This adapter only maps the violations.
 */
import type { Result } from '@raxx/rotation/errors';
import { failed, ok } from '@raxx/rotation/errors';
import type { StackGraph } from '@raxx/rotation/graph/graph';
import type { StackPrediction } from '@raxx/rotation/predict/predict';
import type { TerraformPlanJson } from '@raxx/rotation/verify/verify';
import { checkPlanStack, describeViolation, verifyPlan } from '@raxx/rotation/verify/verify';

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
  const belongs = checkPlanStack(plan, stack);
  if (!belongs.ok) return failed(belongs.error);
  // No --allow-extra here: the run task accepts nothing outside the prediction.
  const report = verifyPlan(plan, prediction);
  // A rotation target replaced because it was tainted (`terraform taint`, the seed's "taint and apply") is the
  // same rotation as one replaced by request: only that reason, only on the requested address, is accepted.
  const requested = new Set(prediction.changes.filter((change) => change.requested).map((change) => change.address));
  const violations = report.violations.filter(
    (violation) => !(violation.kind === 'wrong-reason' && requested.has(violation.address) && violation.expected === 'replace_by_request' && violation.actual === 'replace_because_tainted'),
  );
  const deviations: Deviation[] = violations.map((violation) => ({ address: 'address' in violation ? violation.address : '(plan)', line: describeViolation(violation) }));
  deviations.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  return ok({ deviations, matched: report.matched });
}
