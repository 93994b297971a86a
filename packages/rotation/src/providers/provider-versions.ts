/**
 * Which provider versions this workspace synthesizes against: each prebuilt binding
 * (`@cdktf/provider-<name>`) pins one, in its package.json field `cdktf.provider.version`, and writes it
 * into every stack's `required_providers`. The names and shapes only (pure); the CLI reads the
 * installed versions (tools/rotate/src/io/provider-versions.ts) and hands the table they choose in.
 */

/** A provider's registry source address (`hashicorp/aws`). */
export type ProviderSource = 'hashicorp/aws' | 'hashicorp/kubernetes' | 'integrations/github' | 'cloudflare/cloudflare';

/** The prebuilt binding of each provider, and the resource type prefix of its types. */
export const PROVIDERS: Readonly<Record<ProviderSource, { readonly binding: string; readonly typePrefix: string }>> = {
  'hashicorp/aws': { binding: '@cdktf/provider-aws', typePrefix: 'aws_' },
  'hashicorp/kubernetes': { binding: '@cdktf/provider-kubernetes', typePrefix: 'kubernetes_' },
  'integrations/github': { binding: '@cdktf/provider-github', typePrefix: 'github_' },
  'cloudflare/cloudflare': { binding: '@cdktf/provider-cloudflare', typePrefix: 'cloudflare_' },
};

/** Provider source -> the version its binding pins (absent when the binding is not installed). */
export type ProviderVersions = Readonly<Partial<Record<ProviderSource, string>>>;

/** The provider a resource type belongs to, by its prefix. */
export function providerOfType(type: string): ProviderSource | undefined {
  return (Object.keys(PROVIDERS) as ProviderSource[]).find((source) => type.startsWith(PROVIDERS[source].typePrefix));
}
