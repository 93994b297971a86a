/**
 * The provider versions of the installed prebuilt bindings (`cdktf.provider.version` of each
 * `@cdktf/provider-<name>` package.json), read once, and the replacement table they choose: the I/O
 * edge of the rotation core's replacement table.
 */
import type { ProviderSource, ProviderVersions, ReplacementTable } from '@raxx/rotation';
import { PROVIDERS, replacementTableFor } from '@raxx/rotation';

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

let table: ReplacementTable | undefined;

/** The replacement table in force: chosen by the provider versions the installed bindings pin (read once). */
export function installedReplacementTable(): ReplacementTable {
  table ??= replacementTableFor(installedProviderVersions()).table;
  return table;
}
