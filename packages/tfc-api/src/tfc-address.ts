/** `TFE_ADDRESS`: the Terraform Cloud (or Enterprise) the tool talks to (pure). */

/** HCP Terraform's address, used when `TFE_ADDRESS` is unset. */
export const DEFAULT_TFE_ADDRESS = 'https://app.terraform.io';

/** Hosts that may be spoken to over plain http (local stand-ins in tests, a local proxy). */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]' || hostname === '::1';
}

/** Whether `url` may be fetched at all: https, or http on a loopback host. */
export function isAllowedScheme(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

/** Parses `TFE_ADDRESS` (default https://app.terraform.io); the error is one line naming the variable. */
export function terraformCloudAddress(env: NodeJS.ProcessEnv): { ok: true; value: URL } | { ok: false; reason: string } {
  const raw = env.TFE_ADDRESS === undefined || env.TFE_ADDRESS === '' ? DEFAULT_TFE_ADDRESS : env.TFE_ADDRESS;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: `TFE_ADDRESS=${JSON.stringify(raw)} is not a URL` };
  }
  if (!isAllowedScheme(url)) return { ok: false, reason: `TFE_ADDRESS=${JSON.stringify(raw)} must be https (plain http only on a loopback address)` };
  if (url.username || url.password || url.search || url.hash) return { ok: false, reason: `TFE_ADDRESS=${JSON.stringify(raw)} must be a bare address (no credentials, query or fragment)` };
  return { ok: true, value: new URL(url.origin + url.pathname.replace(/\/+$/, '')) };
}
