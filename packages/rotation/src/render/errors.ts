/** The one line that words each error value (the CLI prints it and picks the exit code; the run task puts it in its outcomes). */
import type { RotationError } from '../errors';

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
    case 'strategy-not-applicable':
      return `--strategy ${error.strategy} does not apply to ${error.target} in stack ${error.stack} (${error.keyKind === 'in-state' ? 'a key in Terraform state' : 'a key outside Terraform state'}: ${error.applicable.join(' or ')})`;
    case 'usage':
      return error.detail;
    case 'output-unwritable':
      return `cannot write ${error.path}: ${error.detail}`;
  }
}
