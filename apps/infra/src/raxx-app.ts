import type { EnvironmentName, PlatformConfig } from '@raxx/config';
import { ENVIRONMENT_NAMES } from '@raxx/config';
import { FreescoutBackupStack } from '@raxx/stack-freescout-backup';
import { GithubSecretsStack } from '@raxx/stack-github-secrets';
import { PazpazStack } from '@raxx/stack-pazpaz';
import { R2BackupsStack } from '@raxx/stack-r2-backups';
import { TomodaStack } from '@raxx/stack-tomoda';
import type { TerraformCloudStack } from '@raxx/stack-terraform-cloud';
import { App } from 'cdktf';

/** Every stack of the monorepo, by the name users type with `cdktf deploy <stack>`. */
export interface RaxxStacks {
  readonly freescoutBackup: FreescoutBackupStack;
  readonly tomoda: Readonly<Record<EnvironmentName, TomodaStack>>;
  readonly pazpaz: Readonly<Record<EnvironmentName, PazpazStack>>;
  readonly r2Backups: Readonly<Record<EnvironmentName, R2BackupsStack>>;
  readonly githubSecrets: GithubSecretsStack;
}

function perEnvironment<T>(make: (env: EnvironmentName) => T): Record<EnvironmentName, T> {
  return Object.fromEntries(ENVIRONMENT_NAMES.map((env) => [env, make(env)])) as Record<EnvironmentName, T>;
}

/**
 * Adds every stack, for every environment, to `app`. No stack reads another's state: a stack that
 * creates a credential delivers it itself, and github-secrets takes only the identifiers the other
 * stacks publish as plain values (no cdktf cross-stack reference, so no `terraform_remote_state`).
 */
export function addRaxxStacks(app: App, config: PlatformConfig): RaxxStacks {
  const terraformCloudOrganization = config.terraformCloudOrganization;
  const freescoutBackup = new FreescoutBackupStack(app, { config: config.freescout, terraformCloudOrganization });
  const tomoda = perEnvironment((env) => new TomodaStack(app, { environment: config.environments[env], terraformCloudOrganization }));
  const pazpaz = perEnvironment((env) => new PazpazStack(app, { environment: config.environments[env], terraformCloudOrganization }));
  const r2Backups = perEnvironment(
    (env) =>
      new R2BackupsStack(app, {
        environment: config.environments[env],
        cloudflareAccountId: config.cloudflareAccountId,
        ghostRepository: config.ghostRepository,
        terraformCloudOrganization,
      }),
  );
  const githubSecrets = new GithubSecretsStack(app, {
    config,
    r2BackupBuckets: perEnvironment((env) => r2Backups[env].published.bucketName),
    tomodaBuckets: perEnvironment((env) => tomoda[env].published.assetsBucket),
    pazpazRoles: perEnvironment((env) => pazpaz[env].published),
    freescoutOidcRoleArn: freescoutBackup.published.oidcRoleArn,
    terraformCloudOrganization,
  });
  if (config.terraformCloud) {
    // Loaded only in Terraform Cloud mode: the tfe provider bindings cost every local synthesis ~25 ms otherwise.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { TerraformCloudStack: Stack } = require('@raxx/stack-terraform-cloud') as { TerraformCloudStack: typeof TerraformCloudStack };
    new Stack(app, { config: config.terraformCloud }); // last: it reads the others' cross-stack references
  }
  return { freescoutBackup, tomoda, pazpaz, r2Backups, githubSecrets };
}
