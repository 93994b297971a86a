/**
 * `rotate --version`: the tool's version, the cdktf library's, and the provider version each prebuilt
 * binding of the workspace pins (`cdktf.provider` of its package.json), read from the installed
 * packages. Reading is here; `versionLine` words it (pure).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultWorkspaceRoot } from './synth-output';

/** One prebuilt provider binding as installed. */
export interface InstalledBinding {
  /** The npm package, such as `@cdktf/provider-aws`. */
  readonly binding: string;
  /** The provider's short name (`aws` of `registry.terraform.io/hashicorp/aws`), or the binding's when it is not installed. */
  readonly provider: string;
  /** The provider version the binding pins; undefined when it is not installed or does not say. */
  readonly version: string | undefined;
}

/** What `rotate --version` reports. */
export interface ToolVersions {
  readonly rotate: string;
  /** The installed `cdktf` library; undefined when it is not installed. */
  readonly cdktf: string | undefined;
  readonly bindings: readonly InstalledBinding[];
}

const BINDING_PREFIX = '@cdktf/provider-';

function readManifest(path: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The package.json of an installed package, resolved as this module would `require` it. */
function installedManifest(name: string): Record<string, unknown> | undefined {
  try {
    return readManifest(require.resolve(`${name}/package.json`));
  } catch {
    return undefined;
  }
}

function stringAt(value: unknown, ...path: string[]): string | undefined {
  let at = value;
  for (const key of path) at = typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined;
  return typeof at === 'string' ? at : undefined;
}

/** The bindings the workspace depends on (`@cdktf/provider-*` in its package.json), as installed. */
export function installedBindings(root: string = defaultWorkspaceRoot()): InstalledBinding[] {
  const workspace = readManifest(join(root, 'package.json'));
  const dependencies = { ...(workspace?.dependencies as object | undefined), ...(workspace?.devDependencies as object | undefined) };
  return Object.keys(dependencies)
    .filter((name) => name.startsWith(BINDING_PREFIX) && name !== '@cdktf/provider-generator' && name !== '@cdktf/provider-schema')
    .map((binding) => {
      const manifest = installedManifest(binding);
      const registryName = stringAt(manifest, 'cdktf', 'provider', 'name');
      return {
        binding,
        provider: registryName?.split('/').pop() ?? binding.slice(BINDING_PREFIX.length),
        version: stringAt(manifest, 'cdktf', 'provider', 'version'),
      };
    })
    .sort((a, b) => a.provider.localeCompare(b.provider));
}

/** The installed versions `rotate --version` reports. */
export function installedToolVersions(root: string = defaultWorkspaceRoot()): ToolVersions {
  return {
    rotate: stringAt(readManifest(join(__dirname, '..', '..', 'package.json')), 'version') ?? 'unknown',
    cdktf: stringAt(installedManifest('cdktf'), 'version'),
    bindings: installedBindings(root),
  };
}

/** `rotate 0.0.0 (cdktf 0.21.0; aws 6.25.0, github 6.9.0)`; a missing package says "not installed". */
export function versionLine(versions: ToolVersions): string {
  const providers = versions.bindings.map((binding) => `${binding.provider} ${binding.version ?? 'not installed'}`);
  return `rotate ${versions.rotate} (cdktf ${versions.cdktf ?? 'not installed'}; ${providers.length > 0 ? providers.join(', ') : 'no provider bindings'})`;
}
