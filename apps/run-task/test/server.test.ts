/**
 * The run task server, started as a process (`node tools/rotate/dist/cli.js run-task serve`) on
 * 127.0.0.1, against a local Terraform Cloud stand-in, with real HMAC signatures and real Terraform
 * plans of the tomoda-prod shadow.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildRepositoryGraph } from '@raxx/rotation/graph/graph';
import type { StackGraph } from '@raxx/rotation/graph/graph';
import { signRunTaskBody } from '../src/signature';
import { parseStackFiles, readStackFiles } from '@raxx/rotate';
import type { JsonObject } from '@raxx/rotation/graph/terraform-json';
import { WORKSPACE_ROOT } from '../../../tools/rotate/test/support/fixture-repo';
import { appliedShadowOf, asServedPlan, planShadow, synthesizeRealRepo, withoutResource } from '../../../tools/rotate/test/support/real-plans';
import { TerraformCloudStandIn } from '../../../tools/rotate/test/support/tfc-stand-in';
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
  const [rotation, withDeletion] = await Promise.all([
    planShadow(applied, { name: 'rotate-uploader', replace: ['aws_iam_access_key.uploader_key_a'] }),
    planShadow(deleted, { name: 'rotate-and-delete', replace: ['aws_iam_access_key.uploader_key_a'] }),
  ]);
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
      { id: 'rotation', description: 'rotation of uploader_key matches the prediction (2 to add, 1 to change, 2 to destroy)' },
      { id: 'iam-rule-pack', description: 'IAM rule pack: 2 planned policy document(s), no finding' },
    ]);
    const body = outcomes(result)[0].body;
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
});
