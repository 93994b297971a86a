/**
 * Where a stack deploys: the account, region and partition a Terraform reference resolves against.
 * Taken from the platform configuration (the same values the stacks were built from), and checked
 * against the stack's own `aws` provider (`allowed_account_ids`, `region`).
 */
import { ENVIRONMENT_NAMES, PlatformConfig } from '@raxx/config';
import { TerraformJson } from './synthesized-stack';

/** The account, region and partition of one stack. */
export interface ResolutionContext {
  /** Stack name (`tomoda-dev`), for messages. */
  readonly stackName: string;
  /** 12-digit AWS account id. */
  readonly accountId: string;
  /** AWS region (`us-east-1`). */
  readonly region: string;
  /** ARN partition. */
  readonly partition: 'aws';
}

/** A stack that has no AWS context (no AWS provider, no configured environment): nothing to resolve. */
export class NoAwsContextError extends Error {}

/**
 * The context of `stackName` from the configuration: `freescout-backup` uses the FreeScout account,
 * `<system>-<env>` the environment's. Throws if the stack's provider names another account or region.
 */
export function resolutionContextFor(stackName: string, stack: TerraformJson, config: PlatformConfig): ResolutionContext {
  const configured = configuredAccount(stackName, config);
  const provider = stack.provider?.aws?.[0];
  if (!configured) {
    throw new NoAwsContextError(`stack ${stackName}: no configured AWS account (not freescout-backup nor <system>-<environment>)`);
  }
  if (provider) {
    const allowed = provider.allowed_account_ids as string[] | undefined;
    if (allowed && !allowed.includes(configured.accountId)) {
      throw new Error(`stack ${stackName}: provider allows accounts ${allowed.join(', ')} but the configuration says ${configured.accountId}`);
    }
    if (typeof provider.region === 'string' && provider.region !== configured.region) {
      throw new Error(`stack ${stackName}: provider region ${provider.region} but the configuration says ${configured.region}`);
    }
  }
  return { stackName, ...configured, partition: 'aws' };
}

function configuredAccount(stackName: string, config: PlatformConfig): { accountId: string; region: string } | undefined {
  if (stackName === 'freescout-backup') return { accountId: config.freescout.awsAccountId, region: config.freescout.awsRegion };
  const env = ENVIRONMENT_NAMES.find((name) => stackName.endsWith(`-${name}`));
  if (!env) return undefined;
  const environment = config.environments[env];
  return { accountId: environment.awsAccountId, region: environment.awsRegion };
}
