import type { EnvironmentName, PlatformConfig } from '@raxx/config';
import { ENVIRONMENT_NAMES } from '@raxx/config';
import { FreescoutBackupStack } from '@raxx/stack-freescout-backup';
import { GithubSecretsStack } from '@raxx/stack-github-secrets';
import { PazpazStack } from '@raxx/stack-pazpaz';
import { R2BackupsStack } from '@raxx/stack-r2-backups';
import { TomodaStack } from '@raxx/stack-tomoda';
import { TerraformCloudStack } from '@raxx/stack-terraform-cloud';
import { App } from 'cdktf';

/** Every stack of the monorepo, by the name users type with `cdktf deploy <stack>`. */
export interface RaxxStacks {
  readonly freescoutBackup: FreescoutBackupStack;
  readonly tomoda: Readonly<Record<EnvironmentName, TomodaStack>>;
  readonly pazpaz: Readonly<Record<EnvironmentName, PazpazStack>>;
  readonly r2Backups: R2BackupsStack;
  readonly githubSecrets: GithubSecretsStack;
}

function perEnvironment<T>(make: (env: EnvironmentName) => T): Record<EnvironmentName, T> {
  return Object.fromEntries(ENVIRONMENT_NAMES.map((env) => [env, make(env)])) as Record<EnvironmentName, T>;
}

/**
 * Adds every stack, for every environment, to `app`. One app, so the github-secrets stack can take
 * the other stacks' values by cdktf cross-stack reference (never copied values).
 */
export function addRaxxStacks(app: App, config: PlatformConfig): RaxxStacks {
  const terraformCloudOrganization = config.terraformCloudOrganization;
  const freescoutBackup = new FreescoutBackupStack(app, { config: config.freescout, terraformCloudOrganization });
  const tomoda = perEnvironment((env) => new TomodaStack(app, { environment: config.environments[env], terraformCloudOrganization }));
  const pazpaz = perEnvironment((env) => new PazpazStack(app, { environment: config.environments[env], terraformCloudOrganization }));
  const r2Backups = new R2BackupsStack(app, {
    environments: ENVIRONMENT_NAMES.map((env) => config.environments[env]),
    cloudflareAccountId: config.cloudflareAccountId,
    terraformCloudOrganization,
  });
  const githubSecrets = new GithubSecretsStack(app, {
    config,
    r2Backups: r2Backups.backups,
    tomodaBuckets: perEnvironment((env) => tomoda[env].bucketName),
    pazpazRoles: perEnvironment((env) => ({ executionRoleArn: pazpaz[env].executionRoleArn, taskRoleArn: pazpaz[env].taskRoleArn })),
    freescoutOidcRoleArn: freescoutBackup.oidcRoleArn,
    terraformCloudOrganization,
  });
  if (config.terraformCloud) new TerraformCloudStack(app, { config: config.terraformCloud }); // last: it reads the others' cross-stack references
  return { freescoutBackup, tomoda, pazpaz, r2Backups, githubSecrets };
}
