/**
 * The replace runbook of a key in Terraform state (`terraform apply -replace`), with the expected plan of
 * its stack and of every stack that reads it through a cross-stack reference.
 */
import type { GraphNode, RepositoryGraph, StackGraph } from '../../graph/graph';
import { crossStackKey } from '../../graph/graph';
import type { ChangeSeed, StackPrediction } from '../../predict/predict';
import { predictStack } from '../../predict/predict';
import type { InStateTarget } from '../../graph/targets';
import { clusterFollowUps } from '../cluster-follow-ups';
import { SAVED_PLAN_NOTE, prepareStep, reviewedApplyCommands, savedPlanDirectoryCommands } from '../commands';
import { at, literal } from '../kubernetes-objects';
import { consumerSteps } from '../out-of-band-consumers';
import type { Command, FollowUp, KeyFlow, ReplaceRotationPlan, Risk } from '../types';

export function predictDownstream(graph: RepositoryGraph, upstream: StackPrediction, visited: Set<string>): Array<{ reads: string[]; prediction: StackPrediction }> {
  const results: Array<{ reads: string[]; prediction: StackPrediction }> = [];
  const queue: StackPrediction[] = [upstream];
  for (let head = 0; head < queue.length; head++) {
    const from = queue[head];
    const seedsByStack = new Map<string, { seeds: ChangeSeed[]; reads: string[] }>();
    for (const output of from.outputChanges) {
      for (const consumer of graph.crossStackConsumers.get(crossStackKey(from.stack, output.name)) ?? []) {
        if (visited.has(consumer.stack)) continue;
        const entry = seedsByStack.get(consumer.stack) ?? { seeds: [], reads: [] };
        entry.seeds.push({ address: consumer.remoteState, replace: false, paths: [['outputs', consumer.output]] });
        entry.reads.push(`${from.stack}.${output.name}`);
        seedsByStack.set(consumer.stack, entry);
      }
    }
    for (const stackName of [...seedsByStack.keys()].sort()) {
      const { seeds, reads } = seedsByStack.get(stackName) as { seeds: ChangeSeed[]; reads: string[] };
      visited.add(stackName);
      const prediction = predictStack(graph.stacks.get(stackName) as StackGraph, seeds, readersIn(graph, stackName));
      results.push({ reads: [...new Set(reads)].sort(), prediction });
      queue.push(prediction);
    }
  }
  return results;
}

export function readersIn(graph: RepositoryGraph, stack: string): (output: string) => string[] {
  return (output) => [...new Set((graph.crossStackConsumers.get(crossStackKey(stack, output)) ?? []).map((consumer) => consumer.stack))].sort();
}

export function flowsOf(predictions: readonly StackPrediction[], targetAddress: string): KeyFlow[] {
  const flows: KeyFlow[] = [];
  for (const prediction of predictions) {
    for (const change of prediction.changes) {
      if (change.address === targetAddress && prediction === predictions[0]) continue;
      const verb = change.action === 'replace' ? 'replaced' : change.action === 'update' ? 'updated in place' : 're-read';
      flows.push({
        stack: prediction.stack,
        address: change.address,
        via: change.action === 'read' ? 'data source' : 'resource',
        description: `${change.changedAttributes.join(', ') || 'value'} (${verb})`,
      });
    }
    for (const output of prediction.outputChanges) {
      flows.push({
        stack: prediction.stack,
        address: `output.${output.name}`,
        via: 'output',
        description: output.readBy.length > 0 ? `read by stack ${output.readBy.join(', ')}` : output.sensitive ? 'sensitive output' : 'output',
      });
    }
  }
  return flows;
}
function keyVerification(stack: StackGraph, node: GraphNode): Command[] {
  if (node.type === 'aws_iam_access_key') {
    const userSite = (stack.referencesOf.get(node.address) ?? []).find((site) => site.location[0] === 'user');
    const userNode = userSite ? stack.nodes.get(userSite.to) : undefined;
    const userName = literal(at(userNode?.body, 'name')) ?? literal(at(node.body, 'user')) ?? '<user name>';
    return [
      {
        description: `exactly one access key, Active, created today, for ${userName}`,
        command: `aws iam list-access-keys --user-name ${userName} --query 'AccessKeyMetadata[].[AccessKeyId,Status,CreateDate]' --output table`,
      },
    ];
  }
  if (node.type === 'cloudflare_account_token') {
    const name = literal(at(node.body, 'name')) ?? node.name;
    const account = literal(at(node.body, 'account_id')) ?? '<account id>';
    return [
      {
        description: `exactly one account token named ${name}, active, issued today (needs an API token that may read account tokens in CLOUDFLARE_API_TOKEN)`,
        command: `curl -s -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" https://api.cloudflare.com/client/v4/accounts/${account}/tokens | jq '[.result[] | select(.name == "${name}") | {status, issued_on}]'`,
      },
    ];
  }
  if (node.type === 'cloudflare_api_token') {
    const name = literal(at(node.body, 'name')) ?? node.name;
    return [
      {
        description: `exactly one token named ${name}, active, issued today (needs an API token that may list tokens in CLOUDFLARE_API_TOKEN)`,
        command: `curl -s -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" https://api.cloudflare.com/client/v4/user/tokens | jq '.result[] | select(.name == "${name}") | {id, status, issued_on}'`,
      },
    ];
  }
  return [];
}

/** The repository (owner/name) and environment a GitHub secret resource writes to, when known from configuration. */
function githubSecretPlace(stack: StackGraph, node: GraphNode): { repository: string; environment?: string } | undefined {
  const repository = literal(at(node.body, 'repository'));
  if (!repository) return undefined;
  const full = repository.includes('/') || !stack.githubOwner ? repository : `${stack.githubOwner}/${repository}`;
  if (node.type === 'github_actions_secret') return { repository: full };
  // An environment secret names its environment by reference to the github_repository_environment.
  const site = (stack.referencesOf.get(node.address) ?? []).find((reference) => reference.location[0] === 'environment');
  const environment = literal(at(node.body, 'environment')) ?? (site ? literal(at(stack.nodes.get(site.to)?.body, ...site.path)) : undefined);
  return environment ? { repository: full, environment } : undefined;
}

function githubSecretVerification(stack: StackGraph, prediction: StackPrediction): Command[] {
  const byPlace = new Map<string, { repository: string; environment?: string; secrets: string[] }>();
  for (const change of prediction.changes) {
    if (change.type !== 'github_actions_secret' && change.type !== 'github_actions_environment_secret') continue;
    const node = stack.nodes.get(change.address) as GraphNode;
    const place = githubSecretPlace(stack, node);
    const secret = literal(at(node.body, 'secret_name'));
    if (!place || !secret) continue;
    const key = `${place.repository} ${place.environment ?? ''}`;
    const entry = byPlace.get(key) ?? { ...place, secrets: [] };
    entry.secrets.push(secret);
    byPlace.set(key, entry);
  }
  return [...byPlace.values()].map(({ repository, environment, secrets }) => ({
    description: `${secrets.sort().join(', ')} updated today${environment ? ` (environment ${environment})` : ''}`,
    command: `gh secret list --repo ${repository}${environment ? ` --env ${environment}` : ''} | grep -E '^(${secrets.join('|')})\\b'`,
  }));
}

export function planInState(graph: RepositoryGraph, target: InStateTarget): ReplaceRotationPlan {
  const stack = graph.stacks.get(target.stack) as StackGraph;
  const node = stack.nodes.get(target.address) as GraphNode;
  const expected = predictStack(stack, [{ address: target.address, replace: true, paths: [] }], readersIn(graph, stack.name));
  const downstream = predictDownstream(graph, expected, new Set([stack.name]));
  const predictions = [expected, ...downstream.map((entry) => entry.prediction)];

  const followUps: FollowUp[] = [];
  const flows: KeyFlow[] = flowsOf(predictions, target.address);
  const risks: Risk[] = [];
  const verification: Command[] = [...keyVerification(stack, node), ...githubSecretVerification(stack, expected)];
  const consumers = consumerSteps(stack, node);

  const replaceSymbol = node.createBeforeDestroy ? '+/-' : '-/+';
  risks.push(
    node.createBeforeDestroy
      ? { summary: `${target.address} is create_before_destroy: the new key exists before the old one is deleted, both valid during the apply.`, mitigation: 'None needed for the key itself; consumers below still switch only when they reload.' }
      : {
          summary: `Terraform deletes the old key before creating the new one (${replaceSymbol}): from that moment every consumer still holding the old key fails.`,
          mitigation: 'Run the follow-ups (the Follow-ups section) right after the apply; rotate when the consumers are quiet.',
        },
  );

  for (const prediction of predictions) {
    const cluster = clusterFollowUps(graph.stacks.get(prediction.stack) as StackGraph, prediction);
    followUps.push(...cluster.followUps);
    flows.push(...cluster.flows);
    risks.push(...cluster.risks);
    verification.push(...cluster.verification);
  }
  followUps.push(...consumers.followUps);
  flows.push(...consumers.flows);
  risks.push(...consumers.risks);
  verification.push(...consumers.verification);
  for (const { reads, prediction } of downstream) {
    const downstreamStack = graph.stacks.get(prediction.stack) as StackGraph;
    followUps.push({
      kind: 'apply-downstream-stack',
      stack: prediction.stack,
      reads,
      backend: downstreamStack.backend,
      commands: reviewedApplyCommands(target.name, downstreamStack),
      expected: prediction,
    });
    verification.push(...githubSecretVerification(downstreamStack, prediction));
    const holders = prediction.changes.filter((change) => change.action !== 'read').map((change) => change.address);
    risks.push({
      summary: `Until stack ${prediction.stack} is applied, ${holders.join(', ') || 'its resources'} still hold the deleted value of ${reads.join(', ')}.`,
      mitigation: `Apply ${prediction.stack} right after ${target.stack}; runs that read these values in between fail.`,
    });
  }
  for (const prediction of predictions) {
    const outOfBand = prediction.outputChanges
      .filter((output) => output.readBy.length === 0)
      .filter((output) => prediction !== expected || !consumers.coveredOutputs.has(output.name))
      .map((output) => output.name);
    if (outOfBand.length === 0) continue;
    followUps.push({
      kind: 'out-of-band-outputs',
      stack: prediction.stack,
      outputs: outOfBand,
      note: 'Outputs read by people or systems outside Terraform: any copy taken from them is now stale. Refresh such copies from `terraform output -json <name>` piped into their destination; never print them.',
    });
    risks.push({
      summary: `Copies of ${outOfBand.join(', ')} (stack ${prediction.stack}) taken outside Terraform hold the old value.`,
      mitigation: 'Find and refresh them, or confirm nothing outside Terraform reads them.',
    });
  }
  verification.push({ description: `stack ${stack.name} converged: "No changes."`, command: `terraform -chdir=${stack.directory} plan -detailed-exitcode` });

  const warnings = [
    ...predictions.flatMap((prediction) =>
      prediction.changes
        .filter((change) => !change.tabulated && change.action === 'update')
        .map((change) => `${prediction.stack}: ${change.type} is not in the replacement table; ${change.address} is assumed to update in place`),
    ),
    ...consumers.warnings,
  ];

  return {
    kind: 'replace',
    target,
    prepare: prepareStep(stack, stack.name),
    prepareDownstream: downstream.map(({ prediction }) => prepareStep(prediction, prediction.stack)),
    identify: { address: target.address, flows },
    savedPlans: { note: SAVED_PLAN_NOTE, ...savedPlanDirectoryCommands() },
    replace: {
      commands: reviewedApplyCommands(target.name, stack, target.address),
      taintCommands: [
        { description: 'mark the key for replacement (older habit; same effect as -replace)', command: `terraform -chdir=${stack.directory} taint ${target.address}` },
        { description: 'apply (shows the same plan)', command: `terraform -chdir=${stack.directory} apply` },
      ],
    },
    expected,
    followUps,
    verification,
    risks,
    warnings,
  };
}

