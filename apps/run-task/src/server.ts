/**
 * The run task endpoint (Node's http module): checks the signature, answers 200 at once, then reviews
 * the run in the background and PATCHes the result. Every run that passed the signature check gets a
 * result (`failed` with the reason when the plan is unreadable, the workspace unknown or the review
 * times out); the server keeps serving whatever one run does.
 */
import type { NagException } from '@raxx/policy-proof';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { RepositoryGraph } from '@raxx/rotation/graph/graph';
import type { CheckOutcome } from './outcomes';
import { failedBecause } from './outcomes';
import type { RunTaskRequest } from './payload';
import { isUnderTerraformCloud, parseRunTaskPayload } from './payload';
import { taskResultBody, taskStatus } from './result-body';
import { reviewPlan, stackForWorkspace } from './review';
import { postApplyOutcomes } from './post-apply';
import type { StackGraph } from '@raxx/rotation/graph/graph';
import { SIGNATURE_HEADER, signatureMatches } from './signature';
import { getWithToken, patchJsonApi } from '@raxx/tfc-api/tfc-client';

/** Largest request body accepted (HCP Terraform's payloads are a few KiB). */
export const MAX_REQUEST_BYTES = 1024 * 1024;

/** Time limits and sizes of the background review. */
export interface RunTaskLimits {
  /** Download of the plan JSON, redirects included. @default 120 s */
  readonly planTimeoutMs: number;
  /** Largest plan JSON accepted. @default 256 MiB */
  readonly planMaxBytes: number;
  /** The whole review, download included; HCP Terraform errors a task that is silent for 10 minutes. @default 8 min */
  readonly reviewTimeoutMs: number;
  /** One PATCH of the result. @default 30 s */
  readonly callbackTimeoutMs: number;
  /** Waits between PATCH attempts (one attempt more than entries). @default [2 s, 10 s] */
  readonly callbackRetryDelaysMs: readonly number[];
  /** Reviews at once; more wait in line (each holds a plan in memory). @default 2 */
  readonly concurrentReviews: number;
  /** Open connections at once (`server.maxConnections`); more are closed at once. @default 64 */
  readonly maxConnections: number;
  /** Time to receive a request's headers (`server.headersTimeout`). @default 10 s */
  readonly headersTimeoutMs: number;
  /** Time to receive a signed request's body once its headers are in. @default 10 s */
  readonly bodyTimeoutMs: number;
  /** Task results remembered, so a repeated task_result_id is answered from its first review. @default 1000 */
  readonly rememberedResults: number;
}

/** The stages HCP Terraform attaches a run task to. */
export const RUN_TASK_STAGES: readonly string[] = ['pre_plan', 'post_plan', 'pre_apply', 'post_apply'];

export const DEFAULT_LIMITS: RunTaskLimits = {
  planTimeoutMs: 120_000,
  planMaxBytes: 256 * 1024 * 1024,
  reviewTimeoutMs: 8 * 60_000,
  callbackTimeoutMs: 30_000,
  callbackRetryDelaysMs: [2_000, 10_000],
  concurrentReviews: 2,
  maxConnections: 64,
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 10_000,
  rememberedResults: 1000,
};

/** The signature header as HCP Terraform sends it: the hex HMAC-SHA512, 128 characters. */
const WELL_FORMED_SIGNATURE = /^[0-9a-fA-F]{128}$/;

/** What the server needs. */
export interface RunTaskServerProps {
  /** The task's HMAC key (`RAXX_RUN_TASK_HMAC_KEY`). */
  readonly hmacKey: string;
  /** `TFE_ADDRESS`: plan and callback URLs must be under it; the token goes nowhere else. */
  readonly tfeAddress: URL;
  /** The synthesized stacks: workspaces, rotation predictions. */
  readonly graph: RepositoryGraph;
  /** The stacks' nag exceptions (stacks/<stack>/proof/), each with its reason. @default - none */
  readonly exceptions?: readonly NagException[];
  /** One line per event; never a token or plan content. */
  readonly log: (line: string) => void;
  /** @default DEFAULT_LIMITS */
  readonly limits?: Partial<RunTaskLimits>;
}

/** A running run task endpoint. */
export interface RunTaskServer {
  readonly server: Server;
  /** Resolves when no review is running or waiting. */
  idle(): Promise<void>;
}

function answer(res: ServerResponse, status: number, text: string, close = false): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...(close ? { Connection: 'close' } : {}) });
  res.end(text + '\n');
}

function readBody(req: IncomingMessage, limit: number, timeoutMs: number): Promise<Buffer | 'too-large' | 'aborted' | 'timeout'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      resolve('timeout');
    }, timeoutMs);
    req.on('close', () => clearTimeout(timer));
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      clearTimeout(timer);
      if (!done) resolve(Buffer.concat(chunks));
      done = true;
    });
    req.on('error', () => {
      if (!done) resolve('aborted');
      done = true;
    });
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Answers `status` and closes the connection without reading the body. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, text: string): void {
  res.once('finish', () => req.destroy());
  answer(res, status, text, true);
}

/** Creates the endpoint (not yet listening). */
export function createRunTaskServer(props: RunTaskServerProps): RunTaskServer {
  const limits: RunTaskLimits = { ...DEFAULT_LIMITS, ...props.limits };
  const { graph, tfeAddress, log } = props;
  let running = 0;
  const waiting: Array<() => void> = [];
  const idleWaiters: Array<() => void> = [];
  /** task_result_id -> the status of its first review ('reviewing' while it runs); oldest first, bounded. */
  const results = new Map<string, string>();
  const remember = (id: string, status: string): void => {
    results.delete(id);
    results.set(id, status);
    while (results.size > limits.rememberedResults) results.delete(results.keys().next().value as string);
  };

  const settle = (): void => {
    if (running === 0 && waiting.length === 0) idleWaiters.splice(0).forEach((resolve) => resolve());
  };

  async function review(request: RunTaskRequest): Promise<CheckOutcome[]> {
    const found = stackForWorkspace(graph, request.workspaceName);
    if ('outcome' in found) return [found.outcome];
    if (request.stage === 'pre_plan' || request.stage === 'pre_apply') {
      // The review needs the plan: it runs at post_plan. Passing here claims no review (the description says so).
      return [{ id: 'stage', passed: true, description: `nothing to review at ${request.stage}: this task reviews the plan at post_plan`, body: `**Passed:** nothing to review at \`${request.stage}\`; the plan is reviewed at \`post_plan\` (attach the task there).` }];
    }
    if (request.stage === 'post_apply') return postApplyReview(request, found.stack);
    const planUrl = request.planJsonApiUrl;
    if (!planUrl) return [failedBecause('plan', `no plan_json_api_url at stage ${request.stage}`, 'This task reviews plans: attach it at post_plan.')];
    if (!isUnderTerraformCloud(planUrl, tfeAddress)) {
      return [failedBecause('plan', `plan_json_api_url is not under ${tfeAddress.origin}/api/v2/ (TFE_ADDRESS): not fetched`, 'The run token is sent to TFE_ADDRESS only.')];
    }
    const download = await getWithToken(planUrl, request.accessToken, tfeAddress.origin, { timeoutMs: limits.planTimeoutMs, maxBytes: limits.planMaxBytes });
    if (!download.ok) return [failedBecause('plan', `unreadable plan: the plan JSON download failed (${download.reason})`)];
    if (download.status === 204) return [failedBecause('plan', 'unreadable plan: the plan has no JSON yet (HTTP 204)')];
    if (download.status !== 200) return [failedBecause('plan', `unreadable plan: the plan JSON download answered HTTP ${download.status}`)];
    return reviewPlan(graph, request.workspaceName, request.runId, download.text, props.exceptions ?? []);
  }

  async function reviewWithin(request: RunTaskRequest): Promise<CheckOutcome[]> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<CheckOutcome[]>((resolve) => {
      timer = setTimeout(() => resolve([failedBecause('timeout', `the review timed out after ${Math.round(limits.reviewTimeoutMs / 1000)} s`)]), limits.reviewTimeoutMs);
    });
    try {
      return await Promise.race([
        review(request).catch((error: unknown) => [failedBecause('internal', `internal error of the run task: ${(error as Error)?.message ?? String(error)}`.split('\n')[0])]),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  async function postApplyReview(request: RunTaskRequest, stack: StackGraph): Promise<CheckOutcome[]> {
    return postApplyOutcomes(graph, stack, request, tfeAddress, limits.planTimeoutMs, limits.planMaxBytes);
  }

  async function report(request: RunTaskRequest, outcomes: CheckOutcome[], received: number): Promise<void> {
    const body = taskResultBody(outcomes, request.runAppUrl);
    const status = taskStatus(outcomes);
    if (request.taskResultId) remember(request.taskResultId, status);
    const delays = [0, ...limits.callbackRetryDelaysMs];
    for (let attempt = 0; attempt < delays.length; attempt++) {
      if (delays[attempt] > 0) await delay(delays[attempt]);
      const sent = await patchJsonApi(request.taskResultCallbackUrl, request.accessToken, body, limits.callbackTimeoutMs);
      const elapsed = Date.now() - received;
      if (sent.ok && sent.status < 300) {
        log(`run ${request.runId} (${request.workspaceName}): ${status} [${outcomes.map((outcome) => `${outcome.id} ${outcome.passed ? 'passed' : 'failed'}`).join(', ')}]; result sent (HTTP ${sent.status}) ${elapsed} ms after the request`);
        return;
      }
      const why = sent.ok ? `HTTP ${sent.status}` : sent.reason;
      const retryable = !sent.ok || sent.status >= 500 || sent.status === 429;
      log(`run ${request.runId}: sending the result failed (${why})${retryable && attempt + 1 < delays.length ? '; retrying' : ''}`);
      if (!retryable) return;
    }
  }

  async function reviewAndReport(request: RunTaskRequest, received: number): Promise<void> {
    if (running >= limits.concurrentReviews) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      await report(request, await reviewWithin(request), received);
    } catch (error) {
      log(`run ${request.runId}: internal error: ${(error as Error)?.message ?? String(error)}`.split('\n')[0]);
    } finally {
      running--;
      waiting.shift()?.();
      settle();
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const received = Date.now();
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') return answer(res, 200, 'ok');
    if (path !== '/') return answer(res, 404, 'not found');
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return answer(res, 405, 'POST only');
    }
    // The signature is looked at before the body: an unsigned or malformed request never has its body read.
    const signature = req.headers[SIGNATURE_HEADER];
    if (typeof signature !== 'string' || signature === '') {
      log('refused an unsigned request (401)');
      return refuse(req, res, 401, 'missing X-TFC-Task-Signature');
    }
    if (!WELL_FORMED_SIGNATURE.test(signature)) {
      log('refused a request with a malformed signature (403)');
      return refuse(req, res, 403, 'X-TFC-Task-Signature is not a hex HMAC-SHA512 (128 hex characters)');
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_REQUEST_BYTES) {
      log(`refused a ${declared}-byte body (over ${MAX_REQUEST_BYTES})`);
      answer(res, 413, 'body too large', true);
      req.resume();
      return;
    }
    const body = await readBody(req, MAX_REQUEST_BYTES, limits.bodyTimeoutMs);
    if (body === 'aborted') return;
    if (body === 'timeout') {
      log(`refused a body not received within ${Math.round(limits.bodyTimeoutMs / 1000)} s (408)`);
      return refuse(req, res, 408, 'request body timed out');
    }
    if (body === 'too-large') {
      log(`refused a body over ${MAX_REQUEST_BYTES} bytes`);
      answer(res, 413, 'body too large', true);
      return;
    }
    if (!signatureMatches(body, signature, props.hmacKey)) {
      log('refused a request with a wrong signature (403)');
      return answer(res, 403, 'signature does not match');
    }
    const payload = parseRunTaskPayload(body.toString('utf8'), tfeAddress);
    if (!payload.ok) {
      log(`refused a signed request: ${payload.reason} (400)`);
      return answer(res, 400, payload.reason);
    }
    if (payload.value.kind === 'verification') {
      log('answered the verification request (200)');
      return answer(res, 200, 'ok');
    }
    const request = payload.value.request;
    if (!RUN_TASK_STAGES.includes(request.stage)) {
      log(`refused run ${request.runId}: unknown stage ${JSON.stringify(request.stage)} (400)`);
      return answer(res, 400, `unknown stage ${JSON.stringify(request.stage).slice(0, 60)}: this task serves ${RUN_TASK_STAGES.join(', ')}`);
    }
    if (request.taskResultId && results.has(request.taskResultId)) {
      const first = results.get(request.taskResultId) as string;
      log(`run ${request.runId}: task result ${request.taskResultId} repeated; answered from its first review (${first}), not reviewed again`);
      return answer(res, 200, first === 'reviewing' ? 'accepted (already under review)' : `already reviewed: ${first}`);
    }
    if (request.taskResultId) remember(request.taskResultId, 'reviewing');
    answer(res, 200, 'accepted');
    log(`run ${request.runId} (${request.workspaceName}, ${request.stage}${request.isSpeculative ? ', speculative' : ''}): accepted in ${Date.now() - received} ms`);
    void reviewAndReport(request, received);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`internal error: ${(error as Error)?.message ?? String(error)}`.split('\n')[0]);
      if (!res.headersSent) answer(res, 500, 'internal error');
    });
  });
  server.requestTimeout = limits.headersTimeoutMs + limits.bodyTimeoutMs;
  server.headersTimeout = limits.headersTimeoutMs;
  server.maxConnections = limits.maxConnections;
  // A slow client may not hold a connection open between requests either.
  server.keepAliveTimeout = 5_000;
  return {
    server,
    idle: () => new Promise<void>((resolve) => {
      idleWaiters.push(resolve);
      settle();
    }),
  };
}
