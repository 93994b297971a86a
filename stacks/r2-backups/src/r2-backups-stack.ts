/**
 * `r2-backups-<env>`: the R2 bucket of one environment's Ghost nightly backup, the account-owned,
 * bucket-scoped credential the Aembit proxy hands out just in time (ghost-r2-backup-jit-credentials.txt),
 * and its delivery: the GitHub Actions environment secrets of that environment. The stack that
 * creates the credential delivers it, so no other stack reads this stack's state.
 */
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { GithubProvider } from '@cdktf/provider-github/lib/provider';
import { CREDENTIAL_SLOTS, CredentialSlot, EnvironmentConfig, OVERRIDE_VARIABLES } from '@raxx/config';
import { GithubCredentialEnvironment, RaxxStack, declareOutOfBandConsumers, parseRepository } from '@raxx/constructs';
import { Construct } from 'constructs';
import { aembitConsumer } from './aembit-consumer';
import { GhostBackupBucket } from './ghost-backup-bucket';
import { R2BackupToken } from './r2-backup-token';
import { R2PermissionGroups } from './r2-permission-groups';

/** Name of the stack of one environment (`r2-backups-<env>`). */
export function r2BackupsStackName(environment: EnvironmentConfig): string {
  return `r2-backups-${environment.name}`;
}

/**
 * Names of the GitHub environment secrets that carry the credential (the same in every environment),
 * before the slot suffix: slot `a` is `R2_BACKUP_ACCESS_KEY_ID_A`, slot `b` `R2_BACKUP_ACCESS_KEY_ID_B`.
 */
export const R2_BACKUP_SECRET_NAMES = { accessKeyId: 'R2_BACKUP_ACCESS_KEY_ID', secretAccessKey: 'R2_BACKUP_SECRET_ACCESS_KEY' } as const;

/**
 * GitHub environment variable naming the active slot (`A` or `B`). A workflow reads the credential
 * through it, so switching slots updates one variable in place instead of replacing secrets:
 * `secrets[format('R2_BACKUP_ACCESS_KEY_ID_{0}', vars.R2_BACKUP_ACTIVE_SLOT)]`.
 */
export const R2_BACKUP_ACTIVE_SLOT_VARIABLE = 'R2_BACKUP_ACTIVE_SLOT';

/** The secret name of one slot (`R2_BACKUP_ACCESS_KEY_ID_A`). */
export function slotSecretName(base: string, slot: CredentialSlot): string {
  return `${base}_${slot.toUpperCase()}`;
}

/** Props of {@link R2BackupsStack}. */
export interface R2BackupsStackProps {
  /** The environment of the bucket and token; one stack per environment. */
  readonly environment: EnvironmentConfig;
  /** Cloudflare account of the bucket and owner of the token (32 hex characters). */
  readonly cloudflareAccountId: string;
  /** Repository of the Ghost backup job (owner/name): its environment receives the credential. */
  readonly ghostRepository: string;
  /** Terraform Cloud organization. @default - local backend */
  readonly terraformCloudOrganization?: string;
}

/** What other stacks may take from this one: known at synthesis, so taking it reads no state. */
export interface R2BackupsPublished {
  /** Name of the bucket (`ghost-backups-<env>`). */
  readonly bucketName: string;
}

const CLOUDFLARE_ACCOUNT_ID = /^[0-9a-f]{32}$/;

/** One bucket, lifecycle, account token and GitHub environment, for one environment. */
export class R2BackupsStack extends RaxxStack {
  /** Plain values for other stacks (never tokens). */
  public readonly published: R2BackupsPublished;
  /** The bucket and its lifecycle. */
  public readonly backupBucket: GhostBackupBucket;
  /** The account token and its S3-style credential. */
  public readonly backupToken: R2BackupToken;
  /** The GitHub Actions environment that receives the credential. */
  public readonly githubEnvironment: GithubCredentialEnvironment;

  constructor(scope: Construct, props: R2BackupsStackProps) {
    super(scope, r2BackupsStackName(props.environment), { terraformCloudOrganization: props.terraformCloudOrganization });
    if (!CLOUDFLARE_ACCOUNT_ID.test(props.cloudflareAccountId)) {
      throw new Error(`R2BackupsStack: cloudflareAccountId must be 32 lowercase hex characters, got "${props.cloudflareAccountId}"`);
    }
    const { environment } = props;
    const env = environment.name;
    const ghost = parseRepository(props.ghostRepository);

    // No credentials in configuration: the Cloudflare provider reads CLOUDFLARE_API_TOKEN at plan time
    // (it needs "Workers R2 Storage Write" and "Account API Tokens Write" on this account), the GitHub
    // provider reads GITHUB_TOKEN (it needs admin on the repository to manage its environments).
    new CloudflareProvider(this, 'cloudflare', {});
    new GithubProvider(this, 'github', { owner: ghost.owner });

    const permissionGroups = new R2PermissionGroups(this, 'r2-permission-groups', { cloudflareAccountId: props.cloudflareAccountId });
    this.backupBucket = new GhostBackupBucket(this, `ghost-backups-${env}`, {
      environmentName: env,
      cloudflareAccountId: props.cloudflareAccountId,
      ghostBackup: environment.ghostBackup,
    });
    this.backupToken = new R2BackupToken(this, `r2-backup-token-${env}`, {
      environmentName: env,
      cloudflareAccountId: props.cloudflareAccountId,
      bucket: this.backupBucket.bucket,
      permissionGroups,
      credential: environment.credentials.r2BackupToken,
      slotsVariable: OVERRIDE_VARIABLES.credentialSlots(env, 'r2BackupToken'),
    });

    // Every existing slot is delivered under its own secret names, and one variable says which slot is
    // active: a switch creates the new slot's secrets and updates the variable in place; deleting the
    // old slot deletes its secrets. (A GitHub secret cannot be updated, only replaced.)
    const secrets: Record<string, string> = {};
    for (const slot of CREDENTIAL_SLOTS) {
      const resources = this.backupToken.slots.slot(slot);
      if (!resources) continue;
      secrets[slotSecretName(R2_BACKUP_SECRET_NAMES.accessKeyId, slot)] = resources.accessKeyId;
      secrets[slotSecretName(R2_BACKUP_SECRET_NAMES.secretAccessKey, slot)] = resources.secretAccessKey;
    }

    const { githubEnvironment } = environment;
    this.githubEnvironment = new GithubCredentialEnvironment(this, 'github-environment', {
      repository: ghost.name,
      environmentName: githubEnvironment.name,
      protection: githubEnvironment.protected
        ? { deploymentBranches: githubEnvironment.deploymentBranches, reviewers: githubEnvironment.reviewers }
        : undefined,
      secrets,
      variables: { [R2_BACKUP_ACTIVE_SLOT_VARIABLE]: this.backupToken.slots.slots.active.toUpperCase() },
    });

    // Aembit holds the key outside Terraform: the rotation runbook gets a step for it.
    declareOutOfBandConsumers(this.backupToken.token, [
      aembitConsumer({
        environmentName: env,
        aembit: environment.ghostBackup.aembit,
        bucketName: environment.ghostBackup.bucket,
        cloudflareAccountId: props.cloudflareAccountId,
        outputs: this.backupToken.outputNames,
      }),
    ]);

    this.published = { bucketName: environment.ghostBackup.bucket };
  }
}
