/**
 * The stacks' nag exceptions for the run task: every stack's proof (stacks/<stack>/proof/), composed by
 * the app from the configuration in effect, exactly as the nag CLI composes them. Loads cdktf and every
 * stack once, when the server starts (the rest of the tool never loads them).
 */
import type { NagException } from '@raxx/policy-proof';
import type { Result } from '@raxx/rotation/errors';
import { failed, ok } from '@raxx/rotation/errors';

/** Every stack's exceptions, or why they cannot be composed (one line). */
export function proofExceptions(vars: NodeJS.ProcessEnv = process.env): Result<readonly NagException[]> {
  try {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { composeRepo, raxxProofs } = require('@raxx/infra') as typeof import('@raxx/infra');
    const { loadPlatformConfig } = require('@raxx/config') as typeof import('@raxx/config');
    const { composeProofs } = require('@raxx/policy-proof') as typeof import('@raxx/policy-proof');
    /* eslint-enable @typescript-eslint/no-require-imports */
    return ok(composeProofs(raxxProofs(composeRepo(loadPlatformConfig(vars)).stacks)).exceptions);
  } catch (error) {
    return failed({ kind: 'usage', detail: `cannot compose the stacks' proofs: ${String((error as Error).message ?? error).split('\n')[0]}` });
  }
}
