/**
 * `rotate verify --run <run-id>`: the plan JSON of a Terraform Cloud run, downloaded with `TFE_TOKEN`
 * (following the 307 to the short-lived download URL) and kept in memory only. Every failure is one
 * line that says what to do.
 */
import type { Result } from '@raxx/rotation/errors';
import { failed, ok } from '@raxx/rotation/errors';
import { terraformCloudAddress } from '@raxx/tfc-api/tfc-address';
import { getWithToken } from '@raxx/tfc-api/tfc-client';

/** The token kind that can read a run's unredacted plan JSON. */
export const TOKEN_REQUIREMENT = 'a user or team API token with admin access to the workspace (organization tokens cannot read unredacted plan JSON)';

/** Limits of `verify --run`'s download. */
export const RUN_PLAN_LIMITS = { timeoutMs: 120_000, maxBytes: 512 * 1024 * 1024 } as const;

/** The URL of a run's plan JSON under `address`. */
export function runPlanUrl(address: URL, runId: string): URL {
  return new URL(`${address.href.replace(/\/+$/, '')}/api/v2/runs/${encodeURIComponent(runId)}/plan/json-output`);
}

/** Downloads the plan JSON of `runId` (text, in memory). */
export async function downloadRunPlan(runId: string, env: NodeJS.ProcessEnv): Promise<Result<string>> {
  if (!/^run-[A-Za-z0-9]+$/.test(runId)) return failed({ kind: 'usage', detail: `--run takes a run id such as run-AbC123, not "${runId}"` });
  const token = env.TFE_TOKEN;
  if (token === undefined || token === '') return failed({ kind: 'usage', detail: `rotate verify --run needs TFE_TOKEN: ${TOKEN_REQUIREMENT}` });
  const address = terraformCloudAddress(env);
  if (!address.ok) return failed({ kind: 'usage', detail: address.reason });
  const where = `of run ${runId} (${address.value.origin})`;
  const got = await getWithToken(runPlanUrl(address.value, runId), token, address.value.origin, RUN_PLAN_LIMITS);
  if (!got.ok) return failed({ kind: 'plan-unreadable', path: where, detail: got.reason });
  switch (got.status) {
    case 200:
      return ok(got.text);
    case 204:
      return failed({ kind: 'plan-unreadable', path: where, detail: 'HTTP 204: the plan has not finished; wait until the run shows its plan, then try again' });
    case 401:
    case 403:
      return failed({ kind: 'plan-unreadable', path: where, detail: `HTTP ${got.status}: TFE_TOKEN may not read it; use ${TOKEN_REQUIREMENT}` });
    case 404:
      return failed({ kind: 'plan-unreadable', path: where, detail: `HTTP 404: no such run, or TFE_TOKEN cannot see it; use ${TOKEN_REQUIREMENT}` });
    default:
      return failed({ kind: 'plan-unreadable', path: where, detail: `HTTP ${got.status}` });
  }
}
