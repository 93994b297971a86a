/**
 * `r2-backups`: the R2 buckets of the Ghost nightly backup and the bucket-scoped credentials the
 * Aembit proxy hands out just in time (ghost-r2-backup-jit-credentials.txt).
 */
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { EnvironmentConfig, EnvironmentName } from '@raxx/config';
import { RaxxStack } from '@raxx/constructs';
import { Construct } from 'constructs';
import { GhostBackupBucket } from './ghost-backup-bucket';
import { R2BackupToken } from './r2-backup-token';
import { R2PermissionGroups } from './r2-permission-groups';

/** Name of the stack. */
export const R2_BACKUPS_STACK_NAME = 'r2-backups';

/** The S3-style credential of one environment's backup bucket (tokens, for cross-stack references). */
export interface R2BackupCredentials {
  /** Name of the bucket. */
  readonly bucketName: string;
  /** R2 access key id (the API token's id). */
  readonly accessKeyId: string;
  /** R2 secret access key (SHA-256 of the API token's value). */
  readonly secretAccessKey: string;
}

/** Props of {@link R2BackupsStack}. */
export interface R2BackupsStackProps {
  /** Environments that get a backup bucket and token; names must be unique. */
  readonly environments: readonly EnvironmentConfig[];
  /** Cloudflare account of the buckets (32 hex characters). */
  readonly cloudflareAccountId: string;
  /** Terraform Cloud organization. @default - local backend */
  readonly terraformCloudOrganization?: string;
}

const CLOUDFLARE_ACCOUNT_ID = /^[0-9a-f]{32}$/;

/** One bucket, lifecycle and token per environment, in one Cloudflare account. */
export class R2BackupsStack extends RaxxStack {
  /** Per environment: bucket name and R2 credentials (tokens). */
  public readonly backups: Readonly<Record<EnvironmentName, R2BackupCredentials>>;

  constructor(scope: Construct, props: R2BackupsStackProps) {
    super(scope, R2_BACKUPS_STACK_NAME, { terraformCloudOrganization: props.terraformCloudOrganization });
    if (!CLOUDFLARE_ACCOUNT_ID.test(props.cloudflareAccountId)) {
      throw new Error(`R2BackupsStack: cloudflareAccountId must be 32 lowercase hex characters, got "${props.cloudflareAccountId}"`);
    }
    if (props.environments.length === 0) throw new Error('R2BackupsStack: environments must not be empty');
    const names = props.environments.map((e) => e.name);
    const duplicate = names.find((name, i) => names.indexOf(name) !== i);
    if (duplicate) throw new Error(`R2BackupsStack: environments lists "${duplicate}" twice`);

    // No credentials in configuration: the provider reads CLOUDFLARE_API_TOKEN at plan time. That token
    // needs R2 bucket edit and API Tokens write, since cloudflare_api_token creates user-owned tokens.
    new CloudflareProvider(this, 'cloudflare', {});

    const permissionGroups = new R2PermissionGroups(this, 'r2-permission-groups');

    const backups: Partial<Record<EnvironmentName, R2BackupCredentials>> = {};
    for (const environment of props.environments) {
      const env = environment.name;
      const { bucket } = new GhostBackupBucket(this, `ghost-backups-${env}`, {
        environmentName: env,
        cloudflareAccountId: props.cloudflareAccountId,
        ghostBackup: environment.ghostBackup,
      });
      const token = new R2BackupToken(this, `r2-backup-token-${env}`, {
        environmentName: env,
        cloudflareAccountId: props.cloudflareAccountId,
        bucket,
        permissionGroups,
      });
      backups[env] = { bucketName: bucket.name, accessKeyId: token.accessKeyId, secretAccessKey: token.secretAccessKey };
    }
    this.backups = backups as Record<EnvironmentName, R2BackupCredentials>;
  }
}
