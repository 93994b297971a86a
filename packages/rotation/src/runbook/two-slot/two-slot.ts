/**
 * The routine rotation of a two-slot credential (pure): AWS's "rotate access keys" procedure as three
 * reviewed configuration changes. Every expected plan is predicted from the synthesized graphs of
 * consecutive declarations (predict/config-change.ts), never written per target; the gates between
 * them come from the same graphs (the ExternalSecrets and workloads that read the credential).
 *
 *   phase 1  create the new slot, switch every consumer to it        destroys nothing
 *   gate     ESO synced after the apply (refreshTime, not Ready)
 *   gate     every consumer restarted and rolled out
 *   gate     the old credential is no longer used
 *   phase 2  switch the old slot off in place (reversible), observe
 *   phase 3  delete the old slot
 */
import type { Result } from '../../errors';
import { failed, ok } from '../../errors';
import type { GraphNode, RepositoryGraph, StackGraph } from '../../graph/graph';
import type { StackPrediction } from '../../predict/predict';
import { predictRepositoryChange } from '../../predict/config-change';
import type { InStateTarget } from '../../graph/targets';
import { ROTATABLE_TYPES, slotMetadataOf } from '../../graph/targets';
import { consumerSteps as outOfBandSteps } from '../out-of-band-consumers';
import { PLAN_DIRECTORY_VARIABLE, prepareStep, savedPlanDirectoryCommands } from '../commands';
import { ROTATE_COMMAND } from '../rotate-command';
import { consumersOf, consumerSteps, oldUnusedGate } from './gates';
import { credentialChecks, recordTime } from './checks';
import type { RotationStates, SlotDeclaration } from './states';
import { formatSlotState } from '@raxx/config';
import { phaseTransition } from './states';
import type { Command, Risk, TwoSlotGate, TwoSlotPhase, TwoSlotPlan, TwoSlotStep } from '../types';

/** The synthesized graph of each declaration of one rotation. */
export interface TwoSlotGraphs {
  readonly start: RepositoryGraph;
  /** After phase 1, 2 and 3. */
  readonly phases: readonly [RepositoryGraph, RepositoryGraph, RepositoryGraph];
}

/** The graph a phase starts from and the one it ends at. */
export function phaseGraphs(graphs: TwoSlotGraphs, phase: 1 | 2 | 3): { before: RepositoryGraph; after: RepositoryGraph } {
  return { before: phase === 1 ? graphs.start : graphs.phases[phase - 2], after: graphs.phases[phase - 1] };
}

/** The expected plan of every stack phase `phase` changes, the credential's stack first. */
export function predictPhase(graphs: TwoSlotGraphs, target: InStateTarget, phase: 1 | 2 | 3): StackPrediction[] {
  const { before, after } = phaseGraphs(graphs, phase);
  return predictRepositoryChange(before, after, target.stack);
}

const PHASE_TITLES: Record<1 | 2 | 3, (oldSlot: string, newSlot: string, inactive: string) => string> = {
  1: (oldSlot, newSlot) => `Phase 1: create slot \`${newSlot}\` and switch every consumer to it (slot \`${oldSlot}\` stays valid)`,
  2: (oldSlot, _newSlot, inactive) => `Phase 2: deactivate slot \`${oldSlot}\` in place (\`${inactive}\`)`,
  3: (oldSlot) => `Phase 3: delete slot \`${oldSlot}\``,
};

const PHASE_IDS: Record<1 | 2 | 3, TwoSlotPhase['id']> = { 1: 'create-and-switch', 2: 'deactivate-old', 3: 'retire-old' };

function phaseCommands(target: InStateTarget, phase: 1 | 2 | 3, expected: readonly StackPrediction[]): Command[] {
  const verifyArgs = `--target ${target.name} --strategy two-slot --phase ${phase}`;
  const local = expected.filter((prediction) => prediction.backend.kind !== 'cloud');
  const dir = savedPlanDirectoryCommands();
  const commands: Command[] = local.length > 0 ? [...dir.create] : [];
  for (const prediction of expected) {
    const tf = `terraform -chdir=${prediction.directory}`;
    if (prediction.backend.kind === 'cloud') {
      const file = `rotate-${target.name}-${prediction.stack}-phase${phase}.tfplan`;
      commands.push(
        { description: `CLI-driven run of ${prediction.stack} in Terraform Cloud; the file only names the run`, command: `${tf} plan -out=${file}` },
        { description: 'the run id the plan printed', command: 'RUN_ID=<run id printed above>' },
        { description: 'check the run\'s plan against this phase\'s prediction (plan JSON kept in memory; TFE_TOKEN)', command: `${ROTATE_COMMAND} verify --run "$RUN_ID" ${verifyArgs} --stack ${prediction.stack}` },
        { description: 'apply exactly the reviewed run', command: `${tf} apply ${file}` },
        { description: 'remove the saved plan file (a bookmark of the run)', command: `rm -f ${prediction.directory}/${file}` },
      );
      continue;
    }
    const file = `"$${PLAN_DIRECTORY_VARIABLE}/${target.name}-${prediction.stack}-phase${phase}.tfplan"`;
    commands.push(
      { description: `plan ${prediction.stack} into the private directory`, command: `${tf} plan -out=${file}` },
      { description: 'check the plan against this phase\'s prediction, its JSON piped (never a file)', command: `${tf} show -json ${file} | ${ROTATE_COMMAND} verify --plan - ${verifyArgs} --stack ${prediction.stack}` },
      { description: 'apply exactly the reviewed plan', command: `${tf} apply ${file}` },
      { description: 'applied: remove the saved plan', command: `rm -f ${file}` },
    );
  }
  return local.length > 0 ? [...commands, ...dir.remove] : commands;
}

function declareCommands(variable: string, declaration: SlotDeclaration, phase: 1 | 2 | 3): Command[] {
  const value = formatSlotState(declaration);
  return [
    {
      description: `declare "${value}" for this shell; the reviewed way is the same declaration committed to packages/config${phase === 3 ? ' (commit it now: CI must not plan the old declaration back)' : ''}`,
      command: `export ${variable}=${value}`,
    },
    { description: 'synthesize with it', command: 'npm run synth' },
  ];
}

function destroys(expected: readonly StackPrediction[]): StackPrediction[] {
  return expected.filter((prediction) => prediction.summary.destroy > 0);
}

/**
 * The two-slot runbook of `target` (a two-slot credential), from the graphs of its rotation's four
 * declarations. `declared` is the declaration of the configuration the tool read.
 */
export function planTwoSlot(graphs: TwoSlotGraphs, target: InStateTarget, states: RotationStates): Result<TwoSlotPlan> {
  const slots = target.slots;
  if (!slots) return failed({ kind: 'not-two-slot', target: target.name, stack: target.stack, twoSlot: [] });
  const oldSlot = states.start.active;
  const newSlot = states.phases[0].active;
  const startStack = graphs.start.stacks.get(target.stack) as StackGraph;
  const oldNode = startStack.nodes.get(slots.addresses[oldSlot]) as GraphNode | undefined;
  if (!oldNode) return failed({ kind: 'synth-output-malformed', path: startStack.directory, detail: `${slots.addresses[oldSlot]} is missing from the synthesized start of the rotation` });
  const checks = credentialChecks(startStack, oldNode, slots.slotsVariable, newSlot);
  if (!checks) return failed({ kind: 'not-rotatable', target: target.address, type: target.type, rotatableTypes: Object.keys(ROTATABLE_TYPES) });

  const expected = ([1, 2, 3] as const).map((phase) => predictPhase(graphs, target, phase));
  const phase = (number: 1 | 2 | 3, extra: Partial<TwoSlotPhase> & { check: string }): TwoSlotPhase => ({
    kind: 'phase',
    phase: number,
    id: PHASE_IDS[number],
    title: PHASE_TITLES[number](oldSlot, newSlot, `${slots.status.attribute} = "${slots.status.inactive}"`),
    slots: formatSlotState(phaseTransition(states, number).after),
    declare: declareCommands(slots.slotsVariable, phaseTransition(states, number).after, number),
    commands: phaseCommands(target, number, expected[number - 1]),
    expected: expected[number - 1],
    ...extra,
  });

  const { followUps } = consumersOf(graphs.phases[0], expected[0]);
  const newStack = graphs.phases[0].stacks.get(target.stack) as StackGraph;
  const newNode = newStack.nodes.get(slots.addresses[newSlot]);
  const outOfBand = newNode ? outOfBandSteps(newStack, newNode) : undefined;
  const recordOld: TwoSlotGate = {
    kind: 'gate',
    id: 'record-old',
    title: `Record the old ${checks.noun}`,
    commands: checks.recordOld,
    check: checks.recordOldCheck,
  };
  const phase1 = phase(1, {
    commands: [...phaseCommands(target, 1, expected[0]), recordTime('APPLIED_AT', 'the time of the apply: every consumer must pick the new credential up after it'), ...checks.recordNew],
    check: `every \`rotate verify\` passes; two ${checks.noun}s exist, both valid; every consumer is declared to read slot \`${newSlot}\`.`,
  });
  const consumers = consumerSteps(graphs.phases[0], followUps, outOfBand?.followUps ?? []);
  const rolloutStatus = consumers.flatMap((step) => step.commands).filter((command) => command.command.startsWith('kubectl rollout status'));
  const unused = oldUnusedGate(checks);
  const phase2 = phase(2, {
    commands: [...phaseCommands(target, 2, expected[1]), recordTime('DEACTIVATED_AT', `start of the ${slots.observationWindowHours}-hour observation window`), ...checks.deactivated],
    check: `the old ${checks.noun} shows ${slots.status.inactive}, the new one ${slots.status.active}. Observe for ${slots.observationWindowHours} hours before phase 3.`,
    wayBack: checks.reactivate,
  });
  const observe: TwoSlotGate = {
    kind: 'gate',
    id: 'observe-inactive',
    title: `Gate: ${slots.observationWindowHours} hours with the old ${checks.noun} switched off`,
    commands: [
      ...checks.oldUnused,
      ...rolloutStatus.map((command) => ({ description: 'the consumer is still healthy', command: command.command.replace(' --timeout=10m', ' --timeout=1m') })),
    ],
    check: `${slots.observationWindowHours} hours after $DEACTIVATED_AT nothing has failed for want of the old ${checks.noun} (a consumer that still used it would have failed loudly; its way back is the one line of phase 2). Only then delete it.`,
  };
  const phase3 = phase(3, {
    commands: [...phaseCommands(target, 3, expected[2]), ...checks.final],
    check: `only the new ${checks.noun} remains; \`${formatSlotState(states.phases[2])}\` is committed in packages/config.`,
  });
  const steps: TwoSlotStep[] = [recordOld, phase1, ...consumers, unused, phase2, observe, phase3];

  const warnings: string[] = [...(outOfBand?.warnings ?? [])];
  for (const [index, phasePredictions] of expected.slice(0, 2).entries()) {
    for (const prediction of destroys(phasePredictions)) {
      const destroyed = prediction.changes.filter((change) => change.action === 'replace' || change.action === 'delete').map((change) => change.address);
      warnings.push(`phase ${index + 1} destroys in ${prediction.stack}: ${destroyed.join(', ')}; a consumer that is replaced instead of switched is not a zero-downtime rotation (deliver the credential per slot)`);
    }
  }
  const keptChanging = expected[2].flatMap((prediction) => prediction.changes.filter((change) => change.action !== 'delete' && change.action !== 'read' && change.address === slots.addresses[newSlot]));
  if (keptChanging.length > 0) warnings.push(`phase 3 changes ${slots.addresses[newSlot]}, the credential it keeps`);

  const risks: Risk[] = [
    {
      summary: `Between phase 1 and phase 2 both ${checks.noun}s are valid: a leak of either is a leak.`,
      mitigation: `Keep the window short; for a leaked ${checks.noun} use the emergency strategy (the default \`--strategy replace\`), which deletes it at once.`,
    },
    {
      summary: `A consumer this graph does not know (a copy taken by hand, a job outside Terraform) keeps the old ${checks.noun}.`,
      mitigation: 'The "no longer used" gate and the observation window exist to catch it while the way back is one line.',
    },
    {
      summary: `If the declaration is not committed, the next CI plan declares slot \`${oldSlot}\` again and reverses the rotation.`,
      mitigation: 'Commit each phase\'s declaration to packages/config (a reviewed change); the exported variable is for this shell only.',
    },
  ];

  return ok({
    kind: 'two-slot',
    target,
    credential: {
      from: formatSlotState(states.start),
      to: formatSlotState(states.phases[2]),
      declared: slots.slots,
      declaredPhase: states.declaredPhase,
      oldSlot,
      newSlot,
      oldAddress: slots.addresses[oldSlot],
      newAddress: slots.addresses[newSlot],
      slotsVariable: slots.slotsVariable,
      maxAgeDays: slots.maxAgeDays,
      observationWindowHours: slots.observationWindowHours,
      status: slots.status,
    },
    prepare: prepareStep(startStack, startStack.name),
    steps,
    verification: [
      ...checks.final,
      ...expected[0].map((prediction) => ({ description: `stack ${prediction.stack} converged: "No changes."`, command: `terraform -chdir=${prediction.directory} plan -detailed-exitcode` })),
      { description: 'forget the ids, the times and the declaration variable (the declaration is now in packages/config)', command: `unset ${checks.oldVariable} ${checks.newVariable} ${slots.slotsVariable} APPLIED_AT SWITCHED_AT DEACTIVATED_AT SYNCED_AT LAST_USED` },
    ],
    risks,
    warnings,
  });
}

/** The slot metadata of a graph's target stack, for a credential name (to read the declaration of a phase graph). */
export function declarationIn(graph: RepositoryGraph, stack: string, credential: string): string | undefined {
  const stackGraph = graph.stacks.get(stack);
  if (!stackGraph) return undefined;
  for (const node of stackGraph.nodes.values()) {
    const metadata = slotMetadataOf(node);
    if (metadata?.credential === credential) return metadata.slots;
  }
  return undefined;
}
