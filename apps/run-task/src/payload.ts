/**
 * The run task request HCP Terraform POSTs (payload_version 1), validated (pure). The plan and
 * callback URLs must be under the configured Terraform Cloud address, so a signed payload cannot
 * make the server send the run's token anywhere else.
 */

/** A run task request for one run. */
export interface RunTaskRequest {
  readonly accessToken: string;
  readonly stage: string;
  readonly isSpeculative: boolean;
  readonly runId: string;
  /** `task_result_id`: one per attachment and run; a repeat is answered from the first review. */
  readonly taskResultId?: string;
  readonly workspaceName: string;
  /** `workspace_id`: read at post_apply for the applied state. */
  readonly workspaceId?: string;
  readonly organizationName?: string;
  readonly taskResultCallbackUrl: URL;
  /** Present from the post_plan stage on. */
  readonly planJsonApiUrl?: URL;
  /** The run's page, when under the Terraform Cloud address (linked from the result). */
  readonly runAppUrl?: string;
  readonly enforcementLevel?: string;
}

/** What a validly signed body asks for. */
export type RunTaskPayload =
  /** HCP Terraform's probe when a task is created or edited: answer 200, call nothing back. */
  | { readonly kind: 'verification' }
  | { readonly kind: 'run'; readonly request: RunTaskRequest };

/** A payload that cannot be used, and why (one line, never a token). */
export type PayloadResult = { readonly ok: true; readonly value: RunTaskPayload } | { readonly ok: false; readonly reason: string };

/**
 * The access token of HCP Terraform's verification request (a token that is never valid), as in
 * HashiCorp's run task scaffolding (`api.VerificationToken`).
 */
export const VERIFICATION_TOKEN = 'test-token';

/** Whether `url` is an API URL of `tfeAddress`: same origin, under `/api/v2/`, no credentials. */
export function isUnderTerraformCloud(url: URL, tfeAddress: URL): boolean {
  const base = tfeAddress.pathname.replace(/\/+$/, '');
  return url.origin === tfeAddress.origin && url.username === '' && url.password === '' && url.pathname.startsWith(`${base}/api/v2/`);
}

function parseUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

const TERRAFORM_ID = /^[a-z]+-[A-Za-z0-9]{1,64}$/;

/** Validates a request body (already signature-checked) against `tfeAddress`. */
export function parseRunTaskPayload(body: string, tfeAddress: URL): PayloadResult {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'body is not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'body is not a JSON object' };
  const payload = value as Record<string, unknown>;
  if (payload.payload_version !== 1) return { ok: false, reason: `unsupported payload_version ${JSON.stringify(payload.payload_version)} (1 is supported)` };
  if (typeof payload.access_token !== 'string' || payload.access_token === '') return { ok: false, reason: 'no access_token' };
  if (payload.access_token === VERIFICATION_TOKEN) return { ok: true, value: { kind: 'verification' } };
  for (const field of ['stage', 'run_id', 'workspace_name'] as const) {
    if (typeof payload[field] !== 'string' || payload[field] === '') return { ok: false, reason: `no ${field}` };
  }
  if (!TERRAFORM_ID.test(payload.run_id as string)) return { ok: false, reason: 'run_id is not a run id' };
  const callback = parseUrl(payload.task_result_callback_url);
  if (!callback) return { ok: false, reason: 'no task_result_callback_url' };
  if (!isUnderTerraformCloud(callback, tfeAddress)) return { ok: false, reason: `task_result_callback_url is not under ${tfeAddress.origin}/api/v2/ (TFE_ADDRESS)` };
  let plan: URL | undefined;
  if (payload.plan_json_api_url !== undefined && payload.plan_json_api_url !== null && payload.plan_json_api_url !== '') {
    plan = parseUrl(payload.plan_json_api_url);
    if (!plan) return { ok: false, reason: 'plan_json_api_url is not a URL' };
  }
  const runApp = parseUrl(payload.run_app_url);
  return {
    ok: true,
    value: {
      kind: 'run',
      request: {
        accessToken: payload.access_token,
        stage: payload.stage as string,
        isSpeculative: payload.is_speculative === true,
        runId: payload.run_id as string,
        ...(typeof payload.task_result_id === 'string' && TERRAFORM_ID.test(payload.task_result_id) ? { taskResultId: payload.task_result_id } : {}),
        ...(typeof payload.workspace_id === 'string' && TERRAFORM_ID.test(payload.workspace_id) ? { workspaceId: payload.workspace_id } : {}),
        workspaceName: payload.workspace_name as string,
        ...(typeof payload.organization_name === 'string' ? { organizationName: payload.organization_name } : {}),
        taskResultCallbackUrl: callback,
        ...(plan ? { planJsonApiUrl: plan } : {}),
        ...(runApp && runApp.origin === tfeAddress.origin ? { runAppUrl: runApp.href } : {}),
        ...(typeof payload.task_result_enforcement_level === 'string' ? { enforcementLevel: payload.task_result_enforcement_level } : {}),
      },
    },
  };
}
