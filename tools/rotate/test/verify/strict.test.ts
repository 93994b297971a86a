/**
 * `verify` is strict, checked on real Terraform 1.11 plans of the tomoda-prod shadow (terraform_data):
 * every change outside the prediction fails unless `--allow-extra` names it, plans Terraform could not
 * finish or apply are refused, and a predicted replacement must have Terraform's reason and order.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RepositoryGraph, StackGraph } from '@raxx/rotation/graph/graph';
import { describeError, verifyPlanJson } from '@raxx/rotation';
import type { ReplaceRotationPlan } from '@raxx/rotation/runbook';
import { planRotation } from '@raxx/rotation/runbook';
import type { JsonObject } from '@raxx/rotation/graph/terraform-json';
import { rotate } from '../support/cli-harness';
import { graphOf, synthesizeRealRepo } from '../support/real-repo';
import type { InstanceRequest, ShadowInstance } from '../support/shadow-terraform';
import { ShadowBatch, terraform } from '../support/shadow-terraform';

jest.setTimeout(120_000);

const OUTDIR = synthesizeRealRepo();
let graph: RepositoryGraph;

/** A plan of the tomoda-prod shadow this file checks, and what is done to the state before it. */
interface StrictCase {
  readonly request: InstanceRequest;
  /** Terraform commands on the applied baseline (`shadowOf` names the instance's own objects). */
  readonly state?: (shadowOf: (address: string) => string) => readonly string[];
  plan?: JsonObject;
}

// Every plan of this file is one instance of the tomoda-prod shadow in one batch: one apply of all the
// baselines, then the state commands, then one plan + one show for all (edited configurations included).
const CASES: StrictCase[] = [];
const SHADOW_ROOT = mkdtempSync(join(tmpdir(), 'rotate-strict-'));

/** Registers a plan of the tomoda-prod shadow (made in the batch before the tests); returns its reader. */
function plannedShadow(request: InstanceRequest, state?: StrictCase['state']): () => JsonObject {
  const entry: StrictCase = { request, state };
  CASES.push(entry);
  return () => {
    if (!entry.plan) throw new Error('the batch has not planned this case');
    return entry.plan;
  };
}

beforeAll(async () => {
  graph = await graphOf(OUTDIR);
  const batch = new ShadowBatch(SHADOW_ROOT);
  const instances = CASES.map((entry) => batch.add(graph.stacks.get('tomoda-prod') as StackGraph, entry.request));
  await batch.apply();
  for (const [i, entry] of CASES.entries()) if (entry.state) await terraform(batch.dir, ...entry.state((address) => shadowOf(instances[i], address)));
  await batch.plan();
  for (const [i, entry] of CASES.entries()) entry.plan = batch.planOf(instances[i]);
});

afterAll(() => {
  rmSync(SHADOW_ROOT, { recursive: true, force: true }); // the synthesized copy goes with real-repo's folders
});

/** The instance's shadow address of a real address. */
function shadowOf(instance: ShadowInstance, address: string): string {
  return instance.shadow.shadowAddressOf.get(address) as string;
}

/** The instance's shadow name (its resource and its local) of a real address. */
function nameOf(instance: ShadowInstance, address: string): string {
  return shadowOf(instance, address).split('.')[1];
}

function resources(configuration: JsonObject): Record<string, JsonObject> {
  return (configuration.resource as { terraform_data: Record<string, JsonObject> }).terraform_data;
}

/** `rotate verify --plan -` with the plan piped on stdin, as the runbooks run it (the CLI in this process). */
function verify(plan: JsonObject, target: string, ...args: string[]) {
  return rotate(['verify', '--plan', '-', '--target', target, '--stack', 'tomoda-prod', '--synth-dir', OUTDIR, ...args], { stdin: JSON.stringify(plan) });
}

function prediction(target: string) {
  const plans = planRotation(graph, { target, stack: 'tomoda-prod' });
  if (!plans.ok) throw new Error(describeError(plans.error));
  return (plans.value[0] as ReplaceRotationPlan).expected;
}

const PREDICTED_UPLOADER = 'predicted: 2 to add, 1 to change, 2 to destroy';

describe('a rotation of uploader_key with an extra in-place update and an extra create', () => {
  // The uploader's policy edited outside the rotation, and the assets bucket gone from state.
  const extras = plannedShadow(
    {
      replace: ['aws_iam_access_key.uploader_key_a'],
      edit: (configuration, instance) => {
        const locals = configuration.locals as Record<string, JsonObject>;
        locals[nameOf(instance, 'aws_iam_user_policy.uploader_policy')].policy = '{"Statement":[]}';
      },
    },
    (shadowOf) => ['state', 'rm', shadowOf('aws_s3_bucket.static_assets')],
  );
  let plan: JsonObject;
  beforeAll(() => {
    plan = extras();
  });

  test('fails, naming both addresses, with the real plan counts beside the predicted ones', async () => {
    expect(await verify(plan, 'uploader_key')).toEqual({
      status: 1,
      stdout: '',
      stderr:
        `rotate verify: plan for tomoda-prod leaves the predicted blast radius of uploader_key (plan: 3 to add, 2 to change, 2 to destroy; ${PREDICTED_UPLOADER}):\n` +
        '  aws_iam_user_policy.uploader_policy: updated in place, predicted no change\n' +
        '  aws_s3_bucket.static_assets: created, predicted no change\n' +
        '  (accept a change outside the prediction only on purpose: --allow-extra <address|type>)\n',
    });
  });

  test('passes when --allow-extra names both (an address and a type), and says what it allowed', async () => {
    expect(await verify(plan, 'uploader_key', '--allow-extra', 'aws_iam_user_policy.uploader_policy', '--allow-extra', 'aws_s3_bucket')).toEqual({
      status: 0,
      stderr: '',
      stdout:
        `verified: the plan for tomoda-prod matches the rotation of uploader_key with 2 allowed extra change(s) (plan: 3 to add, 2 to change, 2 to destroy; ${PREDICTED_UPLOADER}; 3 predicted change(s) present)\n` +
        '  allowed: aws_iam_user_policy.uploader_policy: updated in place, predicted no change (--allow-extra aws_iam_user_policy.uploader_policy)\n' +
        '  allowed: aws_s3_bucket.static_assets: created, predicted no change (--allow-extra aws_s3_bucket)\n',
    });
  });

  test('still fails on the extra that --allow-extra does not name, and notes an entry that matched nothing', async () => {
    const result = await verify(plan, 'uploader_key', '--allow-extra', 'aws_iam_user_policy', '--allow-extra', 'kubernetes_manifest.secret_store');
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `rotate verify: plan for tomoda-prod leaves the predicted blast radius of uploader_key (plan: 3 to add, 2 to change, 2 to destroy; ${PREDICTED_UPLOADER}):\n` +
        '  aws_s3_bucket.static_assets: created, predicted no change\n' +
        '  (accept a change outside the prediction only on purpose: --allow-extra <address|type>)\n' +
        'rotate verify: note: --allow-extra kubernetes_manifest.secret_store matched no change\n',
    );
  });

  test('the pure engine (package index) returns the same verdict as a value', () => {
    const strict = verifyPlanJson(plan, prediction('uploader_key'));
    if (!strict.ok) throw new Error(describeError(strict.error));
    expect(strict.value).toMatchObject({
      stack: 'tomoda-prod',
      passed: false,
      violations: [
        { kind: 'unexpected-change', address: 'aws_iam_user_policy.uploader_policy', actual: 'update' },
        { kind: 'unexpected-change', address: 'aws_s3_bucket.static_assets', actual: 'create' },
      ],
      planned: { add: 3, change: 2, destroy: 2, forget: 0 },
      predicted: { add: 2, change: 1, destroy: 2 },
    });
    const allowed = verifyPlanJson(plan, prediction('uploader_key'), { allowExtra: ['aws_iam_user_policy', 'aws_s3_bucket.static_assets'] });
    expect(allowed.ok && allowed.value.passed).toBe(true);
    expect(allowed.ok && allowed.value.allowed.map((change) => change.allowedBy)).toEqual(['aws_iam_user_policy', 'aws_s3_bucket.static_assets']);
  });
});

describe('every kind of change outside the prediction fails, on real plans', () => {
  const forget = plannedShadow({
    replace: ['aws_iam_access_key.uploader_key_a'],
    edit: (configuration, instance) => {
      const from = shadowOf(instance, 'aws_iam_user_policy.eso_reader_policy');
      delete resources(configuration)[from.split('.')[1]];
      configuration.removed = [{ from, lifecycle: [{ destroy: false }] }];
    },
  });
  const deleted = plannedShadow({
    replace: ['aws_iam_access_key.uploader_key_a'],
    edit: (configuration, instance) => {
      delete resources(configuration)[nameOf(instance, 'aws_iam_user_policy.eso_reader_policy')];
    },
  });
  const output = plannedShadow({
    replace: ['aws_iam_access_key.uploader_key_a'],
    edit: (configuration, instance) => {
      (configuration.output as Record<string, JsonObject>)[`${instance.prefix}eso_reader_access_key_id`].value = 'changed-by-test';
    },
  });

  test('a resource forgotten by a removed block (removed from state, not destroyed)', async () => {
    const result = await verify(forget(), 'uploader_key');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`(plan: 2 to add, 1 to change, 2 to destroy, 1 to forget; ${PREDICTED_UPLOADER}):\n  aws_iam_user_policy.eso_reader_policy: removed from state (forget), predicted no change\n`);
  });

  test('a resource deleted', async () => {
    const result = await verify(deleted(), 'uploader_key');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`(plan: 2 to add, 1 to change, 3 to destroy; ${PREDICTED_UPLOADER}):\n  aws_iam_user_policy.eso_reader_policy: deleted, predicted no change\n`);
  });

  test('an output changed outside the prediction, unless --allow-extra output.<name> names it', async () => {
    const plan = output();
    const result = await verify(plan, 'uploader_key');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('\n  output.eso_reader_access_key_id: updated in place, predicted no change\n');
    expect((await verify(plan, 'uploader_key', '--allow-extra', 'output.eso_reader_access_key_id')).status).toBe(0);
  });
});

describe('a predicted replacement must have Terraform reason and order', () => {
  const tainted = plannedShadow({}, (shadowOf) => ['taint', shadowOf('aws_iam_access_key.uploader_key_a')]);
  const createFirst = plannedShadow({
    replace: ['aws_iam_access_key.uploader_key_a'],
    edit: (configuration, instance) => {
      resources(configuration)[nameOf(instance, 'aws_iam_access_key.uploader_key_a')].lifecycle = { create_before_destroy: true };
    },
  });

  test('a key replaced because it was tainted, not by request, fails naming the reason', async () => {
    const result = await verify(tainted(), 'uploader_key');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('\n  aws_iam_access_key.uploader_key_a: replaced with action_reason replace_because_tainted, predicted replace_by_request\n');
  });

  test('a key replaced create-before-destroy where the stack destroys first fails naming the order', async () => {
    const result = await verify(createFirst(), 'uploader_key');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('\n  aws_iam_access_key.uploader_key_a: replaced create-before-destroy, predicted destroy-before-create\n');
  });
});

describe('plans Terraform could not finish or apply, and malformed plans, are refused', () => {
  const uploader = plannedShadow({ replace: ['aws_iam_access_key.uploader_key_a'] });
  const esoReader = plannedShadow({ replace: ['aws_iam_access_key.eso_reader_key_a'] });
  let plan: JsonObject;
  beforeAll(() => {
    plan = uploader();
  });

  test('the real plan as Terraform wrote it passes', async () => {
    expect((await verify(plan, 'uploader_key')).status).toBe(0);
  });

  test.each([
    ['errored', { errored: true }, '  plan: "errored": Terraform stopped on an error, the plan is partial\n'],
    ['not applyable', { applyable: false }, '  plan: "applyable" is false, Terraform cannot apply it\n'],
    ['incomplete', { complete: false }, '  plan: "complete" is false, it leaves changes for a later run\n'],
  ])('a plan marked %s fails, though its changes match', async (_name, flags, line) => {
    expect(await verify({ ...plan, ...flags }, 'uploader_key')).toEqual({
      status: 1,
      stdout: '',
      stderr: `rotate verify: plan for tomoda-prod leaves the predicted blast radius of uploader_key (plan: 2 to add, 1 to change, 2 to destroy; ${PREDICTED_UPLOADER}):\n${line}`,
    });
  });

  test('a deposed object of the key being deleted is a change outside the prediction, named with its deposed key', async () => {
    const changes = plan.resource_changes as JsonObject[];
    const key = changes.find((change) => change.address === 'aws_iam_access_key.uploader_key_a') as JsonObject;
    const { action_reason: _reason, ...withoutReason } = key;
    const deposed = { ...plan, resource_changes: [...changes, { ...withoutReason, deposed: '00000001', change: { ...(key.change as JsonObject), actions: ['delete'] } }] };
    const result = await verify(deposed, 'uploader_key');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('\n  aws_iam_access_key.uploader_key_a (deposed object 00000001): deleted, predicted no change\n');
  });

  test('a duplicate resource_changes entry that would mask a replacement is exit 2, one line', async () => {
    const changes = plan.resource_changes as JsonObject[];
    const user = changes.find((change) => change.address === 'aws_iam_user.uploader') as JsonObject;
    const masked = { ...plan, resource_changes: [...changes.filter((change) => change !== user), { ...user, change: { ...(user.change as JsonObject), actions: ['delete', 'create'] } }, user] };
    expect(await verify(masked, 'uploader_key')).toEqual({
      status: 2,
      stdout: '',
      stderr: 'rotate: malformed plan stdin: resource_changes lists aws_iam_user.uploader twice (Terraform lists each object once; a second entry can mask the first)\n',
    });
  });

  test('output_changes actions given as a string are exit 2, one line naming the file and the field', async () => {
    const eso = esoReader();
    const outputs = eso.output_changes as Record<string, JsonObject>;
    const crafted = { ...eso, output_changes: { ...outputs, eso_reader_access_key_id: { ...outputs.eso_reader_access_key_id, actions: 'update' } } };
    const dir = mkdtempSync(join(tmpdir(), 'rotate-crafted-'));
    const path = join(dir, 'plan.json');
    writeFileSync(path, JSON.stringify(crafted));
    const result = await rotate(['verify', '--plan', path, '--target', 'eso_reader_key', '--stack', 'tomoda-prod', '--synth-dir', OUTDIR]);
    rmSync(dir, { recursive: true });
    expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({
      status: 2,
      stdout: '',
      stderr: `rotate: malformed plan ${path}: output_changes.eso_reader_access_key_id.actions is a string, not a list of actions\n`,
    });
    const value = verifyPlanJson(crafted, prediction('eso_reader_key'));
    expect(value.ok ? 'verified' : describeError(value.error)).toBe('malformed plan plan: output_changes.eso_reader_access_key_id.actions is a string, not a list of actions');
  });

  test('an empty stdin (terraform show failed before the pipe) is exit 2, one line', async () => {
    const result = await rotate(['verify', '--plan', '-', '--target', 'uploader_key', '--stack', 'tomoda-prod', '--synth-dir', OUTDIR], { stdin: '' });
    expect({ status: result.status, stderr: result.stderr }).toEqual({
      status: 2,
      stderr: 'rotate: malformed plan stdin: empty input (pipe `terraform show -json <planfile>` into --plan -)\n',
    });
  });
});
