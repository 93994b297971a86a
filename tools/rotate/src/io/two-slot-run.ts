/**
 * The two-slot strategy's I/O orchestration (no printing): finds the two-slot target, synthesizes the
 * declarations its rotation passes through (phase-synthesis.ts), and hands the graphs to the pure
 * planner (runbook/two-slot.ts) or to verify.
 */
import type { CredentialSlotMetadata } from '@raxx/constructs';
import type { Result } from '@raxx/rotation/errors';
import { failed, ok } from '@raxx/rotation/errors';
import type { ParsedStack, RepositoryGraph, StackGraph } from '@raxx/rotation/graph/graph';
import type { AppSynthesizer } from './phase-synthesis';
import { synthesizeDeclarations } from './phase-synthesis';
import type { StackPrediction } from '@raxx/rotation/predict/predict';
import { predictRepositoryChange } from '@raxx/rotation/predict/config-change';
import type { InStateTarget } from '@raxx/rotation/graph/targets';
import { allRotationTargets, findTargets } from '@raxx/rotation/graph/targets';
import type { RotationStates, TwoSlotPlan } from '@raxx/rotation/runbook';
import { formatSlotState, parseSlotState } from '@raxx/config';
import { phaseTransition, planTwoSlot, rotationStates } from '@raxx/rotation/runbook';

/** The repository as read, and where to synthesize other declarations from. */
export interface TwoSlotContext {
  readonly root: string;
  readonly parsed: readonly ParsedStack[];
  readonly graph: RepositoryGraph;
  /** The process environment (the slot variable, when an operator exported it). */
  readonly env: NodeJS.ProcessEnv;
  /** How to synthesize another declaration. @default - the app's entry point in a child process */
  readonly synthesize?: AppSynthesizer;
}

type TwoSlotTarget = InStateTarget & { readonly slots: CredentialSlotMetadata };

function twoSlotNames(graph: RepositoryGraph): string[] {
  return [...new Set(allRotationTargets(graph).filter((target) => target.kind === 'in-state' && target.slots).map((target) => target.name))].sort();
}

/** The two-slot targets `query` names (every stack holding it, or `stack`), with their declaration. */
function twoSlotTargets(context: TwoSlotContext, query: string, stack?: string): Result<Array<{ target: TwoSlotTarget; declared: string }>> {
  const found = findTargets(context.graph, query, stack);
  if (!found.ok) return failed(found.error);
  const targets: Array<{ target: TwoSlotTarget; declared: string }> = [];
  for (const target of found.value) {
    if (target.kind !== 'in-state' || !target.slots) return failed({ kind: 'not-two-slot', target: target.name, stack: target.stack, twoSlot: twoSlotNames(context.graph) });
    const exported = context.env[target.slots.slotsVariable];
    if (exported !== undefined && exported !== '' && exported !== target.slots.slots) {
      return failed({ kind: 'usage', detail: `${target.slots.slotsVariable}=${exported} is exported, but the synthesized ${target.stack} declares ${target.slots.slots}: run \`npm run synth\` first` });
    }
    targets.push({ target: target as TwoSlotTarget, declared: target.slots.slots });
  }
  return ok(targets);
}

function statesOf(declared: string, endOfRotation: boolean): Result<RotationStates> {
  const declaration = parseSlotState(declared);
  return declaration ? ok(rotationStates(declaration, endOfRotation)) : failed({ kind: 'synth-output-malformed', path: 'slot metadata', detail: `unknown slot declaration "${declared}"` });
}

/** The two-slot runbook of every stack holding `query` (or of `stack`). */
export async function twoSlotRunbooks(context: TwoSlotContext, query: string, stack?: string): Promise<Result<TwoSlotPlan[]>> {
  const targets = twoSlotTargets(context, query, stack);
  if (!targets.ok) return failed(targets.error);
  const plans: TwoSlotPlan[] = [];
  for (const { target, declared } of targets.value) {
    const states = statesOf(declared, false);
    if (!states.ok) return failed(states.error);
    const declarations = [states.value.start, ...states.value.phases].map(formatSlotState);
    const graphs = await synthesizeDeclarations(context.root, context.parsed, target.slots.slotsVariable, declared, declarations, context.synthesize);
    if (!graphs.ok) return failed(graphs.error);
    const at = (index: number) => graphs.value.get(declarations[index]) as RepositoryGraph;
    const plan = planTwoSlot({ start: at(0), phases: [at(1), at(2), at(3)] }, target, states.value);
    if (!plan.ok) return failed(plan.error);
    plans.push(plan.value);
  }
  return ok(plans);
}

/** What `verify --strategy two-slot --phase N` compares a plan with. */
export interface PhaseExpectation {
  readonly prediction: StackPrediction;
  /** The stack before and after the phase (addresses and constants a plan of it may hold). */
  readonly before: StackGraph;
  readonly after: StackGraph;
  readonly slots: CredentialSlotMetadata;
  /** The declarations the phase goes between. */
  readonly from: string;
  readonly to: string;
}

/**
 * The expected plan of `stack` (the credential's stack, or one that follows it) in phase `phase` of
 * the rotation that passes through the declared slot state.
 */
export async function phaseExpectation(context: TwoSlotContext, query: string, phase: 1 | 2 | 3, stack?: string): Promise<Result<PhaseExpectation>> {
  const all = twoSlotTargets(context, query);
  if (!all.ok) return failed(all.error);
  if (stack !== undefined && !context.graph.stacks.has(stack)) return failed({ kind: 'unknown-stack', stack, known: context.graph.stackNames });
  const own = all.value.filter(({ target }) => target.stack === stack);
  const candidates = own.length > 0 ? own : all.value;
  const found: PhaseExpectation[] = [];
  for (const { target, declared } of candidates) {
    const states = statesOf(declared, phase === 3);
    if (!states.ok) return failed(states.error);
    const { before, after } = phaseTransition(states.value, phase);
    const [from, to] = [formatSlotState(before), formatSlotState(after)];
    const graphs = await synthesizeDeclarations(context.root, context.parsed, target.slots.slotsVariable, declared, [from, to], context.synthesize);
    if (!graphs.ok) return failed(graphs.error);
    const [beforeGraph, afterGraph] = [graphs.value.get(from) as RepositoryGraph, graphs.value.get(to) as RepositoryGraph];
    const wanted = stack ?? target.stack;
    for (const prediction of predictRepositoryChange(beforeGraph, afterGraph, target.stack)) {
      if (prediction.stack !== wanted) continue;
      found.push({ prediction, before: beforeGraph.stacks.get(wanted) as StackGraph, after: afterGraph.stacks.get(wanted) as StackGraph, slots: target.slots, from, to });
    }
  }
  if (found.length === 1) return ok(found[0]);
  if (found.length === 0) return failed({ kind: 'target-not-in-stack', target: query, stack: stack ?? '(none)', holders: all.value.map(({ target }) => target.stack) });
  return failed({ kind: 'usage', detail: `target "${query}" is in stacks ${found.map((entry) => entry.prediction.stack).join(', ')}; pass --stack` });
}
