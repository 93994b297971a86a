/** Readers of literal configuration values and of the Kubernetes objects a resource manages. */
import type { GraphNode } from '../graph/graph';
import type { JsonObject, JsonValue } from '../graph/terraform-json';
import { isJsonObject } from '../graph/terraform-json';
import { CONSUMERS_ANNOTATION } from '@raxx/terraform-json';

export { CONSUMERS_ANNOTATION };

export function literal(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && !value.includes('${') ? value : undefined;
}

export function at(value: JsonValue | undefined, ...path: string[]): JsonValue | undefined {
  let current = value;
  for (const segment of path) {
    if (Array.isArray(current) && current.length > 0 && !/^\d+$/.test(segment)) current = current[0];
    if (!isJsonObject(current)) return undefined;
    current = current[segment];
  }
  return current;
}

export interface KubernetesObject {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly annotations: JsonObject;
  readonly spec: JsonValue | undefined;
}

/** The Kubernetes object a resource manages (`kubernetes_manifest` or `kubernetes_secret_v1`). */
export function kubernetesObjectOf(node: GraphNode): KubernetesObject | undefined {
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

/** A workload that reads a Kubernetes Secret, and its namespace. */
export interface Consumer {
  readonly namespace: string;
  /** `<kind>/<name>`, as `kubectl rollout` takes it. */
  readonly workload: string;
}

/**
 * The workloads named by the object's CONSUMERS_ANNOTATION: `<kind>/<name>` in the object's own
 * namespace, or `<namespace>/<kind>/<name>`.
 */
export function consumersOf(object: KubernetesObject): Consumer[] {
  const value = literal(object.annotations[CONSUMERS_ANNOTATION]);
  const items = value ? value.split(',').map((item) => item.trim()).filter((item) => item.length > 0) : [];
  return items.map((item) => {
    const parts = item.split('/');
    return parts.length === 3 ? { namespace: parts[0], workload: `${parts[1]}/${parts[2]}` } : { namespace: object.namespace, workload: item };
  });
}

/** Consumers grouped by namespace, namespaces in order of first appearance. */
export function consumersByNamespace(consumers: readonly Consumer[]): Array<{ namespace: string; workloads: string[] }> {
  const groups = new Map<string, string[]>();
  for (const consumer of consumers) groups.set(consumer.namespace, [...(groups.get(consumer.namespace) ?? []), consumer.workload]);
  return [...groups].map(([namespace, workloads]) => ({ namespace, workloads }));
}
