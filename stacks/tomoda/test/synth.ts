/** Test harness: synthesize a Tomoda stack of one environment and read its JSON. */
import { EnvironmentName, loadPlatformConfig } from '@raxx/config';
import { DefaultTokenResolver, StringConcat, Testing, Tokenization } from 'cdktf';
import { IConstruct } from 'constructs';
import { TomodaStack } from '../src';

// cdktf's record of where each token was created is not source-mapped in these tests (see the helper).

/** The synthesized Terraform JSON, loosely typed for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Synthesized = Record<string, any>;

/** Synthesizes `tomoda-<env>` with the default configuration (or `vars` overrides). */
export function synthTomoda(
  env: EnvironmentName,
  vars: NodeJS.ProcessEnv = {},
  terraformCloudOrganization?: string,
): { stack: TomodaStack; text: string; json: Synthesized } {
  const app = Testing.app();
  const stack = new TomodaStack(app, { environment: loadPlatformConfig(vars).environments[env], terraformCloudOrganization });
  const text = Testing.synth(stack);
  return { stack, text, json: JSON.parse(text) as Synthesized };
}

/** Every `type.name` address (and `data.type.name`) the synthesized stack declares. */
export function addresses(json: Synthesized): string[] {
  const of = (block: Synthesized | undefined, prefix: string) =>
    Object.entries(block ?? {}).flatMap(([type, byName]) => Object.keys(byName as object).map((name) => `${prefix}${type}.${name}`));
  return [...of(json.resource, ''), ...of(json.data, 'data.')].sort();
}

/** The resource addresses every `${...}` interpolation in `value` refers to (`type.name` or `data.type.name`). */
export function referencedAddresses(value: unknown): string[] {
  const text = JSON.stringify(value);
  const found = new Set<string>();
  for (const match of text.matchAll(/\$\{([^}]*)\}/g)) {
    for (const ref of match[1].matchAll(/\b((?:data\.)?[a-z0-9]+_[a-z0-9_]+\.[a-z0-9_]+)(?=[.[])/g)) found.add(ref[1]);
  }
  return [...found].sort();
}

/** How a token (a cross-resource or cross-stack value) renders inside `scope`'s stack. */
export function resolveIn(scope: IConstruct, value: unknown): unknown {
  return Tokenization.resolve(value, { scope, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) });
}
