/**
 * `rotate run-task serve --port <port> [--host <addr>]`: reads its settings from the environment,
 * loads the synthesized stacks, listens, and runs until SIGTERM or SIGINT (then finishes the reviews
 * under way). Refuses to start without `RAXX_RUN_TASK_HMAC_KEY`.
 */
import type { NagException } from '@raxx/policy-proof';
import type { Result } from '@raxx/rotation/errors';
import { failed, ok } from '@raxx/rotation/errors';
import type { RepositoryGraph } from '@raxx/rotation/graph/graph';
import type { RunTaskLimits } from './server';
import { createRunTaskServer } from './server';
import { terraformCloudAddress } from '@raxx/tfc-api/tfc-address';

/** Shortest HMAC key accepted (`openssl rand -hex 32` gives 64 characters). */
export const MIN_HMAC_KEY_LENGTH = 32;

/** Fewest distinct characters of an accepted key (a hex key of 32 random bytes has about 16). */
export const MIN_DISTINCT_KEY_CHARACTERS = 10;

/**
 * Why `key` does not look like 32 bytes of random material, or undefined: one repeated character, too
 * few distinct characters, or a short run repeated (`abab...`).
 */
export function weakKeyReason(key: string): string | undefined {
  const distinct = new Set(key).size;
  if (distinct === 1) return 'is one repeated character, not a random key';
  if (distinct < MIN_DISTINCT_KEY_CHARACTERS) return `has only ${distinct} distinct characters (at least ${MIN_DISTINCT_KEY_CHARACTERS}), not a random key`;
  for (let period = 1; period <= key.length / 4; period++) {
    if (key === key.slice(0, period).repeat(Math.ceil(key.length / period)).slice(0, key.length)) return `repeats a ${period}-character pattern, not a random key`;
  }
  return undefined;
}

/** The variables the server reads. */
export const RUN_TASK_VARIABLES = {
  hmacKey: 'RAXX_RUN_TASK_HMAC_KEY',
  tfeAddress: 'TFE_ADDRESS',
  planTimeoutMs: 'RAXX_RUN_TASK_PLAN_TIMEOUT_MS',
  reviewTimeoutMs: 'RAXX_RUN_TASK_REVIEW_TIMEOUT_MS',
} as const;

/** What `serve` listens on and with what. */
export interface ServeSettings {
  readonly port: number;
  readonly host: string;
  readonly hmacKey: string;
  readonly tfeAddress: URL;
  readonly limits: Partial<RunTaskLimits>;
}

function milliseconds(env: NodeJS.ProcessEnv, name: string): Result<number | undefined> {
  const raw = env[name];
  if (raw === undefined || raw === '') return ok(undefined);
  if (!/^\d+$/.test(raw) || Number(raw) < 1) return failed({ kind: 'usage', detail: `${name}=${JSON.stringify(raw)} is not a positive number of milliseconds` });
  return ok(Number(raw));
}

/** The settings from the options and the environment (pure); errors name the option or variable. */
export function serveSettings(port: string | undefined, host: string | undefined, env: NodeJS.ProcessEnv): Result<ServeSettings> {
  if (port === undefined) return failed({ kind: 'usage', detail: 'rotate run-task serve needs --port <port>' });
  if (!/^\d+$/.test(port) || Number(port) > 65535) return failed({ kind: 'usage', detail: `--port must be a number from 0 to 65535, not "${port}"` });
  const key = env[RUN_TASK_VARIABLES.hmacKey];
  if (key === undefined || key === '') {
    return failed({ kind: 'usage', detail: `${RUN_TASK_VARIABLES.hmacKey} is not set: the run task's HMAC key is required (the same value as the task's HMAC key in Terraform Cloud)` });
  }
  if (key.length < MIN_HMAC_KEY_LENGTH) return failed({ kind: 'usage', detail: `${RUN_TASK_VARIABLES.hmacKey} is shorter than ${MIN_HMAC_KEY_LENGTH} characters; generate one with \`openssl rand -hex 32\`` });
  const weak = weakKeyReason(key);
  if (weak) return failed({ kind: 'usage', detail: `${RUN_TASK_VARIABLES.hmacKey} ${weak}; generate one with \`openssl rand -hex 32\`` });
  const address = terraformCloudAddress(env);
  if (!address.ok) return failed({ kind: 'usage', detail: address.reason });
  const planTimeoutMs = milliseconds(env, RUN_TASK_VARIABLES.planTimeoutMs);
  if (!planTimeoutMs.ok) return failed(planTimeoutMs.error);
  const reviewTimeoutMs = milliseconds(env, RUN_TASK_VARIABLES.reviewTimeoutMs);
  if (!reviewTimeoutMs.ok) return failed(reviewTimeoutMs.error);
  return ok({
    port: Number(port),
    host: host ?? '127.0.0.1',
    hmacKey: key,
    tfeAddress: address.value,
    limits: {
      ...(planTimeoutMs.value !== undefined ? { planTimeoutMs: planTimeoutMs.value } : {}),
      ...(reviewTimeoutMs.value !== undefined ? { reviewTimeoutMs: reviewTimeoutMs.value } : {}),
    },
  });
}

/** Runs the server until SIGTERM/SIGINT; an error when it cannot start. */
export async function serveRunTask(
  settings: ServeSettings,
  loadGraph: () => Promise<Result<RepositoryGraph>>,
  log: (line: string) => void,
  loadExceptions: () => Result<readonly NagException[]> = () => ok([]),
): Promise<Result<void>> {
  const graph = await loadGraph();
  if (!graph.ok) return failed(graph.error);
  const exceptions = loadExceptions();
  if (!exceptions.ok) return failed(exceptions.error);
  const { server, idle } = createRunTaskServer({ hmacKey: settings.hmacKey, tfeAddress: settings.tfeAddress, graph: graph.value, exceptions: exceptions.value, log, limits: settings.limits });
  return new Promise((resolve) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      resolve(failed({ kind: 'usage', detail: `cannot listen on ${settings.host}:${settings.port}: ${error.code ?? error.message}` }));
    });
    server.listen(settings.port, settings.host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : settings.port;
      const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
      log(`listening on http://${host}:${port}/ for ${settings.tfeAddress.origin} (${graph.value.stackNames.length} stacks)`);
      const stop = (signal: string): void => {
        log(`${signal}: finishing the reviews under way, then stopping`);
        server.close();
        void idle().then(() => resolve(ok(undefined)));
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
  });
}
