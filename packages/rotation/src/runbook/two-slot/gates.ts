/** The gates between the phases of a two-slot rotation: consumers synced and restarted, the old credential unused. */
import type { RepositoryGraph, StackGraph } from '../../graph/graph';
import type { StackPrediction } from '../../predict/predict';
import { clusterFollowUps } from '../cluster-follow-ups';
import type { CredentialChecks } from './checks';
import { recordTime } from './checks';
import type { Command, FollowUp, TwoSlotGate } from '../types';

/** The ExternalSecrets to watch and the workloads to restart once phase 1 is applied, from its predictions. */
export function consumersOf(after: RepositoryGraph, expected: readonly StackPrediction[]): { followUps: FollowUp[] } {
  const followUps: FollowUp[] = [];
  for (const prediction of expected) {
    const stack = after.stacks.get(prediction.stack) as StackGraph;
    // Only what exists after the phase: a deleted resource has no readers to follow up.
    const present = { ...prediction, changes: prediction.changes.filter((change) => change.action !== 'delete') };
    followUps.push(...clusterFollowUps(stack, present).followUps);
  }
  return { followUps };
}

function syncedGate(followUps: readonly FollowUp[]): TwoSlotGate | undefined {
  const externalSecrets = new Map<string, { name: string; namespace: string; target?: string }>();
  for (const followUp of followUps) {
    if (followUp.kind === 'external-secret-refresh') externalSecrets.set(`${followUp.namespace}/${followUp.name}`, { name: followUp.name, namespace: followUp.namespace, target: followUp.targetSecret });
    if (followUp.kind === 'secret-store-auth') for (const name of followUp.externalSecrets) externalSecrets.set(`${followUp.namespace}/${name}`, { name, namespace: followUp.namespace });
  }
  if (externalSecrets.size === 0) return undefined;
  const commands: Command[] = [...externalSecrets.values()].flatMap(({ name, namespace }) => {
    const es = `externalsecret/${name} -n ${namespace}`;
    return [
      { description: `force ESO to sync ${namespace}/${name} now (one second after the apply, so a sync in the same second cannot count)`, command: `sleep 1 && kubectl annotate ${es} force-sync=$(date +%s) --overwrite` },
      {
        description: `wait (up to 5 minutes) until ${name} has synced AFTER the apply: status.refreshTime later than $APPLIED_AT (the Ready condition was already true before the rotation)`,
        command: `SYNCED_AT=; for i in $(seq 60); do SYNCED_AT=$(kubectl get ${es} -o jsonpath='{.status.refreshTime}'); [[ -n "$APPLIED_AT" && "$SYNCED_AT" > "$APPLIED_AT" ]] && break; sleep 5; done; [[ -n "$APPLIED_AT" && "$SYNCED_AT" > "$APPLIED_AT" ]] && echo "synced at $SYNCED_AT"`,
      },
    ];
  });
  const targets = [...externalSecrets.values()].filter((entry) => entry.target).map((entry) => `${entry.namespace}/${entry.target}`);
  return {
    kind: 'gate',
    id: 'synced-after-apply',
    title: 'Gate: ESO has synced after the apply',
    commands,
    check: `each ExternalSecret prints "synced at" a time later than $APPLIED_AT${targets.length > 0 ? `, so ${targets.join(', ')} hold${targets.length === 1 ? 's' : ''} the new credential` : ''}. A timeout means ESO cannot read with the new credential: stop here; the old one is still valid, nothing is broken.`,
  };
}

type RestartFollowUp = Extract<FollowUp, { kind: 'restart-consumers' }>;

function rolloutCommands(restarts: readonly RestartFollowUp[]): Command[] {
  const seen = new Set<string>();
  const commands: Command[] = [];
  for (const restart of restarts) {
    for (const workload of restart.workloads) {
      const key = `${restart.namespace}/${workload}`;
      if (seen.has(key)) continue;
      seen.add(key);
      commands.push(
        { description: `restart ${workload} so its pods read the new credential`, command: `kubectl rollout restart ${workload} -n ${restart.namespace}` },
        { description: `wait until every pod of ${workload} runs the new credential`, command: `kubectl rollout status ${workload} -n ${restart.namespace} --timeout=10m` },
      );
    }
  }
  return commands;
}

const ROLLOUT_CHECK = 'every `kubectl rollout status` reports "successfully rolled out". If one fails, roll it back (`kubectl rollout undo`): the old credential is still valid.';

/**
 * The consumer steps after phase 1, in order: workloads that read a Secret Terraform rewrote (the ESO
 * controller reading the bootstrap Secret) restart first, so the ESO sync that follows proves the new
 * credential; workloads that read a Secret ESO projects restart only after that sync. The last step
 * records `$SWITCHED_AT`, from which no consumer holds the old credential.
 */
export function consumerSteps(after: RepositoryGraph, followUps: readonly FollowUp[], outOfBand: readonly FollowUp[]): TwoSlotGate[] {
  const restarts = followUps.filter((followUp): followUp is RestartFollowUp => followUp.kind === 'restart-consumers');
  const projected = (restart: RestartFollowUp) => {
    const node = after.stacks.get(restart.stack)?.nodes.get(restart.address);
    return node?.type === 'kubernetes_manifest';
  };
  const steps: TwoSlotGate[] = [];
  const direct = rolloutCommands(restarts.filter((restart) => !projected(restart)));
  if (direct.length > 0) steps.push({ kind: 'gate', id: 'consumers-rolled-out', title: 'Roll out the consumers of the Secrets the apply rewrote', commands: direct, check: ROLLOUT_CHECK });
  const synced = syncedGate(followUps);
  if (synced) steps.push(synced);
  const afterSync = rolloutCommands(restarts.filter(projected));
  if (afterSync.length > 0) steps.push({ kind: 'gate', id: 'consumers-rolled-out', title: 'Roll out every consumer of the synced Secret', commands: afterSync, check: ROLLOUT_CHECK });
  for (const consumer of outOfBand) {
    if (consumer.kind !== 'out-of-band-consumer') continue;
    steps.push({
      kind: 'gate',
      id: 'out-of-band-consumers',
      title: `Give ${consumer.name} the new credential (outside Terraform)`,
      commands: [...consumer.commands, ...consumer.check],
      check: `${consumer.place}. ${consumer.expect} Here the old credential is still valid, so this check alone does not prove the switch: the "no longer used" gate below does. (${consumer.source})`,
    });
  }
  if (steps.length === 0) {
    return [
      {
        kind: 'gate',
        id: 'consumers-rolled-out',
        title: 'Every consumer reads the new credential',
        commands: [recordTime('SWITCHED_AT', 'no workload holds the credential in memory (its consumers read it at each run): the switch is the apply')],
        check: '$SWITCHED_AT is set; runs started after it read the new credential (GitHub workflows through the variable that names the active slot).',
      },
    ];
  }
  const last = steps[steps.length - 1];
  steps[steps.length - 1] = { ...last, commands: [...last.commands, recordTime('SWITCHED_AT', 'from now no consumer holds the old credential (later than $APPLIED_AT)')] };
  return steps;
}

export function oldUnusedGate(checks: CredentialChecks): TwoSlotGate {
  return {
    kind: 'gate',
    id: 'old-unused',
    title: `Gate: the old ${checks.noun} is no longer used`,
    commands: checks.oldUnused,
    check: `run it at least ${checks.usageDelay} after $SWITCHED_AT (${checks.usageDelayReason}). It must print "unused since"; a later use means a consumer still holds the old ${checks.noun}: find it before going on.`,
  };
}
