import { PlatformConfig } from '@raxx/config';
import { Principal, resolvePrincipals } from './principals';
import { StackReferences } from './references';
import { NoAwsContextError, resolutionContextFor } from './resolution-context';
import { SynthesizedStack } from './terraform-json';

/** Whether the stack defines any IAM resource. */
export function hasIam(stack: SynthesizedStack): boolean {
  return Object.keys(stack.json.resource ?? {}).some((type) => type.startsWith('aws_iam_'));
}

/**
 * The reference resolver of a stack, or undefined for a stack without IAM (r2-backups-<env>,
 * github-secrets). A stack with IAM but no configured account is an error.
 */
export function stackReferences(stack: SynthesizedStack, config: PlatformConfig): StackReferences | undefined {
  try {
    return new StackReferences(stack, resolutionContextFor(stack.name, stack.json, config));
  } catch (error) {
    if (error instanceof NoAwsContextError && !hasIam(stack)) return undefined;
    throw error;
  }
}

/** Every IAM principal of every stack, resolved. */
export function resolveAllPrincipals(stacks: readonly SynthesizedStack[], config: PlatformConfig): Principal[] {
  return stacks.flatMap((stack) => {
    const refs = stackReferences(stack, config);
    return refs ? resolvePrincipals(refs) : [];
  });
}
