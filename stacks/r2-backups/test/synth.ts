/** Test harness: synthesize an r2-backups-<env> stack and read its JSON. */
import { EnvironmentConfig, EnvironmentName, loadPlatformConfig } from '@raxx/config';
import { synthesizeStack } from '@raxx/constructs/testing';
import { Testing } from 'cdktf';
import { R2BackupsStack } from '../src';

// cdktf's record of where each token was created is not source-mapped in these tests (see the helper).

/** The synthesized Terraform JSON, loosely typed for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Synthesized = Record<string, any>;

/** The default configuration (no environment-variable overrides). */
export const config = loadPlatformConfig({});

/** The default configuration of one environment. */
export function environment(name: EnvironmentName, vars: NodeJS.ProcessEnv = {}): EnvironmentConfig {
  return loadPlatformConfig(vars).environments[name];
}

/** Synthesizes `r2-backups-<env>` (default: dev) in the default account, without the `//` metadata. */
export function synthR2Backups(
  env: EnvironmentConfig = environment('dev'),
  terraformCloudOrganization?: string,
): { stack: R2BackupsStack; text: string; json: Synthesized } {
  const stack = new R2BackupsStack(Testing.app(), {
    environment: env,
    cloudflareAccountId: config.cloudflareAccountId,
    ghostRepository: config.ghostRepository,
    terraformCloudOrganization,
  });
  const text = Testing.synth(stack);
  return { stack, text, json: JSON.parse(text) as Synthesized };
}

/** The stack's `cdk.tf.json` as Terraform and `rotate` read it, `//` metadata included. */
export function synthR2BackupsWithMetadata(env: EnvironmentConfig = environment('dev')): Synthesized {
  return synthesizeStack(
    (app) => new R2BackupsStack(app, { environment: env, cloudflareAccountId: config.cloudflareAccountId, ghostRepository: config.ghostRepository }),
  ).json;
}

/** Every `type.name` address (and `data.type.name`) the synthesized stack declares. */
export function addresses(json: Synthesized): string[] {
  const of = (block: Synthesized | undefined, prefix: string) =>
    Object.entries(block ?? {}).flatMap(([type, byName]) => Object.keys(byName as object).map((name) => `${prefix}${type}.${name}`));
  return [...of(json.resource, ''), ...of(json.data, 'data.')].sort();
}
