/** Test harness: synthesize the r2-backups stack and read its JSON. */
import { EnvironmentConfig, EnvironmentName, loadPlatformConfig } from '@raxx/config';
import { DefaultTokenResolver, StringConcat, Testing, Tokenization } from 'cdktf';
import { IConstruct } from 'constructs';
import { R2BackupsStack } from '../src';

/** The synthesized Terraform JSON, loosely typed for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Synthesized = Record<string, any>;

/** The default configuration (no environment-variable overrides). */
export const config = loadPlatformConfig({});

/** Synthesizes `r2-backups` for `environments` (default: all three) in the default account. */
export function synthR2Backups(
  environments: readonly EnvironmentConfig[] = Object.values(config.environments),
  terraformCloudOrganization?: string,
): { stack: R2BackupsStack; text: string; json: Synthesized } {
  const stack = new R2BackupsStack(Testing.app(), {
    environments,
    cloudflareAccountId: config.cloudflareAccountId,
    terraformCloudOrganization,
  });
  const text = Testing.synth(stack);
  return { stack, text, json: JSON.parse(text) as Synthesized };
}

/** The default configuration of one environment. */
export function environment(name: EnvironmentName): EnvironmentConfig {
  return config.environments[name];
}

/** Every `type.name` address (and `data.type.name`) the synthesized stack declares. */
export function addresses(json: Synthesized): string[] {
  const of = (block: Synthesized | undefined, prefix: string) =>
    Object.entries(block ?? {}).flatMap(([type, byName]) => Object.keys(byName as object).map((name) => `${prefix}${type}.${name}`));
  return [...of(json.resource, ''), ...of(json.data, 'data.')].sort();
}

/** How a token (a cross-resource or cross-stack value) renders inside `scope`'s stack. */
export function resolveIn(scope: IConstruct, value: unknown): unknown {
  return Tokenization.resolve(value, { scope, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) });
}
