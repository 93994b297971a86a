/**
 * The R2 bucket of one environment's nightly Ghost backup and its lifecycle
 * (ghost-r2-backup-jit-credentials.txt: `rclone sync /var/mnt/storage "r2:$BACKUP_BUCKET"`).
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
  /** Bucket name and multipart-upload clean-up (`ghostBackup` of the environment). */
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
    const { bucket: bucketName, abortMultipartDays } = props.ghostBackup;
    requirePositiveDays('ghostBackup.abortMultipartDays', abortMultipartDays);

    this.bucket = new R2Bucket(this, 'bucket', { accountId: props.cloudflareAccountId, name: bucketName });
    this.bucket.overrideLogicalId(`ghost_backups_${env}`);

    // The layout is the seed's (ghost-r2-backup-jit-credentials.txt, "Backup Script Update"):
    // `rclone sync /var/mnt/storage "r2:$BACKUP_BUCKET"` mirrors the storage to the bucket root, with
    // no `--backup-dir`, so the bucket holds one live mirror and no superseded copies (rclone sync
    // deletes what the source no longer has). There is therefore no age rule: R2 measures ages from
    // each object's upload and rclone does not re-upload unchanged files, so any age rule on the
    // mirror would delete live backup data, and a rule on a `previous/` prefix the script never writes
    // would never match. The one rule aborts the incomplete multipart uploads an interrupted sync
    // leaves (they are not objects, so this deletes no backup data). Keeping dated copies would need
    // the script to change first (e.g. `--backup-dir` into a prefix excluded from the sync), and then
    // an expiry rule on that prefix here.
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
