/**
 * Which attributes force a resource to be replaced (`-/+`) rather than updated in place (`~`) when
 * their value changes. Read from the providers' schemas (`ForceNew: true`, `RequiresReplace()`);
 * research note tools/rotate/docs/replacement-sources.md. Every entry names the provider versions it
 * holds for; the table in force is chosen by the provider versions it is given (`replacementTableFor`;
 * the CLI reads the installed ones) and handed to the graph. A type missing from the table in force is assumed to update in place, and
 * the plan says so.
 */
import type { ProviderSource, ProviderVersions } from './provider-versions';
import { satisfiesRange } from './version-range';

/** One attribute (a dotted path into the resource's arguments) whose change forces replacement. */
export interface ReplacementRule {
  readonly path: string;
  /** Only when another top-level attribute has this value (e.g. `immutable = true`). */
  readonly when?: { readonly attribute: string; readonly equals: string | number | boolean };
}

/** The replacement-forcing attributes of one resource type, for a range of provider versions, with its source. */
export interface ReplacementEntry {
  /** The provider of the type. */
  readonly provider: ProviderSource;
  /**
   * The provider versions the entry holds for (`>=6.25.0 <6.26.0`): the series its source was read
   * from, or wider where the source shows the schema did not change. A version outside every range
   * of a type leaves the type out of the table in force (the plan then says it assumes in place).
   */
  readonly versions: string;
  readonly forcesReplacement: readonly ReplacementRule[];
  /** Source file (and tag) of the schema. */
  readonly source: string;
}

const AWS: ProviderSource = 'hashicorp/aws';
const KUBERNETES: ProviderSource = 'hashicorp/kubernetes';
const GITHUB: ProviderSource = 'integrations/github';
const CLOUDFLARE: ProviderSource = 'cloudflare/cloudflare';

/**
 * Resource type -> its entries, each for the provider versions it holds for. The entry in force is the
 * one whose range covers the version the installed binding pins (`replacementTableFor`).
 */
export const REPLACEMENT_ENTRIES: Readonly<Record<string, readonly ReplacementEntry[]>> = {
  aws_iam_access_key: [
    {
      provider: AWS,
      versions: '>=6.25.0 <6.26.0',
      forcesReplacement: [{ path: 'user' }, { path: 'pgp_key' }],
      source: 'hashicorp/terraform-provider-aws internal/service/iam/access_key.go ("user", "pgp_key": ForceNew)',
    },
  ],
  aws_secretsmanager_secret_version: [
    {
      provider: AWS,
      versions: '>=6.25.0 <6.26.0',
      forcesReplacement: [{ path: 'secret_id' }, { path: 'secret_string' }, { path: 'secret_binary' }, { path: 'secret_string_wo_version' }],
      source: 'hashicorp/terraform-provider-aws internal/service/secretsmanager/secret_version.go (v6: secret_string ForceNew; only version_stages updates in place)',
    },
  ],
  aws_iam_user_policy: [
    {
      provider: AWS,
      versions: '>=6.25.0 <6.26.0',
      forcesReplacement: [{ path: 'name' }, { path: 'name_prefix' }, { path: 'user' }],
      source: 'hashicorp/terraform-provider-aws internal/service/iam/user_policy.go (policy updates in place via PutUserPolicy)',
    },
  ],
  aws_iam_role_policy: [
    {
      provider: AWS,
      versions: '>=6.25.0 <6.26.0',
      forcesReplacement: [{ path: 'name' }, { path: 'name_prefix' }, { path: 'role' }],
      source: 'hashicorp/terraform-provider-aws internal/service/iam/role_policy.go (policy updates in place via PutRolePolicy)',
    },
  ],
  kubernetes_secret_v1: [
    {
      provider: KUBERNETES,
      versions: '>=2.38.0 <2.39.0',
      forcesReplacement: [
        { path: 'metadata.name' },
        { path: 'metadata.namespace' },
        { path: 'metadata.generate_name' },
        { path: 'type' },
        { path: 'data', when: { attribute: 'immutable', equals: true } },
        { path: 'binary_data', when: { attribute: 'immutable', equals: true } },
        { path: 'immutable', when: { attribute: 'immutable', equals: true } },
      ],
      source: 'hashicorp/terraform-provider-kubernetes v2.38.0 kubernetes/resource_kubernetes_secret_v1.go, schema_metadata.go (data updates in place unless immutable)',
    },
  ],
  kubernetes_manifest: [
    {
      provider: KUBERNETES,
      versions: '>=2.38.0 <2.39.0',
      forcesReplacement: [{ path: 'manifest.apiVersion' }, { path: 'manifest.kind' }, { path: 'manifest.metadata.name' }, { path: 'manifest.metadata.namespace' }],
      source: 'hashicorp/terraform-provider-kubernetes v2.38.0 manifest/provider/plan.go (RequiresReplace; everything else is server-side applied in place)',
    },
  ],
  github_actions_secret: [
    {
      provider: GITHUB,
      versions: '>=6.9.0 <6.11.0',
      forcesReplacement: [{ path: 'repository' }, { path: 'secret_name' }, { path: 'encrypted_value' }, { path: 'plaintext_value' }, { path: 'destroy_on_drift' }],
      source: 'integrations/terraform-provider-github v6.9.0 github/resource_github_actions_secret.go (no Update: every argument ForceNew; plaintext_value stays ForceNew through 6.10, updates in place from 6.11, so the range ends there)',
    },
  ],
  github_actions_variable: [
    {
      provider: GITHUB,
      versions: '>=6.9.0 <6.10.0',
      forcesReplacement: [{ path: 'variable_name' }],
      source: 'integrations/terraform-provider-github v6.9.0 github/resource_github_actions_variable.go (value and repository update in place)',
    },
  ],
  cloudflare_api_token: [
    {
      provider: CLOUDFLARE,
      versions: '>=5.14.0 <5.15.0',
      forcesReplacement: [],
      source: 'cloudflare/terraform-provider-cloudflare v5.14.0 internal/services/api_token/ (no RequiresReplace; value only from Create)',
    },
  ],
  cloudflare_account_token: [
    {
      provider: CLOUDFLARE,
      versions: '>=5.14.0 <5.15.0',
      forcesReplacement: [{ path: 'account_id' }],
      source: 'cloudflare/terraform-provider-cloudflare v5.14.0 internal/services/account_token/schema.go (account_id RequiresReplace; value only from Create, no roll)',
    },
  ],
  github_actions_environment_secret: [
    {
      provider: GITHUB,
      versions: '>=6.9.0 <6.11.0',
      forcesReplacement: [{ path: 'repository' }, { path: 'environment' }, { path: 'secret_name' }, { path: 'encrypted_value' }, { path: 'plaintext_value' }],
      source: 'integrations/terraform-provider-github v6.9.0 github/resource_github_actions_environment_secret.go (no Update: every argument ForceNew; same 6.11 change as github_actions_secret, so the range ends there)',
    },
  ],
  github_repository_environment: [
    {
      provider: GITHUB,
      versions: '>=6.9.0 <6.10.0',
      forcesReplacement: [{ path: 'repository' }, { path: 'environment' }],
      source: 'integrations/terraform-provider-github v6.9.0 github/resource_github_repository_environment.go (reviewers, branch policy, bypass update in place)',
    },
  ],
  github_repository_environment_deployment_policy: [
    {
      provider: GITHUB,
      versions: '>=6.9.0 <6.10.0',
      forcesReplacement: [{ path: 'repository' }, { path: 'environment' }],
      source: 'integrations/terraform-provider-github v6.9.0 github/resource_github_repository_environment_deployment_policy.go (branch_pattern updates in place; set or unset forces replacement)',
    },
  ],
  cloudflare_r2_bucket: [
    {
      provider: CLOUDFLARE,
      versions: '>=5.14.0 <5.15.0',
      forcesReplacement: [{ path: 'name' }, { path: 'account_id' }, { path: 'location' }],
      source: 'cloudflare/terraform-provider-cloudflare v5.14.0 internal/services/r2_bucket/schema.go (RequiresReplace; location when configured)',
    },
  ],
  github_actions_environment_variable: [
    {
      provider: GITHUB,
      versions: '>=6.9.0 <6.10.0',
      forcesReplacement: [{ path: 'environment' }, { path: 'variable_name' }],
      source: 'integrations/terraform-provider-github v6.9.0 (f1cda3e0) github/resource_github_actions_environment_variable.go (environment, variable_name ForceNew; repository has no ForceNew and no CustomizeDiff until 6.11.0, so it updates in place; value updates in place via CreateOrUpdate)',
    },
  ],
};

/** An installed provider version that no entry of a type covers. */
export interface UncoveredType {
  readonly type: string;
  readonly provider: ProviderSource;
  /** The installed version, or undefined when the binding is not installed. */
  readonly version: string | undefined;
  /** The ranges the type's entries do cover. */
  readonly covered: readonly string[];
}

/** The table for `versions`: per type, the entry whose range covers its provider's version (pure). */
export function replacementTableFor(versions: ProviderVersions): { readonly table: ReplacementTable; readonly uncovered: readonly UncoveredType[] } {
  const table: Record<string, ReplacementEntry> = {};
  const uncovered: UncoveredType[] = [];
  for (const [type, entries] of Object.entries(REPLACEMENT_ENTRIES)) {
    const provider = entries[0].provider;
    const version = versions[provider];
    const entry = version === undefined ? undefined : entries.find((candidate) => satisfiesRange(version, candidate.versions));
    if (entry) table[type] = entry;
    else uncovered.push({ type, provider, version, covered: entries.map((candidate) => candidate.versions) });
  }
  return { table, uncovered };
}

/** The table in force: per resource type, the entry for its provider's version. */
export type ReplacementTable = Readonly<Record<string, ReplacementEntry>>;

const NUMERIC = /^\d+$/;

/**
 * The replacement-forcing attribute that a change at `location` (a path into the resource's
 * configured body) hits, or undefined when the change updates in place.
 */
export function replacementForcedBy(table: ReplacementTable, type: string, body: unknown, location: readonly string[]): string | undefined {
  const entry = table[type];
  if (!entry) return undefined;
  const attributes = location.filter((segment) => !NUMERIC.test(segment));
  for (const rule of entry.forcesReplacement) {
    if (rule.when && (typeof body !== 'object' || body === null || (body as Record<string, unknown>)[rule.when.attribute] !== rule.when.equals)) continue;
    const rulePath = rule.path.split('.');
    if (rulePath.every((segment, i) => attributes[i] === segment)) return rule.path;
  }
  return undefined;
}

/** Is `type` in the table (so an in-place prediction for it is sourced, not assumed)? */
export function isTabulated(table: ReplacementTable, type: string): boolean {
  return type in table;
}
