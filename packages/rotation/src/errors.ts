/**
 * Errors are values inside the tool: every failure the user can cause is one of these, with its data.
 * render/errors.ts words them; the CLI prints that line on stderr and picks the exit code.
 */

export type RotationError =
  | { readonly kind: 'unknown-target'; readonly target: string; readonly known: readonly string[] }
  | { readonly kind: 'not-rotatable'; readonly target: string; readonly type: string; readonly rotatableTypes: readonly string[] }
  | { readonly kind: 'unknown-stack'; readonly stack: string; readonly known: readonly string[] }
  | { readonly kind: 'target-not-in-stack'; readonly target: string; readonly stack: string; readonly holders: readonly string[] }
  | { readonly kind: 'ambiguous-target'; readonly target: string; readonly stack: string; readonly addresses: readonly string[] }
  | { readonly kind: 'standby-slot'; readonly target: string; readonly stack: string; readonly credential: string; readonly role: string }
  | { readonly kind: 'not-two-slot'; readonly target: string; readonly stack: string; readonly twoSlot: readonly string[] }
  | { readonly kind: 'state-unreadable'; readonly path: string; readonly detail: string }
  | { readonly kind: 'state-malformed'; readonly path: string; readonly detail: string }
  | { readonly kind: 'synth-output-missing'; readonly path: string; readonly detail: string }
  | { readonly kind: 'synth-output-malformed'; readonly path: string; readonly detail: string }
  | { readonly kind: 'synth-failed'; readonly detail: string }
  | { readonly kind: 'plan-unreadable'; readonly path: string; readonly detail: string }
  | { readonly kind: 'plan-malformed'; readonly path: string; readonly detail: string }
  | { readonly kind: 'plan-wrong-format'; readonly path: string; readonly detail: string }
  | { readonly kind: 'plan-other-stack'; readonly stack: string; readonly detail: string }
  | { readonly kind: 'strategy-not-applicable'; readonly target: string; readonly stack: string; readonly strategy: string; readonly keyKind: 'in-state' | 'out-of-state'; readonly applicable: readonly string[] }
  | { readonly kind: 'usage'; readonly detail: string }
  | { readonly kind: 'output-unwritable'; readonly path: string; readonly detail: string };

/** A value or the reason there is none. */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: RotationError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function failed<T>(error: RotationError): Result<T> {
  return { ok: false, error };
}
