/**
 * The run task server, started as a process (`node tools/rotate/dist/cli.js run-task serve`) on
 * 127.0.0.1, against a local Terraform Cloud stand-in, with real HMAC signatures and real Terraform
 * plans of the tomoda-prod shadow.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { buildRepositoryGraph } from '@raxx/rotation/graph/graph';
import type { StackGraph } from '@raxx/rotation/graph/graph';
import { signRunTaskBody } from '../src/signature';
import { parseStackFiles, readStackFiles } from '@raxx/rotate';
import type { JsonObject } from '@raxx/rotation/graph/terraform-json';
import { WORKSPACE_ROOT } from '../../../tools/rotate/test/support/fixture-repo';
import { appliedShadowOf, asServedPlan, planShadow, synthesizeRealRepo, withoutResource } from '../../../tools/rotate/test/support/real-plans';
import { TerraformCloudStandIn } from '../../../tools/rotate/test/support/tfc-stand-in';
import { applyShadow, planShadow as planShadowAlone, terraform } from '../../../tools/rotate/test/support/shadow-terraform';
import { temporaryDirectories } from '../../../tools/rotate/test/support/temporary-directories';
import { installedReplacementTable } from '@raxx/rotate';

jest.setTimeout(120_000);

const CLI = join(WORKSPACE_ROOT, 'tools', 'rotate', 'dist', 'cli', 'main.js');
const HMAC_KEY = 'run-task-test-hmac-key-not-a-secret-0123';
const RUN_TOKEN = 'run-token-of-the-stand-in';
const OUTDIR = synthesizeRealRepo();
/**
 * The plan download timeout of the server (RAXX_RUN_TASK_PLAN_TIMEOUT_MS): what the hanging download
 * waits for. A whole second, so a loaded machine does not time out the downloads that do answer.
 */
const PLAN_TIMEOUT_MS = 1000;

const tfc = new TerraformCloudStandIn(new Set([RUN_TOKEN]));
const temporary = temporaryDirectories();

/** `plan` with its resource_changes passed through `edit` (for what the shadow cannot plan: foreign addresses, modules, new IAM types). */
function editedPlan(plan: JsonObject, edit: (changes: JsonObject[]) => JsonObject[]): JsonObject {
  return { ...plan, resource_changes: edit(plan.resource_changes as JsonObject[]) };
}

function changeAt(plan: JsonObject, address: string): JsonObject {
  const found = (plan.resource_changes as JsonObject[]).find((change) => change.address === address);
  if (!found) throw new Error(`${address} is not in the plan`);
  return found;
}

function created(address: string, type: string, after: JsonObject): JsonObject {
  return { address, mode: 'managed', type, name: address.split('.')[1], provider_name: 'registry.terraform.io/hashicorp/aws', change: { actions: ['create'], before: null, after, after_unknown: {} } };
}
let server: ChildProcessWithoutNullStreams;
let serverUrl = '';
let serverOutput = '';

interface Outcome {
  attributes: { 'outcome-id': string; description: string; body: string; tags: unknown };
}
interface TaskResult {
  data: { type: string; attributes: { status: string; message: string; url?: string }; relationships: { outcomes: { data: Outcome[] } } };
}

function startServer(): Promise<void> {
  server = spawn(process.execPath, [CLI, 'run-task', 'serve', '--port', '0', '--host', '127.0.0.1', '--synth-dir', OUTDIR], {
    cwd: WORKSPACE_ROOT,
    env: { ...process.env, RAXX_RUN_TASK_HMAC_KEY: HMAC_KEY, TFE_ADDRESS: tfc.address, RAXX_RUN_TASK_PLAN_TIMEOUT_MS: String(PLAN_TIMEOUT_MS) },
  });
  return new Promise((resolve, reject) => {
    server.stdout.on('data', (chunk: Buffer) => {
      serverOutput += chunk.toString();
      const port = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(serverOutput)?.[1];
      if (port && !serverUrl) {
        serverUrl = `http://127.0.0.1:${port}/`;
        resolve();
      }
    });
    server.stderr.on('data', (chunk: Buffer) => (serverOutput += chunk.toString()));
    server.once('exit', (code) => reject(new Error(`server exited (${code}): ${serverOutput}`)));
  });
}

/** A run task payload as HCP Terraform sends it at post_plan, for task result `id`. */
function payload(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    payload_version: 1,
    access_token: RUN_TOKEN,
    stage: 'post_plan',
    is_speculative: false,
    task_result_id: `taskrs-${id}`,
    task_result_enforcement_level: 'mandatory',
    task_result_callback_url: `${tfc.address}/api/v2/task-results/taskrs-${id}/callback`,
    run_app_url: `${tfc.address}/app/acme/raxx-tomoda-prod/runs/run-${id}`,
    run_created_at: '2026-01-01T00:00:00.000Z',
    run_created_by: 'reviewer',
    run_id: `run-${id}`,
    run_message: 'rotate uploader_key',
    workspace_app_url: `${tfc.address}/app/acme/raxx-tomoda-prod`,
    workspace_id: 'ws-standin',
    workspace_name: 'raxx-tomoda-prod',
    organization_name: 'acme',
    plan_json_api_url: `${tfc.address}/api/v2/plans/plan-${id}/json-output`,
    ...overrides,
  };
}

async function post(body: string, signature: string | undefined = signRunTaskBody(body, HMAC_KEY)): Promise<{ status: number; text: string }> {
  const response = await fetch(serverUrl, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(signature ? { 'X-TFC-Task-Signature': signature } : {}) }, body });
  return { status: response.status, text: await response.text() };
}

/** Posts a signed payload for `id`; resolves with the task result PATCHed back. */
async function review(id: string, overrides: Record<string, unknown> = {}): Promise<{ accepted: number; result: TaskResult; headers: Record<string, unknown> }> {
  const patched = tfc.nextPatch(`/api/v2/task-results/taskrs-${id}/callback`);
  const { status, text } = await post(JSON.stringify(payload(id, overrides)));
  if (status !== 200) throw new Error(`the server answered ${status}: ${text}`);
  const patch = await patched;
  return { accepted: status, result: JSON.parse(patch.body) as TaskResult, headers: patch.headers };
}

function outcomes(result: TaskResult): Array<{ id: string; description: string; body: string }> {
  return result.data.relationships.outcomes.data.map((outcome) => ({ id: outcome.attributes['outcome-id'], description: outcome.attributes.description, body: outcome.attributes.body }));
}

beforeAll(async () => {
  await tfc.start();
  // The server starts while Terraform plans: no request reaches it before the plans are served.
  const started = startServer();
  started.catch(() => undefined); // awaited below; this only keeps an early exit from being an unhandled rejection
  const files = readStackFiles(WORKSPACE_ROOT, OUTDIR);
  if (!files.ok) throw new Error(files.error.kind);
  const graph = buildRepositoryGraph(await parseStackFiles(files.value), installedReplacementTable());
  const stack = graph.stacks.get('tomoda-prod') as StackGraph;
  const applied = await appliedShadowOf(stack);
  const deleted = withoutResource(applied, 'aws_s3_bucket.static_assets');
  const deletedWithStore = withoutResource(deleted, 'kubernetes_manifest.secret_store');
  // A real `terraform taint` of the key's shadow, planned alone.
  const taintedDir = temporary.make('run-task-tainted-');
  const tainted = await applyShadow(stack, taintedDir);
  await terraform(taintedDir, 'taint', '-no-color', tainted.shadow.shadowAddressOf.get('aws_iam_access_key.uploader_key_a') as string);
  const [rotation, withDeletion, deleteOnly, deleteWithStore, taintedPlan] = await Promise.all([
    planShadow(applied, { name: 'rotate-uploader', replace: ['aws_iam_access_key.uploader_key_a'] }),
    planShadow(deleted, { name: 'rotate-and-delete', replace: ['aws_iam_access_key.uploader_key_a'] }),
    planShadow(deleted, { name: 'delete-only' }),
    planShadow(deletedWithStore, { name: 'delete-bucket-and-store' }),
    planShadowAlone(tainted, { name: 'tainted' }),
  ]);
  const bucketDelete = changeAt(deleteOnly, 'aws_s3_bucket.static_assets');
  const ghostKey = { ...changeAt(withDeletion, 'aws_iam_access_key.uploader_key_a'), address: 'aws_iam_access_key.ghost', name: 'ghost' };
  const served = (plan: JsonObject, widen?: { address: string; document: object }) => JSON.stringify(asServedPlan(plan, OUTDIR, 'tomoda-prod', widen));
  tfc.serve('/api/v2/plans/plan-rotation/json-output', { kind: 'plan', json: served(rotation) });
  tfc.serve('/api/v2/plans/plan-deletedbucket/json-output', { kind: 'plan', json: served(withDeletion) });
  tfc.serve('/api/v2/plans/plan-widened/json-output', {
    kind: 'plan',
    json: served(rotation, {
      address: 'aws_iam_user_policy.uploader_policy',
      document: { Version: '2012-10-17', Statement: [{ Sid: 'AllowS3Upload', Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::tomoda-assets-prod/*' }] },
    }),
  });
  tfc.serve('/api/v2/plans/plan-ghost/json-output', {
    kind: 'plan',
    json: served(editedPlan(withDeletion, (changes) => [...changes.filter((change) => change.address !== 'aws_iam_access_key.uploader_key_a'), ghostKey])),
  });
  tfc.serve('/api/v2/plans/plan-deleteonly/json-output', { kind: 'plan', json: served(deleteOnly) });
  tfc.serve('/api/v2/plans/plan-tainted/json-output', { kind: 'plan', json: served(editedPlan(taintedPlan, (changes) => changes.map((change) => (change.address === bucketDelete.address ? bucketDelete : change)))) });
  tfc.serve('/api/v2/plans/plan-taintedonly/json-output', { kind: 'plan', json: served(taintedPlan) });
  tfc.serve('/api/v2/plans/plan-bucketandstore/json-output', { kind: 'plan', json: served(deleteWithStore) });
  tfc.serve('/api/v2/plans/plan-module/json-output', {
    kind: 'plan',
    json: served(editedPlan(rotation, (changes) => changes.map((change) => (change.address === 'aws_iam_access_key.uploader_key_a' ? { ...change, address: 'module.x.aws_iam_access_key.uploader_key_a', module_address: 'module.x' } : change)))),
  });
  tfc.serve('/api/v2/plans/plan-admins/json-output', {
    kind: 'plan',
    json: served(editedPlan(rotation, (changes) => [...changes, created('aws_iam_user_group_membership.escalate', 'aws_iam_user_group_membership', { user: 'tomoda-uploader-prod', groups: ['Administrators'] })])),
  });
  tfc.serve('/api/v2/plans/plan-publicbucket/json-output', {
    kind: 'plan',
    json: served(
      editedPlan(rotation, (changes) => [
        ...changes,
        created('aws_s3_bucket_policy.public', 'aws_s3_bucket_policy', {
          bucket: 'tomoda-assets-prod',
          policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::tomoda-assets-prod/*' }] }),
        }),
      ]),
    ),
  });
  tfc.serve('/api/v2/plans/plan-nopolicy/json-output', {
    kind: 'plan',
    json: JSON.stringify(
      editedPlan(asServedPlan(rotation, OUTDIR, 'tomoda-prod'), (changes) =>
        changes.map((change) => {
          if (change.address !== 'aws_iam_user_policy.uploader_policy') return change;
          const inner = change.change as JsonObject;
          const { policy: _policy, ...after } = inner.after as JsonObject;
          void _policy;
          return { ...change, change: { ...inner, actions: ['update'], after } };
        }),
      ),
    ),
  });
  tfc.serve('/api/v2/plans/plan-error/json-output', { kind: 'status', status: 500 });
  tfc.serve('/api/v2/plans/plan-hang/json-output', { kind: 'hang' });
  tfc.serve('/api/v2/plans/plan-garbage/json-output', { kind: 'plan', json: '{"not":"a plan"}' });
  await started;
});

afterAll(async () => {
  // RUN_TASK_LOG=<file> keeps the server's log (timings per run) for a look after the run.
  if (process.env.RUN_TASK_LOG) writeFileSync(process.env.RUN_TASK_LOG, serverOutput);
  server?.kill('SIGTERM');
  await tfc.stop();
});

describe('rotate run-task serve', () => {
  test('a signed post_plan payload whose plan rotates uploader_key in raxx-tomoda-prod as predicted gets a passed PATCH', async () => {
    const { accepted, result, headers } = await review('rotation');
    expect(accepted).toBe(200);
    expect(headers['content-type']).toBe('application/vnd.api+json');
    expect(headers.authorization).toBe(`Bearer ${RUN_TOKEN}`);
    expect(result.data.type).toBe('task-results');
    expect(result.data.attributes.status).toBe('passed');
    expect(result.data.attributes.url).toBe(`${tfc.address}/app/acme/raxx-tomoda-prod/runs/run-rotation`);
    expect(outcomes(result).map(({ id, description }) => ({ id, description }))).toEqual([
      { id: 'plan', description: "plan of tomoda-prod: complete, applyable, every address is the stack's" },
      { id: 'rotation', description: 'rotation of uploader_key matches the prediction (2 to add, 1 to change, 2 to destroy)' },
      { id: 'destroys', description: 'destroys: no stateful or credential resource destroyed outside a rotation' },
      { id: 'iam-rule-pack', description: 'IAM rule pack: 2 planned policy document(s), no finding' },
    ]);
    const body = outcomes(result)[1].body;
    expect(body).toContain('# aws_iam_access_key.uploader_key_a will be replaced, as requested');
    expect(body).toContain('kubectl annotate externalsecret/tomoda-s3-uploader -n tomoda-prod force-sync=$(date +%s) --overwrite');
    expect(body).toContain('kubectl rollout restart deployment/tomoda-backend -n tomoda-prod');
    expect(result.data.relationships.outcomes.data[0]).toMatchObject({ type: 'task-result-outcomes', attributes: { tags: { Status: [{ label: 'Passed', level: 'info' }] } } });
  });

  test('the plan is fetched with the Bearer token, and the 307 target gets no Authorization header', () => {
    const fetches = tfc.apiRequests.filter((request) => request.path === '/api/v2/plans/plan-rotation/json-output');
    expect(fetches.map((request) => request.headers.authorization)).toEqual([`Bearer ${RUN_TOKEN}`]);
    expect(tfc.downloadRequests.length).toBeGreaterThan(0);
    expect(tfc.downloadRequests.every((request) => request.headers.authorization === undefined)).toBe(true);
  });

  test('the same rotation plus a deleted aws_s3_bucket.static_assets fails, naming that address', async () => {
    const { result } = await review('deletedbucket');
    expect(result.data.attributes.status).toBe('failed');
    const rotation = outcomes(result).find((outcome) => outcome.id === 'rotation');
    expect(rotation?.description).toContain('aws_s3_bucket.static_assets');
    expect(rotation?.body).toContain('- `aws_s3_bucket.static_assets`: deleted, predicted no change');
  });

  test('a widened uploader policy (s3:*) fails the IAM rule pack, naming the policy and the finding', async () => {
    const { result } = await review('widened');
    expect(result.data.attributes.status).toBe('failed');
    const iam = outcomes(result).find((outcome) => outcome.id === 'iam-rule-pack');
    expect(iam?.description).toBe('IAM rule pack: 1 finding(s) at aws_iam_user_policy.uploader_policy');
    expect(iam?.body).toContain('| `aws_iam_user_policy.uploader_policy` | Sid AllowS3Upload | RAXX-IAM2 | `Action::s3:*` |');
  });

  test('a plan URL answering 500 gets failed, with the reason', async () => {
    const { accepted, result } = await review('error');
    expect(accepted).toBe(200);
    expect(result.data.attributes.status).toBe('failed');
    expect(outcomes(result).map(({ id, description }) => ({ id, description }))).toEqual([{ id: 'plan', description: 'unreadable plan: the plan JSON download answered HTTP 500' }]);
  });

  test('a plan download that never answers gets failed when it times out', async () => {
    const { result } = await review('hang');
    expect(outcomes(result).map(({ id, description }) => ({ id, description }))).toEqual([{ id: 'plan', description: 'unreadable plan: the plan JSON download failed (timed out after 1 s)' }]);
  });

  test('a download that is not a plan gets failed', async () => {
    const { result } = await review('garbage');
    expect(outcomes(result)[0].description).toBe('unreadable plan: the plan JSON of run-garbage is not `terraform show -json` plan output: no "format_version"');
  });

  test('an unknown workspace gets failed, naming it', async () => {
    const { result } = await review('unknownworkspace', { workspace_name: 'raxx-nope', plan_json_api_url: `${tfc.address}/api/v2/plans/plan-rotation/json-output` });
    expect(outcomes(result)[0]).toMatchObject({ id: 'workspace', description: 'unknown workspace "raxx-nope": no stack of this repository has it' });
  });

  test('a plan URL outside TFE_ADDRESS is not fetched: failed, and the token goes nowhere else', async () => {
    const { result } = await review('elsewhere', { plan_json_api_url: `http://127.0.0.1:${tfc.downloadPort}/api/v2/plans/plan-x/json-output` });
    expect(outcomes(result)[0].description).toBe(`plan_json_api_url is not under ${tfc.address}/api/v2/ (TFE_ADDRESS): not fetched`);
    expect(tfc.downloadRequests.some((request) => request.path === '/api/v2/plans/plan-x/json-output')).toBe(false);
  });

  test('a wrong signature gets 403 and no PATCH; a missing one 401', async () => {
    const body = JSON.stringify(payload('forged'));
    expect((await post(body, signRunTaskBody(body, 'another-key-another-key-another-key'))).status).toBe(403);
    expect((await post(body, 'not-hex')).status).toBe(403);
    expect((await post(body, null as unknown as undefined)).status).toBe(401);
    // A later signed run is reviewed and answered: the forged one never was.
    await review('afterforgery', { plan_json_api_url: `${tfc.address}/api/v2/plans/plan-error/json-output` });
    expect(tfc.patchesTo('/api/v2/task-results/taskrs-forged/callback')).toEqual([]);
    expect(tfc.apiRequests.some((request) => request.path.includes('forged'))).toBe(false);
  });

  test('the verification request HCP Terraform sends when the task is created gets 200 and nothing else', async () => {
    const before = tfc.apiRequests.length;
    const body = JSON.stringify({ payload_version: 1, access_token: 'test-token', stage: 'test', task_result_callback_url: `${tfc.address}/api/v2/task-results/verification/callback` });
    expect((await post(body)).status).toBe(200);
    await review('afterverification', { plan_json_api_url: `${tfc.address}/api/v2/plans/plan-error/json-output` });
    expect(tfc.apiRequests.slice(before).map((request) => request.path)).toEqual(['/api/v2/plans/plan-error/json-output', '/api/v2/task-results/taskrs-afterverification/callback']);
  });

  test('a signed payload whose callback is outside TFE_ADDRESS gets 400 and no request', async () => {
    const before = tfc.apiRequests.length + tfc.downloadRequests.length;
    const result = await post(JSON.stringify(payload('badcallback', { task_result_callback_url: `http://127.0.0.1:${tfc.downloadPort}/api/v2/task-results/x/callback` })));
    expect(result).toEqual({ status: 400, text: `task_result_callback_url is not under ${tfc.address}/api/v2/ (TFE_ADDRESS)\n` });
    expect(tfc.apiRequests.length + tfc.downloadRequests.length).toBe(before);
  });

  test('a body over 1 MiB is refused with 413', async () => {
    const body = JSON.stringify({ ...payload('huge'), padding: 'x'.repeat(1024 * 1024) });
    expect((await post(body)).status).toBe(413);
    expect(tfc.patchesTo('/api/v2/task-results/taskrs-huge/callback')).toEqual([]);
  });

  test('other paths and methods are refused; the server keeps serving throughout', async () => {
    expect((await fetch(`${serverUrl}other`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(serverUrl)).status).toBe(405);
    expect((await fetch(`${serverUrl}healthz`)).status).toBe(200);
    expect(server.exitCode).toBeNull();
    expect(serverOutput).not.toContain(RUN_TOKEN);
    expect(serverOutput).not.toContain(HMAC_KEY);
  });

  test('a plan is reviewed strictly with no rotation asked: the bucket delete alone fails RAXX-REMOVE1, naming the address and the one-line declaration', async () => {
    const { result } = await review('deleteonly');
    expect(result.data.attributes.status).toBe('failed');
    const destroys = outcomes(result).find((outcome) => outcome.id === 'destroys');
    // The shadow's secret version depends on the bucket, so Terraform replaces it too: both are named.
    expect(destroys?.description).toBe(
      "RAXX-REMOVE1: aws_s3_bucket.static_assets deleted (delete_because_no_resource_config), aws_secretsmanager_secret_version.s3_uploader_creds_a replaced (replace_because_cannot_update); declare an intended removal with { id: 'RAXX-REMOVE1', address, rea",
    );
    expect(destroys?.body).toContain("{ id: 'RAXX-REMOVE1', stack: 'tomoda-prod', address: 'aws_s3_bucket.static_assets', reason: '<why this removal is intended, 20+ characters>' }");
    expect(outcomes(result).map((outcome) => outcome.id)).toEqual(['plan', 'destroys', 'iam-rule-pack']);
  });

  test('a replace of aws_iam_access_key.ghost (not of the stack) plus the bucket delete fails the stack membership and the destroy rule', async () => {
    const { result } = await review('ghost');
    expect(result.data.attributes.status).toBe('failed');
    const byId = Object.fromEntries(outcomes(result).map((outcome) => [outcome.id, outcome]));
    expect(byId.plan.description).toBe('plan of tomoda-prod: aws_iam_access_key.ghost: not an address of stack tomoda-prod');
    expect(byId.destroys.description).toContain('aws_iam_access_key.ghost replaced (replace_by_request)');
    expect(byId.destroys.description).toContain('aws_s3_bucket.static_assets deleted');
  });

  test('a real terraform taint of the uploader key plus the bucket delete fails: the rotation check runs whatever the action_reason, and the delete fails RAXX-REMOVE1', async () => {
    const { result } = await review('tainted');
    expect(result.data.attributes.status).toBe('failed');
    const byId = Object.fromEntries(outcomes(result).map((outcome) => [outcome.id, outcome]));
    expect(byId.rotation.description).toBe('rotation of uploader_key leaves the predicted blast radius at aws_s3_bucket.static_assets');
    expect(byId.destroys.description).toMatch(/^RAXX-REMOVE1: aws_s3_bucket\.static_assets deleted \(delete_because_no_resource_config\)/);
  });

  test('a real terraform taint of the uploader key alone is the rotation (the seed\'s "taint and apply") and passes', async () => {
    const { result } = await review('taintedonly');
    expect(result.data.attributes.status).toBe('passed');
    expect(outcomes(result).find((outcome) => outcome.id === 'rotation')?.description).toBe('rotation of uploader_key matches the prediction (2 to add, 1 to change, 2 to destroy)');
  });

  test('deleting the bucket and the SecretStore fails, naming both', async () => {
    const { result } = await review('bucketandstore');
    const destroys = outcomes(result).find((outcome) => outcome.id === 'destroys');
    expect(result.data.attributes.status).toBe('failed');
    expect(destroys?.body).toContain('- `aws_s3_bucket.static_assets`: deleted (delete_because_no_resource_config); rule RAXX-REMOVE1');
    expect(destroys?.body).toContain('- `kubernetes_manifest.secret_store`: deleted (delete_because_no_resource_config); rule RAXX-REMOVE1');
  });

  test('the key hidden under module.x. fails the stack membership', async () => {
    const { result } = await review('module');
    expect(result.data.attributes.status).toBe('failed');
    expect(outcomes(result)[0]).toMatchObject({ id: 'plan', description: 'plan of tomoda-prod: module.x.aws_iam_access_key.uploader_key_a: not an address of stack tomoda-prod (the stack has no modules)' });
  });

  test('a group membership to Administrators fails RAXX-ADMIN1 (and the stack membership)', async () => {
    const { result } = await review('admins');
    const iam = outcomes(result).find((outcome) => outcome.id === 'iam-rule-pack');
    expect(result.data.attributes.status).toBe('failed');
    expect(iam?.body).toContain('| `aws_iam_user_group_membership.escalate` | — | RAXX-ADMIN1 | `Group::Administrators` |');
  });

  test('a bucket policy with Principal "*" fails RAXX-RES1', async () => {
    const { result } = await review('publicbucket');
    const iam = outcomes(result).find((outcome) => outcome.id === 'iam-rule-pack');
    expect(result.data.attributes.status).toBe('failed');
    expect(iam?.body).toMatch(/\| `aws_s3_bucket_policy\.public` \| [^|]+ \| RAXX-RES1 \|/);
  });

  test('a policy resource without its policy fails RAXX-DOC1, not skipped', async () => {
    const { result } = await review('nopolicy');
    const iam = outcomes(result).find((outcome) => outcome.id === 'iam-rule-pack');
    expect(result.data.attributes.status).toBe('failed');
    expect(iam?.body).toMatch(/\| `aws_iam_user_policy\.uploader_policy` \| [^|]+ \| RAXX-DOC1 \|/);
  });
});

describe('protocol edges', () => {
  /** Sends raw `head` on a new connection; resolves with what the server sent before closing (or after `waitMs`). */
  function raw(head: string, waitMs = 3000): Promise<{ response: string; closed: boolean }> {
    const url = new URL(serverUrl);
    return new Promise((resolve) => {
      const socket = connect(Number(url.port), url.hostname);
      let response = '';
      const timer = setTimeout(() => {
        socket.destroy();
        resolve({ response, closed: false });
      }, waitMs);
      socket.on('data', (chunk) => (response += chunk.toString()));
      socket.on('close', () => {
        clearTimeout(timer);
        resolve({ response, closed: true });
      });
      socket.on('error', () => undefined);
      socket.write(head);
    });
  }

  test('an unsigned request announcing a 1 MB body is refused with 401 before its body is sent, and the connection closed', async () => {
    const { response, closed } = await raw('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n');
    expect(response.split('\r\n')[0]).toBe('HTTP/1.1 401 Unauthorized');
    expect(response).toContain('missing X-TFC-Task-Signature');
    expect(closed).toBe(true);
  });

  test('a malformed signature header (not 128 hex characters) is refused with 403 before the body is read', async () => {
    const { response, closed } = await raw(`POST / HTTP/1.1\r\nHost: x\r\nX-TFC-Task-Signature: ${'a'.repeat(127)}\r\nContent-Length: 1000000\r\n\r\n`);
    expect(response.split('\r\n')[0]).toBe('HTTP/1.1 403 Forbidden');
    expect(response).toContain('X-TFC-Task-Signature is not a hex HMAC-SHA512 (128 hex characters)');
    expect(closed).toBe(true);
  });

  test('an unknown stage is refused with 400 naming the stages, and nothing is fetched', async () => {
    const before = tfc.apiRequests.length;
    const result = await post(JSON.stringify(payload('badstage', { stage: 'mid_plan', plan_json_api_url: `${tfc.address}/api/v2/plans/plan-rotation/json-output` })));
    expect(result).toEqual({ status: 400, text: 'unknown stage "mid_plan": this task serves pre_plan, post_plan, pre_apply, post_apply\n' });
    expect(tfc.apiRequests.length).toBe(before);
  });

  test('a repeated task_result_id is answered from the first review: one download, one PATCH', async () => {
    const first = await review('repeat', { plan_json_api_url: `${tfc.address}/api/v2/plans/plan-rotation/json-output` });
    expect(first.result.data.attributes.status).toBe('passed');
    const again = await post(JSON.stringify(payload('repeat', { plan_json_api_url: `${tfc.address}/api/v2/plans/plan-rotation/json-output` })));
    expect(again).toEqual({ status: 200, text: 'already reviewed: passed\n' });
    await review('afterrepeat', { plan_json_api_url: `${tfc.address}/api/v2/plans/plan-error/json-output` });
    expect(tfc.patchesTo('/api/v2/task-results/taskrs-repeat/callback')).toHaveLength(1);
  });

  test('pre_plan and pre_apply attachments pass with "nothing to review", fetching no plan', async () => {
    for (const stage of ['pre_plan', 'pre_apply']) {
      const { result } = await review(`stage${stage.replace('_', '')}`, { stage, plan_json_api_url: null });
      expect(result.data.attributes.status).toBe('passed');
      expect(outcomes(result).map(({ id, description }) => ({ id, description }))).toEqual([{ id: 'stage', description: `nothing to review at ${stage}: this task reviews the plan at post_plan` }]);
    }
  });

  test('post_apply reads the applied state through the API: keys as declared pass, an old slot left Active fails', async () => {
    const stateOf = (status: string, extra: JsonObject[] = []): string =>
      JSON.stringify({
        format_version: '1.0',
        values: {
          root_module: {
            resources: [
              { address: 'aws_iam_access_key.uploader_key_a', mode: 'managed', type: 'aws_iam_access_key', values: { status } },
              { address: 'aws_iam_access_key.eso_reader_key_a', mode: 'managed', type: 'aws_iam_access_key', values: { status: 'Active' } },
              ...extra,
            ],
          },
        },
      });
    const version = (id: string): string => JSON.stringify({ data: { id: `sv-${id}`, type: 'state-versions', attributes: { 'hosted-json-state-download-url': `${tfc.address}/api/v2/state-versions/sv-${id}/hosted_json_state` } } });
    tfc.serve('/api/v2/workspaces/ws-applied/current-state-version', { kind: 'json', json: version('applied') });
    tfc.serve('/api/v2/state-versions/sv-applied/hosted_json_state', { kind: 'plan', json: stateOf('Active') });
    tfc.serve('/api/v2/workspaces/ws-leftover/current-state-version', { kind: 'json', json: version('leftover') });
    tfc.serve('/api/v2/state-versions/sv-leftover/hosted_json_state', {
      kind: 'plan',
      json: stateOf('Active', [{ address: 'aws_iam_access_key.uploader_key_b', mode: 'managed', type: 'aws_iam_access_key', values: { status: 'Active' } }]),
    });
    const good = await review('applied', { stage: 'post_apply', workspace_id: 'ws-applied', plan_json_api_url: null });
    expect(outcomes(good.result).map(({ id, description }) => ({ id, description }))).toEqual([
      { id: 'applied-state', description: 'applied state of tomoda-prod: every key as the configuration declares (old slots gone or Inactive)' },
    ]);
    const left = await review('leftover', { stage: 'post_apply', workspace_id: 'ws-leftover', plan_json_api_url: null });
    expect(left.result.data.attributes.status).toBe('failed');
    expect(outcomes(left.result)[0].body).toContain('- `aws_iam_access_key.uploader_key_b`: still in the applied state, but the configuration no longer declares it (the old slot was to be deleted)');
  });

  test('a key of one repeated character stops the server at start with one line and exit 2', () => {
    const run = spawnSync(process.execPath, [CLI, 'run-task', 'serve', '--port', '0', '--synth-dir', OUTDIR], {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, RAXX_RUN_TASK_HMAC_KEY: 'k'.repeat(64), TFE_ADDRESS: tfc.address },
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('RAXX_RUN_TASK_HMAC_KEY is one repeated character, not a random key');
  });
});
