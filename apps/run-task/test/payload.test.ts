import { isUnderTerraformCloud, parseRunTaskPayload } from '../src/payload';
import { signatureMatches, signRunTaskBody } from '../src/signature';
import { terraformCloudAddress } from '@raxx/tfc-api/tfc-address';
import { stackOfWorkspace, WORKSPACE_PREFIX } from '../src/workspace';
import { workspaceName } from '@raxx/constructs';

const TFE = new URL('https://app.terraform.io');

function body(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    payload_version: 1,
    access_token: 'run-token',
    stage: 'post_plan',
    is_speculative: true,
    run_id: 'run-AbC123',
    workspace_name: 'raxx-tomoda-prod',
    task_result_callback_url: 'https://app.terraform.io/api/v2/task-results/taskrs-1/callback',
    plan_json_api_url: 'https://app.terraform.io/api/v2/plans/plan-1/json-output',
    run_app_url: 'https://app.terraform.io/app/acme/raxx-tomoda-prod/runs/run-AbC123',
    ...overrides,
  });
}

describe('the HMAC-SHA512 signature', () => {
  test('is RFC 4231 HMAC-SHA-512 in hex (test case 2)', () => {
    expect(signRunTaskBody('what do ya want for nothing?', 'Jefe')).toBe(
      '164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737',
    );
  });

  test('matches only the exact body under the exact key, in either hex case', () => {
    const signature = signRunTaskBody(body(), 'k'.repeat(32));
    expect(signatureMatches(Buffer.from(body()), signature, 'k'.repeat(32))).toBe(true);
    expect(signatureMatches(Buffer.from(body()), signature.toUpperCase(), 'k'.repeat(32))).toBe(true);
    expect(signatureMatches(Buffer.from(body() + ' '), signature, 'k'.repeat(32))).toBe(false);
    expect(signatureMatches(Buffer.from(body()), signature, 'j'.repeat(32))).toBe(false);
    expect(signatureMatches(Buffer.from(body()), signature.slice(2), 'k'.repeat(32))).toBe(false);
    expect(signatureMatches(Buffer.from(body()), undefined, 'k'.repeat(32))).toBe(false);
  });
});

describe('the run task payload', () => {
  test('a post_plan payload becomes a run request', () => {
    const parsed = parseRunTaskPayload(body(), TFE);
    expect(parsed.ok && parsed.value.kind === 'run' ? { ...parsed.value.request, taskResultCallbackUrl: parsed.value.request.taskResultCallbackUrl.href, planJsonApiUrl: parsed.value.request.planJsonApiUrl?.href } : parsed).toEqual({
      accessToken: 'run-token',
      stage: 'post_plan',
      isSpeculative: true,
      runId: 'run-AbC123',
      workspaceName: 'raxx-tomoda-prod',
      taskResultCallbackUrl: 'https://app.terraform.io/api/v2/task-results/taskrs-1/callback',
      planJsonApiUrl: 'https://app.terraform.io/api/v2/plans/plan-1/json-output',
      runAppUrl: 'https://app.terraform.io/app/acme/raxx-tomoda-prod/runs/run-AbC123',
    });
  });

  test("HCP Terraform's verification request (access_token test-token) is recognised", () => {
    expect(parseRunTaskPayload(JSON.stringify({ payload_version: 1, access_token: 'test-token' }), TFE)).toEqual({ ok: true, value: { kind: 'verification' } });
  });

  test.each([
    ['not JSON', '{', 'body is not JSON'],
    ['another payload version', body({ payload_version: 2 }), 'unsupported payload_version 2 (1 is supported)'],
    ['no token', body({ access_token: '' }), 'no access_token'],
    ['no workspace', body({ workspace_name: undefined }), 'no workspace_name'],
    ['a run id with a path in it', body({ run_id: 'run-1/../x' }), 'run_id is not a run id'],
    ['a callback on another host', body({ task_result_callback_url: 'https://evil.example/api/v2/x' }), 'task_result_callback_url is not under https://app.terraform.io/api/v2/ (TFE_ADDRESS)'],
    ['a callback over http', body({ task_result_callback_url: 'http://app.terraform.io/api/v2/x' }), 'task_result_callback_url is not under https://app.terraform.io/api/v2/ (TFE_ADDRESS)'],
    ['a callback outside the API', body({ task_result_callback_url: 'https://app.terraform.io/app/x' }), 'task_result_callback_url is not under https://app.terraform.io/api/v2/ (TFE_ADDRESS)'],
  ])('refused: %s', (_name, text, reason) => {
    expect(parseRunTaskPayload(text, TFE)).toEqual({ ok: false, reason });
  });

  test('a plan URL elsewhere is kept (the review fails it, with a result), a run page elsewhere is dropped', () => {
    const parsed = parseRunTaskPayload(body({ plan_json_api_url: 'https://evil.example/api/v2/plans/p/json-output', run_app_url: 'https://evil.example/run' }), TFE);
    expect(parsed.ok && parsed.value.kind === 'run' && parsed.value.request.planJsonApiUrl?.href).toBe('https://evil.example/api/v2/plans/p/json-output');
    expect(parsed.ok && parsed.value.kind === 'run' && parsed.value.request.runAppUrl).toBeUndefined();
    expect(isUnderTerraformCloud(new URL('https://user:pw@app.terraform.io/api/v2/x'), TFE)).toBe(false);
  });
});

describe('TFE_ADDRESS', () => {
  test('defaults to HCP Terraform and accepts an Enterprise host', () => {
    expect(terraformCloudAddress({})).toEqual({ ok: true, value: new URL('https://app.terraform.io') });
    expect(terraformCloudAddress({ TFE_ADDRESS: 'https://tfe.example.com/' })).toEqual({ ok: true, value: new URL('https://tfe.example.com') });
  });

  test('plain http only on a loopback address', () => {
    expect(terraformCloudAddress({ TFE_ADDRESS: 'http://127.0.0.1:8080' }).ok).toBe(true);
    expect(terraformCloudAddress({ TFE_ADDRESS: 'http://tfe.example.com' })).toEqual({ ok: false, reason: 'TFE_ADDRESS="http://tfe.example.com" must be https (plain http only on a loopback address)' });
  });
});

describe('workspaces', () => {
  test('raxx-<stack> maps to the stack, with the prefix the stacks use', () => {
    expect(workspaceName('tomoda-prod')).toBe(`${WORKSPACE_PREFIX}tomoda-prod`);
    expect(stackOfWorkspace('raxx-tomoda-prod', ['tomoda-dev', 'tomoda-prod'])).toBe('tomoda-prod');
    expect(stackOfWorkspace('raxx-tomoda-qa', ['tomoda-prod'])).toBeUndefined();
    expect(stackOfWorkspace('tomoda-prod', ['tomoda-prod'])).toBeUndefined();
  });
});
