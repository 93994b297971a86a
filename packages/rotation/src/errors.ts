/**
 * Errors are values inside the tool: every failure the user can cause is one of these, and the CLI
 * turns it into one line on stderr and an exit code.
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

function list(names: readonly string[]): string {
  return names.length === 0 ? '(none)' : names.join(', ');
}

/** The one line the CLI prints for `error`. */
export function describeError(error: RotationError): string {
  switch (error.kind) {
    case 'unknown-target':
      return `unknown target "${error.target}"; rotatable targets: ${list(error.known)}`;
    case 'not-rotatable':
      return `"${error.target}" is a ${error.type}, not a rotatable key; rotatable types: ${list(error.rotatableTypes)}`;
    case 'unknown-stack':
      return `unknown stack "${error.stack}"; stacks: ${list(error.known)}`;
    case 'target-not-in-stack':
      return `target "${error.target}" is not in stack "${error.stack}"; stacks that hold it: ${list(error.holders)}`;
    case 'ambiguous-target':
      return `target "${error.target}" is ambiguous in stack "${error.stack}": ${list(error.addresses)}; pass the full address`;
    case 'standby-slot':
      return `"${error.target}" is the ${error.role} slot of ${error.credential} in stack "${error.stack}", not a target of its own; rotate the credential: --target ${error.credential}`;
    case 'not-two-slot':
      return `--strategy two-slot needs a credential held in two slots; "${error.target}" in stack "${error.stack}" is a single resource (two-slot credentials: ${list(error.twoSlot)})`;
    case 'state-unreadable':
      return `cannot read state ${error.path}: ${error.detail}`;
    case 'state-malformed':
      return `${error.path} is not \`terraform show -json\` state output: ${error.detail}`;
    case 'synth-output-missing':
      return `no synthesized output at ${error.path}: ${error.detail}`;
    case 'synth-output-malformed':
      return `malformed synthesized output ${error.path}: ${error.detail}`;
    case 'synth-failed':
      return `synthesis failed: ${error.detail}`;
    case 'plan-unreadable':
      return `cannot read plan ${error.path}: ${error.detail}`;
    case 'plan-malformed':
      return `malformed plan ${error.path}: ${error.detail}`;
    case 'plan-wrong-format':
      return `${error.path} is not \`terraform show -json\` plan output: ${error.detail}`;
    case 'plan-other-stack':
      return `plan is not for stack "${error.stack}": ${error.detail}`;
    case 'usage':
      return error.detail;
    case 'output-unwritable':
      return `cannot write ${error.path}: ${error.detail}`;
  }
}
