/**
 * The run task's request signature: HCP Terraform sends `X-TFC-Task-Signature`, the hex HMAC-SHA512
 * of the exact request body under the task's HMAC key. Compared in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header, as Node lower-cases it. */
export const SIGNATURE_HEADER = 'x-tfc-task-signature';

/** Hex HMAC-SHA512 of `body` under `key`. */
export function signRunTaskBody(body: string | Buffer, key: string): string {
  return createHmac('sha512', key).update(body).digest('hex');
}

/** Whether `signature` is the HMAC of `body` under `key` (constant time; malformed is false). */
export function signatureMatches(body: Buffer, signature: string | undefined, key: string): boolean {
  if (signature === undefined || !/^[0-9a-fA-F]{128}$/.test(signature)) return false;
  const expected = Buffer.from(signRunTaskBody(body, key), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
