/**
 * The workspace variables each provider needs in Terraform Cloud, by NAME. Values are set outside the
 * code (the workspace's Variables page, or the API); sensitive ones are declared here without a value
 * and Terraform never reads them back. A provider missing here stops the synthesis: a workspace
 * whose provider has no credentials would fail every run.
 */

/** One environment variable of a workspace. */
export interface ProviderVariable {
  readonly key: string;
  /** Key material: write-only in Terraform Cloud. */
  readonly sensitive: boolean;
  /** A value that is configuration, not a secret; omitted, it is set outside the code. */
  readonly value?: string;
  readonly description: string;
}

/** Variables per provider type. */
export const PROVIDER_VARIABLES: Readonly<Record<string, readonly ProviderVariable[]>> = {
  // HCP Terraform dynamic provider credentials: a short-lived role session per run, no stored AWS key.
  aws: [
    { key: 'TFC_AWS_PROVIDER_AUTH', sensitive: false, value: 'true', description: 'AWS dynamic provider credentials (OIDC): no static AWS key in the workspace' },
    { key: 'TFC_AWS_RUN_ROLE_ARN', sensitive: false, description: "ARN of the IAM role this workspace's runs assume (trusts the Terraform Cloud OIDC provider); set outside the code" },
  ],
  // The agent's host holds ~/.kube/config with the context the stack names (packages/config kubeContext).
  kubernetes: [],
  cloudflare: [{ key: 'CLOUDFLARE_API_TOKEN', sensitive: true, description: 'Cloudflare API token that may manage R2 buckets and tokens; set outside the code' }],
  github: [{ key: 'GITHUB_TOKEN', sensitive: true, description: 'GitHub token that may write Actions secrets and variables of the repositories; set outside the code' }],
};

/** The variables a stack with `providers` needs; throws on a provider without an entry. */
export function variablesFor(stack: string, providers: readonly string[]): ProviderVariable[] {
  return providers.flatMap((provider) => {
    const variables = PROVIDER_VARIABLES[provider];
    if (!variables) throw new Error(`stack ${stack} uses provider "${provider}", which has no entry in PROVIDER_VARIABLES (stacks/terraform-cloud/src/provider-variables.ts)`);
    return variables;
  });
}
