/** Follow-ups in the cluster after a changed secret: ESO refresh, SecretStore auth, consumer restarts. */
import type { GraphNode, StackGraph } from '../graph/graph';
import type { StackPrediction } from '../predict/predict';
import type { KubernetesObject } from './kubernetes-objects';
import { at, consumersByNamespace, consumersOf, kubernetesObjectOf, literal } from './kubernetes-objects';
import type { Command, FollowUp, KeyFlow, Risk } from './types';

/** ESO's default `refreshInterval` when an ExternalSecret sets none (external-secrets.io/v1 API). */
export const ESO_DEFAULT_REFRESH_INTERVAL = '1h';

/**
 * Resources that write a value into another resource (the container that consumers read), with the
 * attribute that names the container: a new secret version changes what the secret returns.
 */
export const SECRET_VALUE_WRITERS: Readonly<Record<string, string>> = {
  aws_secretsmanager_secret_version: 'secret_id',
};

export interface ClusterFollowUps {
  readonly followUps: FollowUp[];
  readonly flows: KeyFlow[];
  readonly risks: Risk[];
  readonly verification: Command[];
}

export function clusterFollowUps(stack: StackGraph, prediction: StackPrediction): ClusterFollowUps {
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
        const consumers = consumersOf(object);
        const workloads = consumers.map((consumer) => consumer.workload);
        for (const group of consumersByNamespace(consumers)) {
          result.followUps.push({
            kind: 'restart-consumers',
            stack: stack.name,
            address: reader.address,
            namespace: group.namespace,
            workloads: group.workloads,
            commands: group.workloads.flatMap((workload) => [
              { description: `restart ${workload} so its pods read the new Secret`, command: `kubectl rollout restart ${workload} -n ${group.namespace}` },
              { description: `wait for ${workload} to roll out`, command: `kubectl rollout status ${workload} -n ${group.namespace}` },
            ]),
          });
        }
        result.verification.push({
          description: `ESO synced ${object.namespace}/${targetSecret} after the apply (expect SecretSynced)`,
          command: `kubectl get ${es} -o jsonpath='{.status.conditions[?(@.type=="Ready")].reason}'`,
        });
        for (const consumer of consumers) {
          result.verification.push({ description: `${consumer.workload} runs with the new key`, command: `kubectl rollout status ${consumer.workload} -n ${consumer.namespace}` });
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
    for (const group of consumersByNamespace(consumersOf(object))) {
      result.followUps.push({
        kind: 'restart-consumers',
        stack: stack.name,
        address,
        namespace: group.namespace,
        workloads: group.workloads,
        commands: group.workloads.flatMap((workload) => [
          { description: `restart ${workload} so it drops what it read from Secret ${object.namespace}/${object.name}`, command: `kubectl rollout restart ${workload} -n ${group.namespace}` },
          { description: `wait for ${workload} to roll out`, command: `kubectl rollout status ${workload} -n ${group.namespace}` },
        ]),
      });
    }
  }
  return result;
}
