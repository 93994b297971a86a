/**
 * `rotate verify` (pure): compares a real plan (`terraform show -json` output) with the prediction.
 * Strict by default: the plan fails when Terraform could not finish or apply it, when any change lies
 * outside the prediction (create, update, delete, replace, forget, or an output), when a predicted
 * change is missing or different, and when a predicted replacement has another reason or order.
 * Changes outside the prediction pass only when named in `allowExtra`, and the report says which.
 */
import type { Result } from '../errors';
import { failed, ok } from '../errors';
import type { ChangeAction, PlanSummary, PredictedChange, StackPrediction } from '../predict/predict';
import type { PlannedAction, TerraformPlanJson } from './plan-json';
import { changeKey, plannedAction, validatePlanJson } from './plan-json';
import type { JsonValue } from '../graph/terraform-json';
import { baseAddress } from './plan-stack';

export type { PlannedAction, TerraformPlanJson, TerraformResourceChange } from './plan-json';
export { parsePlanJson, plannedAction, validatePlanJson } from './plan-json';
export { checkPlanStack, checkStateStack } from './plan-stack';

/** What `verify` accepts beyond the prediction. */
export interface VerifyOptions {
  /**
   * Changes outside the prediction to accept, each an address (`aws_iam_user_policy.uploader_policy`),
   * a resource type (`kubernetes_manifest`) or an output (`output.<name>`).
   * @default - none: every change outside the prediction fails
   */
  readonly allowExtra?: readonly string[];
}

/** Terraform's own counts of a plan (its `Plan:` line). */
export interface PlanCounts extends PlanSummary {
  readonly forget: number;
}

/** The order Terraform replaces an object in. */
export type ReplaceOrder = 'destroy-before-create' | 'create-before-destroy';

/** One way the plan leaves the prediction. */
export type PlanViolation =
  | { readonly kind: 'plan-errored' | 'plan-not-applyable' | 'plan-incomplete' }
  | { readonly kind: 'unexpected-change'; readonly address: string; readonly actual: PlannedAction }
  | { readonly kind: 'wrong-action'; readonly address: string; readonly expected: ChangeAction; readonly actual: PlannedAction }
  | { readonly kind: 'wrong-reason'; readonly address: string; readonly expected: string; readonly actual: string | undefined }
  | { readonly kind: 'wrong-order'; readonly address: string; readonly expected: ReplaceOrder; readonly actual: ReplaceOrder }
  | { readonly kind: 'missing-output-change'; readonly address: string; readonly actual: PlannedAction }
  | { readonly kind: 'unexpected-output-change'; readonly address: string; readonly actual: PlannedAction };

/** A change outside the prediction that `allowExtra` accepted. */
export interface AllowedChange {
  readonly address: string;
  readonly actual: PlannedAction;
  /** The `allowExtra` entry that accepted it. */
  readonly allowedBy: string;
}

/** The result of comparing a plan with a prediction. */
export interface VerifyReport {
  readonly stack: string;
  /** True when there is no violation. */
  readonly passed: boolean;
  /** Deviations that fail verification: plan-level ones first, then by address. */
  readonly violations: readonly PlanViolation[];
  /** Changes outside the prediction accepted by `allowExtra`, by address. */
  readonly allowed: readonly AllowedChange[];
  /** `allowExtra` entries that matched no change. */
  readonly unusedAllowances: readonly string[];
  /** Predicted changes the plan makes. */
  readonly matched: readonly string[];
  /** The real plan's counts. */
  readonly planned: PlanCounts;
  /** The predicted counts. */
  readonly predicted: PlanSummary;
}

/** The `action_reason` Terraform gives a predicted replacement. */
export function expectedReplaceReason(change: Pick<PredictedChange, 'requested'>): string {
  return change.requested ? 'replace_by_request' : 'replace_because_cannot_update';
}

function replaceOrder(actions: readonly string[]): ReplaceOrder {
  return actions[0] === 'create' ? 'create-before-destroy' : 'destroy-before-create';
}

function countsOf(plan: TerraformPlanJson): PlanCounts {
  const counts = { add: 0, change: 0, destroy: 0, forget: 0 };
  for (const change of plan.resource_changes) {
    const action = plannedAction(change.change.actions);
    if (action === 'create' || action === 'replace') counts.add++;
    if (action === 'delete' || action === 'replace') counts.destroy++;
    if (action === 'update') counts.change++;
    if (action === 'forget') counts.forget++;
  }
  return counts;
}

function allowanceFor(allowExtra: readonly string[], address: string, type: string | undefined): string | undefined {
  return allowExtra.find((entry) => entry === address || entry === baseAddress(address) || (type !== undefined && entry === type));
}

const PLAN_LEVEL: ReadonlySet<PlanViolation['kind']> = new Set(['plan-errored', 'plan-not-applyable', 'plan-incomplete']);

function violationAddress(violation: PlanViolation): string {
  return 'address' in violation ? violation.address : '';
}

/** Compares `plan` with `prediction` (pure). */
export function verifyPlan(plan: TerraformPlanJson, prediction: StackPrediction, options: VerifyOptions = {}): VerifyReport {
  const allowExtra = options.allowExtra ?? [];
  const violations: PlanViolation[] = [];
  if (plan.errored === true) violations.push({ kind: 'plan-errored' });
  // Terraform marks a plan without changes not applyable too: that is the expected plan of a key out of state.
  const expectsChanges = prediction.changes.some((change) => change.action !== 'read') || prediction.outputChanges.length > 0;
  if (plan.applyable === false && expectsChanges) violations.push({ kind: 'plan-not-applyable' });
  if (plan.complete === false) violations.push({ kind: 'plan-incomplete' });

  const byKey = new Map(plan.resource_changes.map((change) => [changeKey(change), change]));
  const matched: string[] = [];
  const predicted = new Set<string>();
  for (const change of prediction.changes) {
    predicted.add(change.address);
    if (change.action === 'read') continue;
    const real = byKey.get(change.address);
    const planned = real ? plannedAction(real.change.actions) : 'no-op';
    if (planned !== change.action) {
      violations.push({ kind: 'wrong-action', address: change.address, expected: change.action, actual: planned });
      continue;
    }
    if (change.action === 'replace' && real) {
      const reason = expectedReplaceReason(change);
      if (real.action_reason !== reason) violations.push({ kind: 'wrong-reason', address: change.address, expected: reason, actual: real.action_reason });
      const order: ReplaceOrder = change.createBeforeDestroy ? 'create-before-destroy' : 'destroy-before-create';
      const actualOrder = replaceOrder(real.change.actions);
      if (actualOrder !== order) violations.push({ kind: 'wrong-order', address: change.address, expected: order, actual: actualOrder });
    }
    matched.push(change.address);
  }

  const allowed: AllowedChange[] = [];
  const accept = (address: string, type: string | undefined, actual: PlannedAction, violation: PlanViolation): void => {
    const allowedBy = allowanceFor(allowExtra, address, type);
    if (allowedBy === undefined) violations.push(violation);
    else allowed.push({ address, actual, allowedBy });
  };
  for (const change of plan.resource_changes) {
    const planned = plannedAction(change.change.actions);
    if (planned === 'no-op' || planned === 'read') continue;
    if (change.deposed === undefined && predicted.has(change.address)) continue;
    const address = changeKey(change);
    accept(change.address, change.type, planned, { kind: 'unexpected-change', address, actual: planned });
  }

  const predictedOutputs = new Set(prediction.outputChanges.map((output) => output.name));
  for (const output of prediction.outputChanges) {
    const planned = plannedAction(plan.output_changes?.[output.name]?.actions ?? ['no-op']);
    if (planned === 'update' || planned === 'create' || (output.action === 'delete' && planned === 'delete')) matched.push(`output.${output.name}`);
    else violations.push({ kind: 'missing-output-change', address: `output.${output.name}`, actual: planned });
  }
  for (const [name, change] of Object.entries(plan.output_changes ?? {})) {
    const planned = plannedAction(change.actions);
    if (planned === 'no-op' || predictedOutputs.has(name)) continue;
    accept(`output.${name}`, undefined, planned, { kind: 'unexpected-output-change', address: `output.${name}`, actual: planned });
  }

  const rank = (violation: PlanViolation): number => (PLAN_LEVEL.has(violation.kind) ? 0 : 1);
  violations.sort((a, b) => rank(a) - rank(b) || (violationAddress(a) < violationAddress(b) ? -1 : violationAddress(a) > violationAddress(b) ? 1 : 0));
  allowed.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  return {
    stack: prediction.stack,
    passed: violations.length === 0,
    violations,
    allowed,
    unusedAllowances: allowExtra.filter((entry) => !allowed.some((change) => change.allowedBy === entry)),
    matched,
    planned: countsOf(plan),
    predicted: prediction.summary,
  };
}

/**
 * Validates a parsed `terraform show -json` value, then verifies it (pure): the entry point for callers
 * that receive the plan as JSON (a Terraform Cloud run task). `source` names the plan in errors.
 */
export function verifyPlanJson(value: JsonValue, prediction: StackPrediction, options: VerifyOptions = {}, source = 'plan'): Result<VerifyReport> {
  const plan = validatePlanJson(value, source);
  return plan.ok ? ok(verifyPlan(plan.value, prediction, options)) : failed(plan.error);
}

/** A planned action in words. */
export function describeAction(action: PlannedAction): string {
  switch (action) {
    case 'no-op':
      return 'unchanged';
    case 'create':
      return 'created';
    case 'update':
      return 'updated in place';
    case 'replace':
      return 'replaced';
    case 'delete':
      return 'deleted';
    case 'read':
      return 'read';
    case 'forget':
      return 'removed from state (forget)';
    case 'unknown':
      return 'changed by an unknown action';
  }
}

/** One line per violation: `<address>: <what>`. */
export function describeViolation(violation: PlanViolation): string {
  switch (violation.kind) {
    case 'plan-errored':
      return 'plan: "errored": Terraform stopped on an error, the plan is partial';
    case 'plan-not-applyable':
      return 'plan: "applyable" is false, Terraform cannot apply it';
    case 'plan-incomplete':
      return 'plan: "complete" is false, it leaves changes for a later run';
    case 'unexpected-change':
      return `${violation.address}: ${describeAction(violation.actual)}, predicted no change`;
    case 'wrong-action':
      return `${violation.address}: ${describeAction(violation.actual)}, predicted ${violation.expected}`;
    case 'wrong-reason':
      return `${violation.address}: replaced with action_reason ${violation.actual ?? '(none)'}, predicted ${violation.expected}`;
    case 'wrong-order':
      return `${violation.address}: replaced ${violation.actual}, predicted ${violation.expected}`;
    case 'missing-output-change':
      return `${violation.address}: ${describeAction(violation.actual)}, predicted to change`;
    case 'unexpected-output-change':
      return `${violation.address}: ${describeAction(violation.actual)}, predicted no change`;
  }
}

/** `3 to add, 1 to change, 2 to destroy` (and `, N to forget` when there is any). */
export function describeCounts(counts: PlanSummary & { readonly forget?: number }): string {
  return `${counts.add} to add, ${counts.change} to change, ${counts.destroy} to destroy${counts.forget ? `, ${counts.forget} to forget` : ''}`;
}
