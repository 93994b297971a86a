/**
 * The R2 bucket of one environment's nightly Ghost backup and its lifecycle
 * (ghost-r2-backup-jit-credentials.txt: `rclone sync /var/mnt/storage r2:ghost-backups-dev/`).
 */
import { R2Bucket } from '@cdktf/provider-cloudflare/lib/r2-bucket';
import { R2BucketLifecycle } from '@cdktf/provider-cloudflare/lib/r2-bucket-lifecycle';
import { EnvironmentName, GhostBackupConfig } from '@raxx/config';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';

/** R2 lifecycle ages are in seconds. */
const SECONDS_PER_DAY = 86_400;

/** Props of {@link GhostBackupBucket}. */
export interface GhostBackupBucketProps {
  /** Environment the bucket belongs to; suffix of every logical name. */
  readonly environmentName: EnvironmentName;
  /** Cloudflare account that holds the bucket. */
  readonly cloudflareAccountId: string;
  /** Bucket name and lifecycle (`ghostBackup` of the environment). */
  readonly ghostBackup: GhostBackupConfig;
}

function requirePositiveDays(prop: string, days: number): number {
  if (!Number.isInteger(days) || days < 1) throw new Error(`GhostBackupBucket: ${prop} must be a whole number of days >= 1, got ${days}`);
  return days;
}

/** `cloudflare_r2_bucket.ghost_backups_<env>`, its lifecycle and the `r2_bucket_<env>` output. */
export class GhostBackupBucket extends Construct {
  /** `cloudflare_r2_bucket.ghost_backups_<env>`. */
  public readonly bucket: R2Bucket;
  /** `cloudflare_r2_bucket_lifecycle.ghost_backups_<env>`. */
  public readonly lifecycle: R2BucketLifecycle;

  constructor(scope: Construct, id: string, props: GhostBackupBucketProps) {
    super(scope, id);
    const env = props.environmentName;
    const { bucket: bucketName, expiryDays, expiryPrefix, abortMultipartDays } = props.ghostBackup;
    if (!/^[a-z0-9][a-z0-9._/-]*\/$/.test(expiryPrefix)) {
      throw new Error(`GhostBackupBucket: ghostBackup.expiryPrefix must be a non-empty prefix ending in "/", got "${expiryPrefix}"`);
    }
    requirePositiveDays('ghostBackup.expiryDays', expiryDays);
    requirePositiveDays('ghostBackup.abortMultipartDays', abortMultipartDays);

    this.bucket = new R2Bucket(this, 'bucket', { accountId: props.cloudflareAccountId, name: bucketName });
    this.bucket.overrideLogicalId(`ghost_backups_${env}`);

    // Ages are measured from each object's upload, and `rclone sync` does not re-upload unchanged files:
    // an age rule over the whole bucket would delete live backup data. So only the superseded copies
    // that `rclone sync --backup-dir` moves under `expiryPrefix` expire; the mirror itself never does.
    this.lifecycle = new R2BucketLifecycle(this, 'lifecycle', {
      accountId: props.cloudflareAccountId,
      bucketName: this.bucket.name,
      rules: [
        {
          id: 'abort-incomplete-multipart-uploads',
          enabled: true,
          conditions: { prefix: '' },
          abortMultipartUploadsTransition: { condition: { type: 'Age', maxAge: abortMultipartDays * SECONDS_PER_DAY } },
        },
        {
          id: 'expire-superseded-backups',
          enabled: true,
          conditions: { prefix: expiryPrefix },
          deleteObjectsTransition: { condition: { type: 'Age', maxAge: expiryDays * SECONDS_PER_DAY } },
        },
      ],
    });
    this.lifecycle.overrideLogicalId(`ghost_backups_${env}`);

    const output = new TerraformOutput(this, 'bucket-output', {
      value: this.bucket.name,
      description: `R2 bucket of the ${env} Ghost nightly backup (BACKUP_BUCKET of ghost-backup.sh).`,
    });
    output.overrideLogicalId(`r2_bucket_${env}`);
  }
}
