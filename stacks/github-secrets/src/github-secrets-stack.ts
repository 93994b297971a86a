import { GithubProvider } from '@cdktf/provider-github/lib/provider';
import type { EnvironmentName, PlatformConfig } from '@raxx/config';
import { RaxxStack } from '@raxx/constructs';
import { Construct } from 'constructs';
import { actionsVariable } from './actions-values';
import { parseRepository, perEnvironmentName } from './repository';

/** The ECS roles of one PazPaz environment (published by `pazpaz-<env>`). */
export interface PazpazRolesRef {
  readonly executionRoleArn: string;
  readonly taskRoleArn: string;
}

/**
 * Props of the `github-secrets` stack: the identifiers other stacks publish, as plain values known at
 * synthesis (each stack's `published`), never references.
 */
export interface GithubSecretsStackProps {
  /** Repositories and the Cloudflare account. */
  readonly config: PlatformConfig;
  /** R2 backup bucket per environment, from `r2-backups-<env>`. */
  readonly r2BackupBuckets: Readonly<Record<EnvironmentName, string>>;
  /** Tomoda assets bucket per environment, from `tomoda-<env>`. */
  readonly tomodaBuckets: Readonly<Record<EnvironmentName, string>>;
  /** PazPaz role ARNs per environment, from `pazpaz-<env>`. */
  readonly pazpazRoles: Readonly<Record<EnvironmentName, PazpazRolesRef>>;
  /** ARN of the FreeScout backup OIDC role, from `freescout-backup`. @default - the OIDC path is off */
  readonly freescoutOidcRoleArn?: string;
  /** @default - local backend */
  readonly terraformCloudOrganization?: string;
}

/**
 * `github-secrets`: the GitHub Actions repository variables of the repositories that consume what the
 * other stacks own. Only identifiers (bucket names, role ARNs, the Cloudflare account), all known at
 * synthesis from `packages/config` through each stack's `published` values: this stack reads no
 * other stack's state, so its own state holds no copy of anyone's key material.
 *
 * Credentials are not here: the stack that creates a credential writes it as a GitHub environment
 * secret itself (the R2 keys: `r2-backups-<env>`), so a rotation is one apply of one stack. The stack
 * keeps its name (renaming it would move its state) although it no longer manages secrets.
 *
 * Deliberately absent: `AWS_BACKUP_ACCESS_KEY_ID` / `AWS_BACKUP_SECRET_ACCESS_KEY` of
 * raxx-app/TradeMasterAPI. freescout-backup-iam-runbook.txt keeps that key out of Terraform state
 * ("Key generation is a deliberate manual step so the key material is never in Terraform state"),
 * so its secrets are set by hand with `gh secret set` (see `rotate --target freescout_backup_key`).
 */
export class GithubSecretsStack extends RaxxStack {
  constructor(scope: Construct, props: GithubSecretsStackProps) {
    super(scope, 'github-secrets', { terraformCloudOrganization: props.terraformCloudOrganization });
    const { config } = props;
    const ghost = parseRepository(config.ghostRepository);
    const owners = new Set([ghost.owner, parseRepository(config.freescout.repository).owner]);
    const environments = Object.values(config.environments);
    for (const env of environments) {
      owners.add(parseRepository(env.tomoda.repository).owner);
      owners.add(parseRepository(env.pazpaz.repository).owner);
    }
    if (owners.size !== 1) {
      throw new Error(`github-secrets: every repository must belong to one owner, found ${[...owners].sort().join(', ')}`);
    }
    // Credentials come from GITHUB_TOKEN at plan time; configuration holds no secret.
    new GithubProvider(this, 'github', { owner: ghost.owner });

    // Ghost nightly backup (ghost-r2-backup-jit-credentials.txt): where the backup goes. Its R2 key is
    // an environment secret written by r2-backups-<env>.
    actionsVariable(this, { repository: ghost.name, name: 'CLOUDFLARE_ACCOUNT_ID', value: config.cloudflareAccountId });
    for (const env of environments) {
      actionsVariable(this, { repository: ghost.name, name: perEnvironmentName('R2_BACKUP_BUCKET', env.name), value: props.r2BackupBuckets[env.name] });
    }

    // Tomoda and PazPaz deploy workflows: identifiers only (their credentials are roles or ESO-projected).
    for (const env of environments) {
      const tomoda = parseRepository(env.tomoda.repository);
      actionsVariable(this, {
        repository: tomoda.name,
        name: perEnvironmentName('TOMODA_ASSETS_BUCKET', env.name),
        value: props.tomodaBuckets[env.name],
      });
      const pazpaz = parseRepository(env.pazpaz.repository);
      const roles = props.pazpazRoles[env.name];
      actionsVariable(this, {
        repository: pazpaz.name,
        name: perEnvironmentName('PAZPAZ_TASK_EXECUTION_ROLE_ARN', env.name),
        value: roles.executionRoleArn,
      });
      actionsVariable(this, {
        repository: pazpaz.name,
        name: perEnvironmentName('PAZPAZ_BACKEND_TASK_ROLE_ARN', env.name),
        value: roles.taskRoleArn,
      });
    }

    // FreeScout backup, long-term path (OIDC): the role the workflow assumes. Only when enabled.
    if (props.freescoutOidcRoleArn) {
      actionsVariable(this, {
        repository: parseRepository(config.freescout.repository).name,
        name: 'AWS_BACKUP_ROLE_ARN',
        value: props.freescoutOidcRoleArn,
      });
    }
  }
}
