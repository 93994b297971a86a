/**
 * Which provider versions this workspace synthesizes against: each prebuilt binding
 * (`@cdktf/provider-<name>`) pins one, in its package.json field `cdktf.provider.version`, and writes it
 * into every stack's `required_providers`. The I/O edge of the replacement table (read once, memoized).
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

/** The version `cdktf.provider.version` of a binding's package.json pins, if it is installed and says so. */
export function pinnedVersion(binding: string): string | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const manifest = require(`${binding}/package.json`) as { cdktf?: { provider?: { version?: unknown } } };
    const version = manifest.cdktf?.provider?.version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}

let installed: ProviderVersions | undefined;

/** The provider versions of the installed bindings (read once). */
export function installedProviderVersions(): ProviderVersions {
  installed ??= Object.fromEntries(
    (Object.keys(PROVIDERS) as ProviderSource[]).flatMap((source) => {
      const version = pinnedVersion(PROVIDERS[source].binding);
      return version ? [[source, version]] : [];
    }),
  );
  return installed;
}
