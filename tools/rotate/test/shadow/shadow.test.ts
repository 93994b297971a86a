/**
 * Truth: for EVERY rotatable target of EVERY stack of the real synthesized repo (and of the fixture
 * repo), the planner's prediction equals what Terraform itself plans on the stack's shadow; for
 * every stack that follows by cross-stack reference too. `verify` is checked on those real plans.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RepositoryGraph, StackGraph } from '@raxx/rotation/graph/graph';
import { buildRepositoryGraph } from '@raxx/rotation/graph/graph';
import type { RotationPlan } from '@raxx/rotation/runbook';
import { planRotationOf, predictionsOf } from '@raxx/rotation/runbook';
import type { StackPrediction } from '@raxx/rotation/predict/predict';
import { buildShadowConfiguration, remoteVariableName } from '../support/shadow';
import { parseStackFiles, readStackFiles } from '../../src/io/synth-output';
import type { RotationTarget } from '@raxx/rotation/graph/targets';
import { allRotationTargets } from '@raxx/rotation/graph/targets';
import type { JsonObject, JsonValue } from '@raxx/rotation/graph/terraform-json';
import { checkPlanStack, verifyPlan } from '@raxx/rotation/verify/verify';
import { rotate } from '../support/cli-harness';
import { defaultSynthesis, FIXTURE_OUTDIR, WORKSPACE_ROOT } from '../support/fixture-repo';
import { forceNewFactsFor } from '../support/force-new-facts';
import type { AppliedShadow, InstanceRequest, ShadowInstance } from '../support/shadow-terraform';
import { actionsOf, applyShadow, changedOutputsOf, ShadowBatch, showShadowPlan, summaryOf } from '../support/shadow-terraform';
import { installedReplacementTable } from '@raxx/rotate';

jest.setTimeout(120_000);

// The real repo, synthesized by the app with the default configuration (its synthesis brings the app's
// build up to date), at collection time, so every target becomes a named test case; the CLI cases below
// run the CLI in this process (test/cli-harness.ts).
const REAL_OUTDIR = defaultSynthesis();

function discover(outdir: string): RotationTarget[] {
  const files = readStackFiles(WORKSPACE_ROOT, outdir);
  if (!files.ok) throw new Error(files.error.kind);
  const graph = buildRepositoryGraph(files.value.map((file) => ({ ...file, references: {} })), installedReplacementTable());
  return allRotationTargets(graph);
}

const REPOS = { real: REAL_OUTDIR, fixture: FIXTURE_OUTDIR } as const;
type RepoName = keyof typeof REPOS;
const CASES: Array<[RepoName, string, string]> = (Object.keys(REPOS) as RepoName[]).flatMap((repo) =>
  discover(REPOS[repo]).map((target) => [repo, target.stack, target.address] as [RepoName, string, string]),
);

interface StackCheck {
  readonly prediction: StackPrediction;
  readonly plan: JsonObject;
}

interface TargetCheck {
  readonly plan: RotationPlan;
  readonly stacks: readonly StackCheck[];
}

const graphs = new Map<RepoName, RepositoryGraph>();
const checks = new Map<string, TargetCheck>();
const SHADOW_ROOT = mkdtempSync(join(tmpdir(), 'rotate-shadow-'));
// Every plan below (every case, every stack it reaches, the verify cases) is one instance of this
// batch: one apply builds all the baselines, one plan + one show plan them all.
const batch = new ShadowBatch(join(SHADOW_ROOT, 'batch'));
const instances = new Map<string, ShadowInstance>();

afterAll(() => rmSync(SHADOW_ROOT, { recursive: true, force: true }));

/** The batch instance of `stack` planned with `request` (one per distinct request). */
function instanceFor(repo: RepoName, stack: StackGraph, request: { replace: readonly string[]; changedInputs: readonly string[] }): ShadowInstance {
  const key = JSON.stringify([repo, stack.name, request.replace, request.changedInputs]);
  let instance = instances.get(key);
  if (!instance) {
    instance = batch.add(stack, request);
    instances.set(key, instance);
  }
  return instance;
}

function caseKey(repo: RepoName, stack: string, address: string): string {
  return `${repo} ${stack} ${address}`;
}

/** The instances a target's check plans: one per stack the rotation reaches. */
function requestTarget(repo: RepoName, graph: RepositoryGraph, target: RotationTarget): () => TargetCheck {
  const plan = planRotationOf(graph, target);
  const stack = graph.stacks.get(target.stack) as StackGraph;
  const pending: Array<{ prediction: StackPrediction; instance: ShadowInstance }> = [];
  if (plan.kind === 'create-before-delete') {
    const instance = instanceFor(repo, stack, { replace: [], changedInputs: [] });
    pending.push({ prediction: { stack: stack.name, directory: stack.directory, backend: stack.backend, changes: [], outputChanges: [], summary: { add: 0, change: 0, destroy: 0 } }, instance });
  } else {
    for (const prediction of predictionsOf(plan)) {
      const predictedStack = graph.stacks.get(prediction.stack) as StackGraph;
      const { remoteInputs } = buildShadowConfiguration(predictedStack, forceNewFactsFor());
      const changedInputs =
        prediction.stack === target.stack
          ? []
          : [...predictedStack.upstreamOf.keys()].flatMap((remoteState) =>
              remoteInputs
                .filter((input) => input.remoteState === remoteState)
                .filter((input) => predictionsOf(plan).some((upstream) => upstream.stack === predictedStack.upstreamOf.get(remoteState) && upstream.outputChanges.some((output) => output.name === input.output)))
                .map((input) => remoteVariableName(input.remoteState, input.output)),
            );
      const instance = instanceFor(repo, predictedStack, { replace: prediction.stack === target.stack ? [target.address] : [], changedInputs });
      pending.push({ prediction, instance });
    }
  }
  return () => ({ plan, stacks: pending.map(({ prediction, instance }) => ({ prediction, plan: batch.planOf(instance) })) });
}

/** The tomoda-prod plans the verify cases below read, each an instance of the batch. */
const verifyInstances = new Map<'extra-replace' | 'mutated' | 'no-replace', ShadowInstance>();

/** What the batching test compares: a batch instance and the same shadow planned alone. */
const alone: Array<{ readonly name: string; readonly instance: ShadowInstance; readonly plan: Promise<JsonObject> }> = [];
/** Shadows applied alone (outside the batch), one per stack. */
const appliedAlone = new Map<string, Promise<AppliedShadow>>();

/**
 * A plan of the instance's stack with its request, by the stack's shadow applied and planned alone
 * (not in the batch); started at once, so it runs beside the batch.
 */
function planAlone(name: string, repo: RepoName, stack: StackGraph, request: InstanceRequest & { replace: readonly string[]; changedInputs: readonly string[] }): void {
  const instance = instanceFor(repo, stack, request);
  const key = `${repo}/${stack.name}`;
  const applied = appliedAlone.get(key) ?? applyShadow(stack, join(SHADOW_ROOT, 'alone', repo, stack.name));
  appliedAlone.set(key, applied);
  const plan = applied.then((shadow) => showShadowPlan(shadow, { name, ...request }));
  plan.catch(() => undefined); // awaited by the test; not an unhandled rejection before it runs
  alone.push({ name, instance, plan });
}

beforeAll(async () => {
  for (const repo of Object.keys(REPOS) as RepoName[]) {
    const files = readStackFiles(WORKSPACE_ROOT, REPOS[repo]);
    if (!files.ok) throw new Error(files.error.kind);
    graphs.set(repo, buildRepositoryGraph(await parseStackFiles(files.value), installedReplacementTable()));
  }
  const assemble = CASES.map(([repo, stack, address]) => {
    const graph = graphs.get(repo) as RepositoryGraph;
    const target = allRotationTargets(graph).find((candidate) => candidate.stack === stack && candidate.address === address) as RotationTarget;
    return [caseKey(repo, stack, address), requestTarget(repo, graph, target)] as const;
  });
  const prod = (graphs.get('real') as RepositoryGraph).stacks.get('tomoda-prod') as StackGraph;
  verifyInstances.set('extra-replace', batch.add(prod, { replace: ['aws_iam_access_key.uploader_key_a', 'aws_iam_user.uploader'] }));
  verifyInstances.set(
    'mutated',
    batch.add(prod, {
      replace: ['aws_iam_access_key.eso_reader_key_a'],
      edit: (configuration, instance) => {
        const secret = (instance.shadow.shadowAddressOf.get('kubernetes_secret_v1.eso_bootstrap') as string).split('.')[1];
        ((configuration.locals as Record<string, JsonObject>)[secret].metadata as JsonObject).name = 'renamed-by-test';
      },
    }),
  );
  verifyInstances.set('no-replace', instanceFor('real', prod, { replace: [], changedInputs: [] }));
  // The batching test: a replacement, a plan without changes, and a downstream stack whose remote-state
  // inputs changed, each also planned alone.
  planAlone('uploader', 'real', prod, { replace: ['aws_iam_access_key.uploader_key_a'], changedInputs: [] });
  planAlone('none', 'real', prod, { replace: [], changedInputs: [] });
  const downstream = [...instances.entries()].find(([key]) => (JSON.parse(key) as [string, string, string[], string[]])[3].length > 0);
  if (downstream) {
    const [repo, stackName, replace, changedInputs] = JSON.parse(downstream[0]) as [RepoName, string, string[], string[]];
    planAlone('downstream', repo, (graphs.get(repo) as RepositoryGraph).stacks.get(stackName) as StackGraph, { replace, changedInputs });
  }
  await batch.apply();
  await batch.plan();
  for (const [key, check] of assemble) checks.set(key, check());
});

function predictedActions(prediction: StackPrediction): Record<string, string> {
  return Object.fromEntries(prediction.changes.filter((change) => change.action !== 'read').map((change) => [change.address, change.action]));
}

describe('the prediction equals what Terraform plans on the shadow', () => {
  test('the real repo has the expected rotatable targets', () => {
    expect(CASES.filter(([repo]) => repo === 'real').map(([, stack, address]) => `${stack} ${address}`)).toEqual([
      'freescout-backup aws_iam_user.freescout_backup',
      'r2-backups-dev cloudflare_account_token.r2_backup_token_dev_a',
      'r2-backups-prod cloudflare_account_token.r2_backup_token_prod_a',
      'r2-backups-staging cloudflare_account_token.r2_backup_token_staging_a',
      'tomoda-dev aws_iam_access_key.eso_reader_key_a',
      'tomoda-dev aws_iam_access_key.uploader_key_a',
      'tomoda-prod aws_iam_access_key.eso_reader_key_a',
      'tomoda-prod aws_iam_access_key.uploader_key_a',
      'tomoda-staging aws_iam_access_key.eso_reader_key_a',
      'tomoda-staging aws_iam_access_key.uploader_key_a',
    ]);
  });

  test.each(CASES)('%s repo, stack %s, %s: same actions, outputs and Plan line in every stack it reaches', (repo, stack, address) => {
    const check = checks.get(caseKey(repo, stack, address)) as TargetCheck;
    expect(check.stacks.length).toBeGreaterThan(0);
    for (const { prediction, plan } of check.stacks) {
      expect({ stack: prediction.stack, actions: actionsOf(plan) }).toEqual({ stack: prediction.stack, actions: predictedActions(prediction) });
      expect(changedOutputsOf(plan)).toEqual(prediction.outputChanges.map((output) => output.name));
      expect(summaryOf(plan)).toEqual(prediction.summary);
    }
  });

  test.each(CASES)('%s repo, stack %s, %s: verify accepts the real plan of every stack it reaches', (repo, stack, address) => {
    const check = checks.get(caseKey(repo, stack, address)) as TargetCheck;
    const graph = graphs.get(repo) as RepositoryGraph;
    for (const { prediction, plan } of check.stacks) {
      expect(checkPlanStack(plan as never, graph.stacks.get(prediction.stack) as StackGraph)).toEqual({ ok: true, value: undefined });
      expect(verifyPlan(plan as never, prediction).violations).toEqual([]);
    }
  });

  test('the uploader key of tomoda-prod: the active slot\'s key and secret version replaced, the ExternalSecret re-pinned in place, nothing else', () => {
    const check = checks.get(caseKey('real', 'tomoda-prod', 'aws_iam_access_key.uploader_key_a')) as TargetCheck;
    expect(actionsOf(check.stacks[0].plan)).toEqual({
      'aws_iam_access_key.uploader_key_a': 'replace',
      'aws_secretsmanager_secret_version.s3_uploader_creds_a': 'replace',
      'kubernetes_manifest.uploader_external_secret': 'update',
    });
  });

  test('the r2 dev token: one apply of r2-backups-dev replaces the token and both environment secrets; no other stack follows', () => {
    const check = checks.get(caseKey('real', 'r2-backups-dev', 'cloudflare_account_token.r2_backup_token_dev_a')) as TargetCheck;
    expect(check.stacks.map((entry) => entry.prediction.stack)).toEqual(['r2-backups-dev']);
    expect(actionsOf(check.stacks[0].plan)).toEqual({
      'cloudflare_account_token.r2_backup_token_dev_a': 'replace',
      'github_actions_environment_secret.r2_backup_access_key_id_a_dev': 'replace',
      'github_actions_environment_secret.r2_backup_secret_access_key_a_dev': 'replace',
    });
    expect(changedOutputsOf(check.stacks[0].plan)).toEqual(['r2_access_key_id_dev', 'r2_secret_access_key_dev']);
  });

  test('no rotation of the real repo reaches another stack: nothing reads remote state', () => {
    for (const [repo, stack, address] of CASES.filter(([name]) => name === 'real')) {
      const check = checks.get(caseKey(repo, stack, address)) as TargetCheck;
      expect({ address, stacks: check.stacks.map((entry) => entry.prediction.stack) }).toEqual({ address, stacks: [stack] });
    }
  });

  test.each(['dev', 'staging', 'prod'])('the r2 %s runbook has the Aembit step, and Aembit is in its blast radius', (env) => {
    const { plan } = checks.get(caseKey('real', `r2-backups-${env}`, `cloudflare_account_token.r2_backup_token_${env}_a`)) as TargetCheck;
    if (plan.kind !== 'replace') throw new Error(plan.kind);
    const aembit = plan.followUps.filter((followUp) => followUp.kind === 'out-of-band-consumer');
    expect(aembit).toHaveLength(1);
    expect(aembit[0]).toMatchObject({ name: 'Aembit', outputs: [`r2_access_key_id_${env}`, `r2_secret_access_key_${env}`] });
    expect(plan.identify.flows.map((flow) => `${flow.via} ${flow.address}`)).toContain('out-of-band consumer Aembit');
    expect(plan.followUps.filter((followUp) => followUp.kind === 'out-of-band-outputs')).toEqual([]);
  });
});

describe('verify fails on real plans that leave the blast radius', () => {
  // The plan JSON is piped, as the runbooks do (`terraform show -json <plan> | rotate verify --plan -`), to the CLI run in this process.
  const verify = (plan: JsonObject, ...args: string[]) => rotate(['verify', '--plan', '-', '--synth-dir', REAL_OUTDIR, ...args], { stdin: JSON.stringify(plan) });

  test('the CLI accepts the real plan of tomoda-prod uploader_key', async () => {
    const check = checks.get(caseKey('real', 'tomoda-prod', 'aws_iam_access_key.uploader_key_a')) as TargetCheck;
    const result = await verify(check.stacks[0].plan, '--target', 'uploader_key', '--stack', 'tomoda-prod');
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('verified: the plan for tomoda-prod matches the rotation of uploader_key (plan: 2 to add, 1 to change, 2 to destroy; predicted: 2 to add, 1 to change, 2 to destroy; 3 predicted change(s) present)\n');
    expect(result.status).toBe(0);
  });

  test('an extra -replace of the IAM user is named (its dependents read only its configured name, so they stay)', async () => {
    const plan = batch.planOf(verifyInstances.get('extra-replace') as ShadowInstance);
    const result = await verify(plan, '--target', 'uploader_key', '--stack', 'tomoda-prod');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'rotate verify: plan for tomoda-prod leaves the predicted blast radius of uploader_key (plan: 3 to add, 1 to change, 3 to destroy; predicted: 2 to add, 1 to change, 2 to destroy):\n' +
        '  aws_iam_user.uploader: replaced, predicted no change\n' +
        '  (accept a change outside the prediction only on purpose: --allow-extra <address|type>)\n',
    );
  });

  test('a mutated triggers_replace (bootstrap secret renamed) turns the predicted in-place update into a named replacement', async () => {
    // Applied as synthesized, then planned with the secret's name changed in the shadow's configuration.
    const plan = batch.planOf(verifyInstances.get('mutated') as ShadowInstance);
    const result = await verify(plan, '--target', 'eso_reader_key', '--stack', 'tomoda-prod');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('  kubernetes_secret_v1.eso_bootstrap: replaced, predicted update\n');
    expect(result.stderr).toContain('  kubernetes_manifest.secret_store: updated in place, predicted no change\n');
  });

  test('a plan that misses the predicted change (no -replace) fails naming the key and the secret version', async () => {
    const plan = batch.planOf(verifyInstances.get('no-replace') as ShadowInstance);
    const result = await verify(plan, '--target', 'uploader_key', '--stack', 'tomoda-prod');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('  aws_iam_access_key.uploader_key_a: unchanged, predicted replace\n');
    expect(result.stderr).toContain('  aws_secretsmanager_secret_version.s3_uploader_creds_a: unchanged, predicted replace\n');
  });

  test('the plan of tomoda-dev is refused for tomoda-prod: its names differ', async () => {
    const check = checks.get(caseKey('real', 'tomoda-dev', 'aws_iam_access_key.uploader_key_a')) as TargetCheck;
    const result = await verify(check.stacks[0].plan, '--target', 'uploader_key', '--stack', 'tomoda-prod');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^rotate: plan is not for stack "tomoda-prod": \S+ differs from the stack's configuration\n$/);
  });

  test('the plan of r2-backups-dev is refused for tomoda-prod: its addresses are not there', async () => {
    const check = checks.get(caseKey('real', 'r2-backups-dev', 'cloudflare_account_token.r2_backup_token_dev_a')) as TargetCheck;
    const result = await verify(check.stacks[0].plan, '--target', 'uploader_key', '--stack', 'tomoda-prod');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^rotate: plan is not for stack "tomoda-prod": \d+ address\(es\) the stack lacks, e\.g\. (cloudflare|github)_/);
  });

  test('the CLI accepts the real plan of r2-backups-prod for r2_backup_token_prod: token and both environment secrets', async () => {
    const check = checks.get(caseKey('real', 'r2-backups-prod', 'cloudflare_account_token.r2_backup_token_prod_a')) as TargetCheck;
    const result = await verify(check.stacks[0].plan, '--target', 'r2_backup_token_prod', '--stack', 'r2-backups-prod');
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('verified: the plan for r2-backups-prod matches the rotation of r2_backup_token_prod (plan: 3 to add, 0 to change, 3 to destroy; predicted: 3 to add, 0 to change, 3 to destroy; 5 predicted change(s) present)\n');
    expect(result.status).toBe(0);
  });

  test('the plan of r2-backups-dev is refused for r2-backups-prod: its names differ', async () => {
    const check = checks.get(caseKey('real', 'r2-backups-dev', 'cloudflare_account_token.r2_backup_token_dev_a')) as TargetCheck;
    const result = await verify(check.stacks[0].plan, '--target', 'r2_backup_token_prod', '--stack', 'r2-backups-prod');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^rotate: plan is not for stack "r2-backups-prod": /);
  });
});

describe('the batch plans each instance as Terraform plans its shadow alone', () => {
  const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

  /**
   * A plan with what differs between any two runs made equal: no timestamp, each resource id (random
   * per apply) numbered by first appearance, relevant_attributes (an unordered list) sorted.
   */
  function comparable(plan: JsonObject): JsonValue {
    const { timestamp: _timestamp, relevant_attributes: relevant, ...rest } = plan;
    const sorted = { ...rest, relevant_attributes: (Array.isArray(relevant) ? relevant : []).map((entry) => JSON.stringify(entry)).sort() };
    const ids = new Map<string, string>();
    return JSON.parse(JSON.stringify(sorted).replace(UUID, (id) => ids.get(id) ?? (ids.set(id, `id-${ids.size}`), `id-${ids.size - 1}`))) as JsonValue;
  }

  test.each([
    ['uploader', 'a replacement (uploader_key of tomoda-prod), on a baseline copied from the eso_reader_key case', true],
    ['none', 'a plan without changes (not applyable, though the batch is), on a copied baseline', true],
    ['downstream', 'a downstream stack of the fixture repo whose remote-state inputs changed, on an applied baseline', false],
  ])('%s, %s: the split plan equals, field for field, the plan of the shadow applied and planned alone', async (name, _what, copied) => {
    const entry = alone.find((candidate) => candidate.name === name);
    expect(entry).toBeDefined();
    const { instance, plan } = entry as (typeof alone)[number];
    expect(batch.copied(instance)).toBe(copied);
    expect(comparable(batch.shownOf(instance))).toEqual(comparable(await plan));
  });
});
