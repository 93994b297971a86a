/**
 * `rotate verify`: a Terraform plan (a file, stdin, or a Terraform Cloud run's plan JSON) against the
 * prediction of a rotation, or against one phase of a two-slot rotation.
 */
import type { Result } from '@raxx/rotation/errors';
import { failed, ok } from '@raxx/rotation/errors';
import type { RepositoryGraph } from '@raxx/rotation/graph/graph';
import { findTargets } from '@raxx/rotation/graph/targets';
import type { StackPrediction } from '@raxx/rotation/predict/predict';
import { planRotation, predictionsOf } from '@raxx/rotation/runbook';
import type { TerraformPlanJson, VerifyReport } from '@raxx/rotation/verify/verify';
import { checkPlanStack, describeAction, describeCounts, describeViolation, parsePlanJson, verifyPlan } from '@raxx/rotation/verify/verify';
import { activeSlotsDestroyed, checkPhasePlanStack, describeActiveSlotDestroyed } from '@raxx/rotation/verify/two-slot';
import { downloadRunPlan } from '../../io/run-plan';
import { phaseExpectation } from '../../io/two-slot-run';
import type { CliOptions } from '../arguments';
import type { CliContext, LoadedRepository, Outcome } from '../context';
import { errorOutcome, readPlanText, twoSlotContext } from '../context';

/** The prediction `verify` compares against: the target's stack, or a stack that follows it. */
function predictionFor(graph: RepositoryGraph, options: CliOptions): Result<StackPrediction> {
  const all = planRotation(graph, { target: options.target as string });
  if (!all.ok) return failed(all.error);
  if (options.stack !== undefined && !graph.stacks.has(options.stack)) return failed({ kind: 'unknown-stack', stack: options.stack, known: graph.stackNames });
  const candidates: StackPrediction[] = [];
  for (const plan of all.value) {
    const predictions: StackPrediction[] =
      plan.kind === 'replace'
        ? predictionsOf(plan)
        : [{ stack: plan.target.stack, directory: plan.prepare.directory, backend: plan.prepare.backend, changes: [], outputChanges: [], summary: { add: 0, change: 0, destroy: 0 } }];
    candidates.push(...predictions.filter((prediction) => options.stack === undefined ? prediction.stack === plan.target.stack : prediction.stack === options.stack));
  }
  if (candidates.length === 1) return ok(candidates[0]);
  if (candidates.length === 0) {
    const found = findTargets(graph, options.target as string, options.stack);
    return failed(found.ok ? { kind: 'target-not-in-stack', target: options.target as string, stack: options.stack as string, holders: all.value.map((plan) => plan.target.stack) } : found.error);
  }
  return failed({ kind: 'usage', detail: `target "${options.target}" is in stacks ${candidates.map((prediction) => prediction.stack).join(', ')}; pass --stack` });
}

/** `verify` of a phase of a two-slot rotation: exactly the phase's prediction, and no slot destroyed while usable. */
async function verifyPhase(repository: LoadedRepository, options: CliOptions, plan: TerraformPlanJson, context: CliContext): Promise<Outcome> {
  const expectation = await phaseExpectation(twoSlotContext(repository, context), options.target as string, options.phase as 1 | 2 | 3, options.stack);
  if (!expectation.ok) return errorOutcome(expectation.error);
  const { prediction, before, after, slots, from, to } = expectation.value;
  const belongs = checkPhasePlanStack(plan, before, after);
  if (!belongs.ok) return errorOutcome(belongs.error);
  const report = verifyPlan(plan, prediction);
  const destroyedActive = activeSlotsDestroyed(plan, slots);
  const counts = `plan: ${describeCounts(report.planned)}; predicted: ${describeCounts(report.predicted)}`;
  if (!report.passed || destroyedActive.length > 0) {
    return {
      stderr:
        `rotate verify: plan for ${report.stack} leaves phase ${options.phase} of ${options.target} (${from} -> ${to}; ${counts}):\n` +
        [...report.violations.map(describeViolation), ...destroyedActive.map((entry) => describeActiveSlotDestroyed(entry, slots))].map((line) => `  ${line}\n`).join(''),
      exitCode: 1,
    };
  }
  return {
    stdout: `verified: the plan for ${report.stack} matches phase ${options.phase} of ${options.target} (${from} -> ${to}; ${counts}; ${report.matched.length} predicted change(s) present)\n`,
    exitCode: 0,
  };
}

function verifiedOutcome(report: VerifyReport, target: string): Outcome {
  const counts = `plan: ${describeCounts(report.planned)}; predicted: ${describeCounts(report.predicted)}`;
  const unused = report.unusedAllowances.map((entry) => `rotate verify: note: --allow-extra ${entry} matched no change\n`).join('');
  const allowed = report.allowed.map((change) => `  allowed: ${change.address}: ${describeAction(change.actual)}, predicted no change (--allow-extra ${change.allowedBy})\n`).join('');
  if (!report.passed) {
    const outside = report.violations.some((violation) => violation.kind === 'unexpected-change' || violation.kind === 'unexpected-output-change');
    return {
      stderr:
        `rotate verify: plan for ${report.stack} leaves the predicted blast radius of ${target} (${counts}):\n` +
        report.violations.map((violation) => `  ${describeViolation(violation)}\n`).join('') +
        (outside ? '  (accept a change outside the prediction only on purpose: --allow-extra <address|type>)\n' : '') +
        unused,
      exitCode: 1,
    };
  }
  const how = report.allowed.length > 0 ? `matches the rotation of ${target} with ${report.allowed.length} allowed extra change(s)` : `matches the rotation of ${target}`;
  return {
    stdout: `verified: the plan for ${report.stack} ${how} (${counts}; ${report.matched.length} predicted change(s) present)\n` + allowed,
    stderr: unused || undefined,
    exitCode: 0,
  };
}

/** The plan `verify` checks: downloaded from Terraform Cloud (`--run`) or read from a file or stdin (`--plan`), then parsed. */
async function planToVerify(options: CliOptions, context: CliContext): Promise<Result<TerraformPlanJson>> {
  const text = options.run !== undefined ? await downloadRunPlan(options.run, context.env) : await readPlanText(context, options.plan as string);
  if (!text.ok) return failed(text.error);
  return parsePlanJson(text.value, options.run !== undefined ? `the plan JSON of ${options.run}` : options.plan === '-' ? 'stdin' : (options.plan as string));
}

/** `rotate verify`: exit 0 when the plan is the prediction, 1 when it leaves it, 2 on an error. */
export async function runVerify(repository: LoadedRepository, options: CliOptions, context: CliContext): Promise<Outcome> {
  if (options.strategy === 'two-slot') {
    const plan = await planToVerify(options, context);
    if (!plan.ok) return errorOutcome(plan.error);
    return verifyPhase(repository, options, plan.value, context);
  }
  const prediction = predictionFor(repository.graph, options);
  if (!prediction.ok) return errorOutcome(prediction.error);
  const plan = await planToVerify(options, context);
  if (!plan.ok) return errorOutcome(plan.error);
  const stack = repository.graph.stacks.get(prediction.value.stack);
  const belongs = stack ? checkPlanStack(plan.value, stack) : ok(undefined);
  if (!belongs.ok) return errorOutcome(belongs.error);
  return verifiedOutcome(verifyPlan(plan.value, prediction.value, { allowExtra: options.allowExtra }), options.target as string);
}
