/**
 * The I/O edge to Terraform Cloud: GET a plan's JSON with the Bearer token, following the 307 to the
 * short-lived download URL (on another host: the token is sent to TFE_ADDRESS only), and PATCH the
 * task result. Bodies stay in memory; nothing is written to disk, nothing is printed.
 */
import { isAllowedScheme } from './tfc-address';

/** Limits of one download. */
export interface DownloadLimits {
  /** Give up after this long, redirects included. */
  readonly timeoutMs: number;
  /** Refuse a body larger than this. */
  readonly maxBytes: number;
}

/** A finished HTTP exchange, or why there is none (one line, no token). */
export type HttpResult = { readonly ok: true; readonly status: number; readonly text: string } | { readonly ok: false; readonly reason: string };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

function failureReason(error: unknown, timeoutMs: number): string {
  const name = (error as Error)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `timed out after ${Math.round(timeoutMs / 1000)} s`;
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error as Error)?.message ?? 'request failed';
}

async function readLimited(response: Response, maxBytes: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    return undefined;
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Whether a download may go to `target`: https always; plain http only on a loopback host, and only
 * when the Terraform Cloud address itself (`tokenOrigin`) is plain http on loopback (a local stand-in).
 */
export function redirectAllowed(target: URL, tokenOrigin: string): boolean {
  if (target.protocol === 'https:') return true;
  const origin = new URL(tokenOrigin);
  return target.protocol === 'http:' && origin.protocol === 'http:' && isAllowedScheme(origin) && isAllowedScheme(target);
}

/**
 * GET `url` with `Authorization: Bearer <token>` while on `tokenOrigin`, following redirects; a hop
 * to another origin goes without the header (HCP Terraform's redirect target is a pre-signed URL).
 */
export async function getWithToken(url: URL, token: string, tokenOrigin: string, limits: DownloadLimits): Promise<HttpResult> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let current = url;
  try {
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      if (!redirectAllowed(current, tokenOrigin)) return { ok: false, reason: `refusing to follow a redirect to ${current.protocol}//${current.host} (https only; plain http only when TFE_ADDRESS is plain http on loopback)` };
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (current.origin === tokenOrigin) headers.Authorization = `Bearer ${token}`;
      const response = await fetch(current, { method: 'GET', headers, redirect: 'manual', signal });
      if (REDIRECTS.has(response.status)) {
        const location = response.headers.get('location');
        await response.body?.cancel();
        if (!location) return { ok: false, reason: `HTTP ${response.status} without a Location header` };
        current = new URL(location, current);
        continue;
      }
      const text = await readLimited(response, limits.maxBytes);
      if (text === undefined) return { ok: false, reason: `the plan JSON is larger than ${Math.round(limits.maxBytes / (1024 * 1024))} MiB` };
      return { ok: true, status: response.status, text };
    }
    return { ok: false, reason: `more than ${MAX_REDIRECTS} redirects` };
  } catch (error) {
    return { ok: false, reason: failureReason(error, limits.timeoutMs) };
  }
}

/** PATCHes `body` (JSON:API) to `url` with the Bearer token; the answer's status, or why there is none. */
export async function patchJsonApi(url: URL, token: string, body: unknown, timeoutMs: number): Promise<HttpResult> {
  try {
    const response = await fetch(url, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/vnd.api+json', Accept: 'application/vnd.api+json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = (await readLimited(response, 1024 * 1024)) ?? '';
    return { ok: true, status: response.status, text };
  } catch (error) {
    return { ok: false, reason: failureReason(error, timeoutMs) };
  }
}
