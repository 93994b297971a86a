/**
 * The rotation planner (pure, synchronous): from the repository graph and a target to a plan value.
 * In-state keys are replaced (`terraform apply -replace`), with the expected plan of their stack and
 * of every stack that reads them through a cross-stack reference; out-of-state keys get the
 * create-before-delete runbook of their seed. Nothing here reads files, runs commands or prints.
 */
import type { GithubSecretConsumer, OutOfStateCredential } from '@raxx/constructs';
import type { Result } from './errors';
import { failed, ok } from './errors';
import type { GraphNode, RepositoryGraph, StackBackend, StackGraph } from './graph';
import { crossStackKey } from './graph';
import type { ChangeSeed, PredictedChange, StackPrediction } from './predict';
import { predictStack } from './predict';
import type { InStateTarget, OutOfStateTarget, RotationTarget } from './targets';
import { findTargets } from './targets';
import type { JsonObject, JsonValue } from './terraform-json';
import { isJsonObject } from './terraform-json';

/** `CONSUMERS_ANNOTATION` of @raxx/constructs: the workloads that read a Kubernetes secret. */
export const CONSUMERS_ANNOTATION = 'raxx.io/consumers';
/** ESO's default `refreshInterval` when an ExternalSecret sets none (external-secrets.io/v1 API). */
export const ESO_DEFAULT_REFRESH_INTERVAL = '1h';
/** How the runbooks call this tool. */
export const ROTATE_COMMAND = 'npx rotate';

/**
 * Resources that write a value into another resource (the container that consumers read), with the
 * attribute that names the container: a new secret version changes what the secret returns.
 */
export const SECRET_VALUE_WRITERS: Readonly<Record<string, string>> = {
  aws_secretsmanager_secret_version: 'secret_id',
};

/** A command of a runbook step, with what it proves or does. */
export interface Command {
  readonly description: string;
  readonly command: string;
}

/** Getting a stack's working directory ready and proving it starts with no changes. */
export interface PrepareStep {
  readonly stack: string;
  readonly directory: string;
  readonly backend: StackBackend;
  readonly commands: readonly Command[];
}

/** A place the key material flows to. */
export interface KeyFlow {
  readonly stack: string;
  readonly address: string;
  /** `resource`, `data source`, `output`, or `kubernetes secret` (projected by ESO). */
  readonly via: 'resource' | 'data source' | 'output' | 'kubernetes secret';
  readonly description: string;
}

/** What to do after the apply, derived from the graph. */
export type FollowUp =
  | {
      readonly kind: 'external-secret-refresh';
      readonly stack: string;
      readonly address: string;
      readonly name: string;
      readonly namespace: string;
      readonly refreshInterval: string;
      /** The Kubernetes Secret ESO writes. */
      readonly targetSecret: string;
      readonly commands: readonly Command[];
    }
  | {
      readonly kind: 'restart-consumers';
      readonly stack: string;
      /** The Kubernetes object whose annotation names the consumers. */
      readonly address: string;
      readonly namespace: string;
      readonly workloads: readonly string[];
      readonly commands: readonly Command[];
    }
  | {
      readonly kind: 'secret-store-auth';
      readonly stack: string;
      readonly address: string;
      readonly name: string;
      readonly namespace: string;
      /** ExternalSecrets that authenticate through this store. */
      readonly externalSecrets: readonly string[];
      readonly commands: readonly Command[];
    }
  | {
      readonly kind: 'apply-downstream-stack';
      readonly stack: string;
      /** Upstream outputs it reads that change. */
      readonly reads: readonly string[];
      readonly backend: StackBackend;
      readonly commands: readonly Command[];
      readonly expected: StackPrediction;
    }
  | {
      readonly kind: 'out-of-band-outputs';
      readonly stack: string;
      readonly outputs: readonly string[];
      readonly note: string;
    };

/** A window in which something can fail, and how long it lasts. */
export interface Risk {
  readonly summary: string;
  readonly mitigation: string;
}

/** Rotation of a key in Terraform state by replacing its resource. */
export interface ReplaceRotationPlan {
  readonly kind: 'replace';
  readonly target: InStateTarget;
  readonly prepare: PrepareStep;
  /** Stacks that follow by cross-stack reference: checked for "No changes." before starting too. */
  readonly prepareDownstream: readonly PrepareStep[];
  readonly identify: { readonly address: string; readonly flows: readonly KeyFlow[] };
  readonly replace: { readonly commands: readonly Command[]; readonly taintCommands: readonly Command[] };
  readonly expected: StackPrediction;
  readonly followUps: readonly FollowUp[];
  readonly verification: readonly Command[];
  readonly risks: readonly Risk[];
  /** Caveats of the prediction (e.g. a resource type missing from the replacement table). */
  readonly warnings: readonly string[];
}

/** One step of a runbook outside Terraform, with the check that must pass before the next. */
export interface RunbookStep {
  readonly title: string;
  readonly commands: readonly Command[];
  /** What must hold before going on. */
  readonly check: string;
}

/** Zero-downtime rotation of a key outside Terraform state (create the new key before deleting the old). */
export interface CreateBeforeDeletePlan {
  readonly kind: 'create-before-delete';
  readonly target: OutOfStateTarget;
  readonly prepare: PrepareStep;
  readonly steps: readonly RunbookStep[];
  readonly verification: readonly Command[];
  readonly risks: readonly Risk[];
}

export type RotationPlan = ReplaceRotationPlan | CreateBeforeDeletePlan;

/** What `plan --target` asks for. */
export interface PlanRequest {
  readonly target: string;
  readonly stack?: string;
}

// ---------------------------------------------------------------------------------------------
// Small readers of configuration values

function literal(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && !value.includes('${') ? value : undefined;
}

function at(value: JsonValue | undefined, ...path: string[]): JsonValue | undefined {
  let current = value;
  for (const segment of path) {
    if (Array.isArray(current) && current.length > 0 && !/^\d+$/.test(segment)) current = current[0];
    if (!isJsonObject(current)) return undefined;
    current = current[segment];
  }
  return current;
}

interface KubernetesObject {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly annotations: JsonObject;
  readonly spec: JsonValue | undefined;
}

/** The Kubernetes object a resource manages (`kubernetes_manifest` or `kubernetes_secret_v1`). */
function kubernetesObjectOf(node: GraphNode): KubernetesObject | undefined {
  if (node.type === 'kubernetes_manifest') {
    const manifest = at(node.body, 'manifest');
    if (!isJsonObject(manifest)) return undefined;
    const annotations = at(manifest, 'metadata', 'annotations');
    return {
      kind: literal(manifest.kind) ?? '',
      name: literal(at(manifest, 'metadata', 'name')) ?? node.name,
      namespace: literal(at(manifest, 'metadata', 'namespace')) ?? 'default',
      annotations: isJsonObject(annotations) ? annotations : {},
      spec: manifest.spec,
    };
  }
  if (node.type === 'kubernetes_secret_v1' || node.type === 'kubernetes_secret') {
    const annotations = at(node.body, 'metadata', 'annotations');
    return {
      kind: 'Secret',
      name: literal(at(node.body, 'metadata', 'name')) ?? node.name,
      namespace: literal(at(node.body, 'metadata', 'namespace')) ?? 'default',
      annotations: isJsonObject(annotations) ? annotations : {},
      spec: undefined,
    };
  }
  return undefined;
}

function consumersOf(object: KubernetesObject): string[] {
  const value = literal(object.annotations[CONSUMERS_ANNOTATION]);
  return value ? value.split(',').map((item) => item.trim()).filter((item) => item.length > 0) : [];
}

// ---------------------------------------------------------------------------------------------
// Commands

function prepareStep(stack: StackGraph | StackPrediction, name: string): PrepareStep {
  const { directory, backend } = stack;
  const tf = `terraform -chdir=${directory}`;
  const init: Command[] =
    backend.kind === 'cloud'
      ? [
          { description: `log in to Terraform Cloud once (organization ${backend.organization})`, command: 'terraform login' },
          { description: `initialize against the Terraform Cloud workspace ${backend.workspace}`, command: `${tf} init` },
        ]
      : backend.kind === 'local'
        ? [{ description: `initialize with the local backend (state at ${backend.path})`, command: `${tf} init` }]
        : [{ description: `initialize with the ${backend.type} backend`, command: `${tf} init` }];
  return {
    stack: name,
    directory,
    backend,
    commands: [
      ...init,
      { description: 'expect "No changes." (exit code 0; 2 means drift: resolve it first)', command: `${tf} plan -detailed-exitcode` },
    ],
  };
}

function reviewedApplyCommands(targetName: string, stack: StackGraph, replaceAddress?: string): Command[] {
  const tf = `terraform -chdir=${stack.directory}`;
  const file = `rotate-${targetName}-${stack.name}`;
  const replace = replaceAddress ? ` -replace=${replaceAddress}` : '';
  return [
    { description: replaceAddress ? `plan the replacement of ${replaceAddress}` : 'plan with the new upstream outputs', command: `${tf} plan${replace} -out=${file}.tfplan` },
    { description: 'export the plan as JSON', command: `${tf} show -json ${file}.tfplan > ${stack.directory}/${file}.json` },
    {
      description: 'check the plan against this prediction (fails, naming the address, on anything outside the blast radius)',
      command: `${ROTATE_COMMAND} verify --plan ${stack.directory}/${file}.json --target ${targetName} --stack ${stack.name}`,
    },
    { description: 'apply exactly the reviewed plan', command: `${tf} apply ${file}.tfplan` },
  ];
}

// ---------------------------------------------------------------------------------------------
// In-state keys

function predictDownstream(graph: RepositoryGraph, upstream: StackPrediction, visited: Set<string>): Array<{ reads: string[]; prediction: StackPrediction }> {
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

function readersIn(graph: RepositoryGraph, stack: string): (output: string) => string[] {
  return (output) => [...new Set((graph.crossStackConsumers.get(crossStackKey(stack, output)) ?? []).map((consumer) => consumer.stack))].sort();
}

function flowsOf(predictions: readonly StackPrediction[], targetAddress: string): KeyFlow[] {
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

interface ClusterFollowUps {
  readonly followUps: FollowUp[];
  readonly flows: KeyFlow[];
  readonly risks: Risk[];
  readonly verification: Command[];
}

function clusterFollowUps(stack: StackGraph, prediction: StackPrediction): ClusterFollowUps {
  const changed = new Set(prediction.changes.filter((change) => change.action !== 'read').map((change) => change.address));
  // Containers whose value consumers read: changed resources, and secrets a changed version writes into.
  const containers = new Set(changed);
  for (const address of changed) {
    const writerAttribute = SECRET_VALUE_WRITERS[(stack.nodes.get(address) as GraphNode).type];
    if (!writerAttribute) continue;
    for (const site of stack.referencesOf.get(address) ?? []) if (site.location[0] === writerAttribute) containers.add(site.to);
  }
  const result: ClusterFollowUps = { followUps: [], flows: [], risks: [], verification: [] };
  const refreshed = new Set<string>();
  const stores = new Set<string>();
  for (const container of [...containers].sort()) {
    for (const site of stack.dependents.get(container) ?? []) {
      const reader = stack.nodes.get(site.from);
      const object = reader ? kubernetesObjectOf(reader) : undefined;
      if (!reader || !object) continue;
      if (object.kind === 'ExternalSecret' && !refreshed.has(reader.address)) {
        refreshed.add(reader.address);
        const refreshInterval = literal(at(object.spec, 'refreshInterval')) ?? ESO_DEFAULT_REFRESH_INTERVAL;
        const targetSecret = literal(at(object.spec, 'target', 'name')) ?? object.name;
        const es = `externalsecret/${object.name} -n ${object.namespace}`;
        result.followUps.push({
          kind: 'external-secret-refresh',
          stack: stack.name,
          address: reader.address,
          name: object.name,
          namespace: object.namespace,
          refreshInterval,
          targetSecret,
          commands: [
            { description: `skip the ${refreshInterval} refresh wait: force ESO to sync now`, command: `kubectl annotate ${es} force-sync=$(date +%s) --overwrite` },
            { description: `wait for Secret ${object.namespace}/${targetSecret} to hold the new key`, command: `kubectl wait ${es} --for=condition=Ready --timeout=120s` },
          ],
        });
        result.flows.push({
          stack: stack.name,
          address: reader.address,
          via: 'kubernetes secret',
          description: `ESO projects it into Secret ${object.namespace}/${targetSecret} (refreshInterval ${refreshInterval})`,
        });
        const workloads = consumersOf(object);
        if (workloads.length > 0) {
          result.followUps.push({
            kind: 'restart-consumers',
            stack: stack.name,
            address: reader.address,
            namespace: object.namespace,
            workloads,
            commands: workloads.flatMap((workload) => [
              { description: `restart ${workload} so its pods read the new Secret`, command: `kubectl rollout restart ${workload} -n ${object.namespace}` },
              { description: `wait for ${workload} to roll out`, command: `kubectl rollout status ${workload} -n ${object.namespace}` },
            ]),
          });
        }
        result.verification.push({
          description: `ESO synced ${object.namespace}/${targetSecret} after the apply (expect SecretSynced)`,
          command: `kubectl get ${es} -o jsonpath='{.status.conditions[?(@.type=="Ready")].reason}'`,
        });
        for (const workload of workloads) {
          result.verification.push({ description: `${workload} runs with the new key`, command: `kubectl rollout status ${workload} -n ${object.namespace}` });
        }
        result.risks.push({
          summary: `Pods of ${workloads.join(', ') || `the readers of Secret ${object.namespace}/${targetSecret}`} hold the old key from the apply until ESO refreshes (up to ${refreshInterval}) and they restart.`,
          mitigation: 'Force-sync the ExternalSecret and restart the consumers right after the apply; the window shrinks to the rollout time.',
        });
      } else if ((object.kind === 'SecretStore' || object.kind === 'ClusterSecretStore') && !stores.has(reader.address)) {
        stores.add(reader.address);
        const users = (stack.dependents.get(reader.address) ?? [])
          .map((use) => stack.nodes.get(use.from))
          .filter((node): node is GraphNode => node !== undefined && kubernetesObjectOf(node)?.kind === 'ExternalSecret');
        const names = [...new Set(users.map((node) => (kubernetesObjectOf(node) as KubernetesObject).name))].sort();
        result.followUps.push({
          kind: 'secret-store-auth',
          stack: stack.name,
          address: reader.address,
          name: object.name,
          namespace: object.namespace,
          externalSecrets: names,
          commands: names.map((name) => ({
            description: `prove ESO authenticates with the new key: force-sync ${name} (no restart needed: ESO re-reads the store's auth Secret on every reconcile)`,
            command: `kubectl annotate externalsecret/${name} -n ${object.namespace} force-sync=$(date +%s) --overwrite`,
          })),
        });
        for (const name of names) {
          result.verification.push({
            description: `ExternalSecret ${name} synced with the new reader key (expect SecretSynced)`,
            command: `kubectl get externalsecret/${name} -n ${object.namespace} -o jsonpath='{.status.conditions[?(@.type=="Ready")].reason}'`,
          });
        }
        result.risks.push({
          summary: `SecretStore ${object.namespace}/${object.name} authenticates with the old key until Terraform rewrites its auth Secret in the same apply; new IAM keys can take seconds to become valid.`,
          mitigation: 'A sync that fails in that window is retried by ESO; force-sync afterwards to confirm.',
        });
      }
    }
  }
  for (const address of [...changed].sort()) {
    const node = stack.nodes.get(address) as GraphNode;
    const object = kubernetesObjectOf(node);
    if (!object || object.kind !== 'Secret') continue;
    const workloads = consumersOf(object);
    if (workloads.length === 0) continue;
    result.followUps.push({
      kind: 'restart-consumers',
      stack: stack.name,
      address,
      namespace: object.namespace,
      workloads,
      commands: workloads.map((workload) => ({ description: `restart ${workload}`, command: `kubectl rollout restart ${workload} -n ${object.namespace}` })),
    });
  }
  return result;
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

function githubSecretVerification(stack: StackGraph, prediction: StackPrediction): Command[] {
  const byRepository = new Map<string, string[]>();
  for (const change of prediction.changes) {
    if (change.type !== 'github_actions_secret') continue;
    const node = stack.nodes.get(change.address) as GraphNode;
    const repository = literal(at(node.body, 'repository'));
    const secret = literal(at(node.body, 'secret_name'));
    if (!repository || !secret) continue;
    const full = repository.includes('/') || !stack.githubOwner ? repository : `${stack.githubOwner}/${repository}`;
    byRepository.set(full, [...(byRepository.get(full) ?? []), secret]);
  }
  return [...byRepository].map(([repository, secrets]) => ({
    description: `${secrets.sort().join(', ')} updated today`,
    command: `gh secret list --repo ${repository} | grep -E '^(${secrets.join('|')})\\b'`,
  }));
}

function planInState(graph: RepositoryGraph, target: InStateTarget): ReplaceRotationPlan {
  const stack = graph.stacks.get(target.stack) as StackGraph;
  const node = stack.nodes.get(target.address) as GraphNode;
  const expected = predictStack(stack, [{ address: target.address, replace: true, paths: [] }], readersIn(graph, stack.name));
  const downstream = predictDownstream(graph, expected, new Set([stack.name]));
  const predictions = [expected, ...downstream.map((entry) => entry.prediction)];

  const followUps: FollowUp[] = [];
  const flows: KeyFlow[] = flowsOf(predictions, target.address);
  const risks: Risk[] = [];
  const verification: Command[] = [...keyVerification(stack, node)];

  const replaceSymbol = node.createBeforeDestroy ? '+/-' : '-/+';
  risks.push(
    node.createBeforeDestroy
      ? { summary: `${target.address} is create_before_destroy: the new key exists before the old one is deleted, both valid during the apply.`, mitigation: 'None needed for the key itself; consumers below still switch only when they reload.' }
      : {
          summary: `Terraform deletes the old key before creating the new one (${replaceSymbol}): from that moment every consumer still holding the old key fails.`,
          mitigation: 'Run the follow-ups (section 5) right after the apply; rotate when the consumers are quiet.',
        },
  );

  for (const prediction of predictions) {
    const cluster = clusterFollowUps(graph.stacks.get(prediction.stack) as StackGraph, prediction);
    followUps.push(...cluster.followUps);
    flows.push(...cluster.flows);
    risks.push(...cluster.risks);
    verification.push(...cluster.verification);
  }
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
    const outOfBand = prediction.outputChanges.filter((output) => output.readBy.length === 0).map((output) => output.name);
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

  const warnings = predictions.flatMap((prediction) =>
    prediction.changes
      .filter((change) => !change.tabulated && change.action === 'update')
      .map((change) => `${prediction.stack}: ${change.type} is not in the replacement table; ${change.address} is assumed to update in place`),
  );

  return {
    kind: 'replace',
    target,
    prepare: prepareStep(stack, stack.name),
    prepareDownstream: downstream.map(({ prediction }) => prepareStep(prediction, prediction.stack)),
    identify: { address: target.address, flows },
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

// ---------------------------------------------------------------------------------------------
// Out-of-state keys (freescout-backup-iam-runbook.txt, "Key rotation")

function secretNamed(consumer: GithubSecretConsumer, part: 'AccessKeyId' | 'SecretAccessKey'): string[] {
  return Object.keys(consumer.secrets).filter((name) => consumer.secrets[name] === part).sort();
}

function dryRunCommands(credential: OutOfStateCredential): Command[] {
  return credential.consumers.flatMap((consumer) => [
    { description: `dry run of ${consumer.workflow} in ${consumer.repository}`, command: `gh workflow run ${consumer.workflow} --field dry_run=true --repo ${consumer.repository}` },
    { description: 'watch the run', command: `gh run list --workflow ${consumer.workflow} --repo ${consumer.repository} --limit 1` },
  ]);
}

function planOutOfState(graph: RepositoryGraph, target: OutOfStateTarget): CreateBeforeDeletePlan {
  const stack = graph.stacks.get(target.stack) as StackGraph;
  const { credential } = target;
  const user = `--user-name ${credential.userName} --region ${credential.region}`;
  const setSecrets: Command[] = credential.consumers.flatMap((consumer) => [
    ...secretNamed(consumer, 'AccessKeyId').map((name) => ({
      description: `store the new key id in ${consumer.repository} (read from the variable, never printed)`,
      command: `printf '%s' "$NEW_KEY_ID" | gh secret set ${name} --repo ${consumer.repository}`,
    })),
    ...secretNamed(consumer, 'SecretAccessKey').map((name) => ({
      description: `store the new secret in ${consumer.repository} (read from the variable, never printed)`,
      command: `printf '%s' "$NEW_SECRET" | gh secret set ${name} --repo ${consumer.repository}`,
    })),
  ]);
  const steps: RunbookStep[] = [
    {
      title: 'Record the current key',
      commands: [
        { description: 'list the keys (IAM allows two per user: there must be only one now)', command: `aws iam list-access-keys ${user}` },
        { description: 'remember the old key id', command: `OLD_KEY_ID=$(aws iam list-access-keys ${user} --query 'AccessKeyMetadata[0].AccessKeyId' --output text)` },
      ],
      check: 'Exactly one key is listed; with two, find out which one is in use before going on.',
    },
    {
      title: 'Create the new key BEFORE deleting the old one',
      commands: [
        { description: 'create the key; the output stays in a shell variable', command: `NEW_KEY=$(aws iam create-access-key ${user} --output json)` },
        { description: 'key id', command: `NEW_KEY_ID=$(echo "$NEW_KEY" | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['AccessKey']['AccessKeyId'])")` },
        { description: 'secret (AWS shows it only once)', command: `NEW_SECRET=$(echo "$NEW_KEY" | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['AccessKey']['SecretAccessKey'])")` },
      ],
      check: `aws iam list-access-keys ${user} lists two Active keys.`,
    },
    {
      title: 'Update the consumers',
      commands: setSecrets,
      check: credential.consumers.map((consumer) => `gh secret list --repo ${consumer.repository} shows ${Object.keys(consumer.secrets).sort().join(', ')} updated today.`).join(' '),
    },
    {
      title: 'Dry run with the new key',
      commands: dryRunCommands(credential),
      check: 'The dry run completes "Configure AWS credentials" and its first AWS call without error. If not, stop: the old key still works, nothing is broken.',
    },
    {
      title: 'Delete the OLD key',
      commands: [
        { description: 'the old key must not be the new one', command: 'test -n "$OLD_KEY_ID" && test "$OLD_KEY_ID" != "$NEW_KEY_ID"' },
        { description: 'delete it', command: `aws iam delete-access-key --user-name ${credential.userName} --access-key-id "$OLD_KEY_ID" --region ${credential.region}` },
        { description: 'forget the key material', command: 'unset NEW_KEY NEW_SECRET' },
      ],
      check: 'Only the new key is listed.',
    },
    {
      title: 'Dry run again after the deletion',
      commands: dryRunCommands(credential),
      check: 'The workflow succeeds with only the new key.',
    },
  ];
  return {
    kind: 'create-before-delete',
    target,
    prepare: prepareStep(stack, stack.name),
    steps,
    verification: [
      { description: `one Active key for ${credential.userName}, created today, equal to $NEW_KEY_ID`, command: `aws iam list-access-keys ${user}` },
      ...credential.consumers.map((consumer) => ({
        description: `${Object.keys(consumer.secrets).sort().join(', ')} updated today`,
        command: `gh secret list --repo ${consumer.repository} | grep -E '^(${Object.keys(consumer.secrets).sort().join('|')})\\b'`,
      })),
      { description: `Terraform does not manage the key: stack ${stack.name} still shows "No changes."`, command: `terraform -chdir=${stack.directory} plan -detailed-exitcode` },
    ],
    risks: [
      {
        summary: 'None for the consumers: both keys are valid from step 2 until step 5.',
        mitigation: 'Do not delete the old key before the dry run passes.',
      },
      {
        summary: 'GitHub secrets cannot be read back: once step 3 ran, the old key can no longer be restored into them.',
        mitigation: 'If the dry run fails, fix the new key (it has the same policy as the old) or create another; keep the old key until a dry run passes.',
      },
      {
        summary: `IAM allows two keys per user: with two keys already, step 2 fails (LimitExceeded).`,
        mitigation: 'Step 1 checks there is one key.',
      },
    ],
  };
}

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
