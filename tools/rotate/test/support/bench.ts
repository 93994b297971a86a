/**
 * Benchmark functions for `npm run bench` (scripts/bench.mjs): a synthetic configuration of N
 * resources in chains and fans, and timings of planning every target, for the repo and for N.
 */
import type { ParsedStack, RepositoryGraph } from '@raxx/rotation/graph/graph';
import { buildRepositoryGraph } from '@raxx/rotation/graph/graph';
import { planRotationOf } from '@raxx/rotation/runbook';
import { buildReferenceIndex, clearReferenceMemo, expressionsIn } from '@raxx/rotation/graph/references';
import { renderPlanMarkdown } from '@raxx/rotation/render/markdown';
import { loadSynthesizedStacks } from '@raxx/rotate';
import { allRotationTargets } from '@raxx/rotation/graph/targets';
import type { JsonObject, JsonValue, TerraformConfiguration } from '@raxx/rotation/graph/terraform-json';
import { installedReplacementTable } from '@raxx/rotate';

/** Resources per generated unit (see {@link generateConfiguration}). */
export const RESOURCES_PER_UNIT = 10;

/**
 * A synthetic Terraform JSON with `resourceCount` resources, in units of ten: a user, its access key
 * feeding a secret version (fan: JSON blob), a Kubernetes secret and an output; an ExternalSecret
 * reading the secret; a policy; a bucket chained to the previous unit's bucket (a chain as long as
 * the configuration); every fifth unit a Cloudflare token whose value feeds the next unit's policy.
 */
export function generateConfiguration(resourceCount: number): TerraformConfiguration {
  const units = Math.max(1, Math.ceil(resourceCount / RESOURCES_PER_UNIT));
  const resource: Record<string, Record<string, JsonObject>> = {
    aws_iam_user: {}, aws_iam_access_key: {}, aws_secretsmanager_secret: {}, aws_secretsmanager_secret_version: {},
    kubernetes_secret_v1: {}, kubernetes_manifest: {}, aws_iam_user_policy: {}, aws_s3_bucket: {}, cloudflare_api_token: {}, github_actions_variable: {},
  };
  const output: Record<string, JsonObject> = {};
  let count = 0;
  for (let i = 0; i < units && count < resourceCount; i++) {
    const add = (type: string, name: string, body: JsonObject): void => {
      if (count >= resourceCount) return;
      resource[type][name] = body;
      count++;
    };
    add('aws_iam_user', `user_${i}`, { name: `bench-user-${i}` });
    add('aws_iam_access_key', `key_${i}`, { user: `\${aws_iam_user.user_${i}.name}` });
    add('aws_secretsmanager_secret', `secret_${i}`, { name: `bench-secret-${i}` });
    add('aws_secretsmanager_secret_version', `version_${i}`, {
      secret_id: `\${aws_secretsmanager_secret.secret_${i}.id}`,
      secret_string: `\${jsonencode({"ID" = aws_iam_access_key.key_${i}.id, "SECRET" = aws_iam_access_key.key_${i}.secret, "BUCKET" = aws_s3_bucket.bucket_${i}.id})}`,
    });
    add('kubernetes_secret_v1', `k8s_${i}`, {
      metadata: { name: `bench-${i}`, namespace: 'bench' },
      data: { id: `\${aws_iam_access_key.key_${i}.id}`, secret: `\${aws_iam_access_key.key_${i}.secret}` },
    });
    add('kubernetes_manifest', `external_secret_${i}`, {
      manifest: {
        apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret',
        metadata: { name: `bench-${i}`, namespace: 'bench', annotations: { 'raxx.io/consumers': `deployment/bench-${i}` } },
        spec: { refreshInterval: '1h', target: { name: `bench-${i}` }, data: [{ secretKey: 'ID', remoteRef: { key: `\${aws_secretsmanager_secret.secret_${i}.name}`, property: 'ID' } }] },
      },
    });
    add('aws_iam_user_policy', `policy_${i}`, {
      name: `bench-${i}`, user: `\${aws_iam_user.user_${i}.name}`,
      policy: `{"Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"\${aws_s3_bucket.bucket_${i}.arn}/*"}]}`,
    });
    add('aws_s3_bucket', `bucket_${i}`, i === 0 ? { bucket: 'bench-0' } : { bucket: `bench-${i}`, tags: { previous: `\${aws_s3_bucket.bucket_${i - 1}.id}` } });
    if (i % 5 === 0) {
      add('cloudflare_api_token', `token_${i}`, { name: `bench-token-${i}` });
      add('github_actions_variable', `token_id_${i}`, { repository: 'bench', variable_name: `TOKEN_${i}`, value: `\${cloudflare_api_token.token_${i}.id}` });
    } else {
      add('aws_iam_user', `extra_${i}`, { name: `bench-extra-${i}` });
      add('aws_s3_bucket', `extra_${i}`, { bucket: `bench-extra-${i}`, tags: { owner: `\${aws_iam_user.extra_${i}.arn}` } });
    }
    output[`key_id_${i}`] = { sensitive: true, value: `\${aws_iam_access_key.key_${i}.id}` };
  }
  return {
    terraform: { backend: { local: { path: 'bench.tfstate' } } },
    resource,
    output,
  };
}

/** A generated configuration parsed as one stack (references extracted with hcl2json). */
export async function generateParsedStack(resourceCount: number): Promise<ParsedStack> {
  const configuration = generateConfiguration(resourceCount);
  return { name: 'bench', directory: 'cdktf.out/stacks/bench', configuration, references: await buildReferenceIndex(expressionsIn(configuration as JsonValue)) };
}

/** Builds the graph and plans every target (the pure planner's whole job). Returns the plan count. */
export function planEveryTarget(parsedStacks: readonly ParsedStack[]): { graph: RepositoryGraph; plans: number } {
  const graph = buildRepositoryGraph(parsedStacks, installedReplacementTable());
  let plans = 0;
  for (const target of allRotationTargets(graph)) {
    planRotationOf(graph, target);
    plans++;
  }
  return { graph, plans };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function timed(fn: () => void): number {
  const started = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Median time to build the graph of `resourceCount` generated resources and plan every target. */
export async function benchmarkPlanner(resourceCount: number, runs = 5): Promise<{ ms: number; resources: number; targets: number }> {
  const parsed = await generateParsedStack(resourceCount);
  let targets = 0;
  const times = Array.from({ length: Math.max(1, runs) }, () => timed(() => (targets = planEveryTarget([parsed]).plans)));
  return { ms: median(times), resources: resourceCount, targets };
}

/**
 * Median time, as a fresh `rotate` process would spend it after the first run: read the synthesized
 * output in `outdir` (references from the cache next to it), build the graph, plan and render every
 * target of the repo.
 */
export async function benchmarkRepoPlans(outdir: string, runs = 5): Promise<{ ms: number; targets: number }> {
  const root = process.cwd();
  let targets = 0;
  const times: number[] = [];
  for (let run = 0; run < Math.max(1, runs) + 1; run++) {
    clearReferenceMemo();
    const started = process.hrtime.bigint();
    const stacks = await loadSynthesizedStacks({ root, outdir, synthesize: false });
    if (!stacks.ok) throw new Error(stacks.error.kind);
    const graph = buildRepositoryGraph(stacks.value, installedReplacementTable());
    const all = allRotationTargets(graph);
    for (const target of all) renderPlanMarkdown(planRotationOf(graph, target), installedReplacementTable());
    targets = all.length;
    // The first run fills the reference cache; it is the cold case, reported by the CLI itself.
    if (run > 0) times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return { ms: median(times), targets };
}
