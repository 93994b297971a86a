import { FreescoutConfig } from '@raxx/config';
import { PolicyStatementJson, statement } from '@raxx/constructs';

/**
 * The permissions of the FreeScout backup, as the "IAM policy reference" table of
 * freescout-backup-iam-runbook.txt lists them: its six Sids, in its order.
 *
 * One list for every identity that runs the backup: the IAM user of the runbook and, when opted in,
 * the GitHub Actions OIDC role of its long-term path. Both must be able to do exactly the same.
 */
export function freescoutBackupStatements(config: FreescoutConfig): PolicyStatementJson[] {
  const { awsAccountId, awsRegion, bucket, backupPrefix, ssmParameterPath } = config;
  const bucketArn = `arn:aws:s3:::${bucket}`;
  return [
    statement({
      sid: 'SSMReadFreescout',
      actions: ['ssm:GetParameter'],
      resources: [`arn:aws:ssm:${awsRegion}:${awsAccountId}:parameter${ssmParameterPath}/*`],
    }),
    statement({
      sid: 'S3BackupWrite',
      // The seed's table also lists HeadObject. It is not an IAM action: a HEAD Object request is
      // authorized by s3:GetObject, so it is left out (freescout-backup-iam-runbook.txt, S3BackupWrite).
      actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
      resources: [`${bucketArn}/${backupPrefix}/*`],
    }),
    statement({
      sid: 'S3BackupBucket',
      // Kept as the seed wrote it ("with prefix condition", freescout-backup-iam-runbook.txt,
      // S3BackupBucket). Only ListBucket requests carry the s3:prefix key: GetBucketLocation and
      // CreateBucket requests never do, so under this condition they are effectively denied. That is
      // the least-privilege outcome (the workflow neither needs the bucket's region nor creates it).
      actions: ['s3:ListBucket', 's3:GetBucketLocation', 's3:CreateBucket'],
      resources: [bucketArn],
      conditions: { StringLike: { 's3:prefix': `${backupPrefix}/*` } },
    }),
    statement({
      sid: 'S3HeadBucket',
      actions: ['s3:ListAllMyBuckets'],
      resources: ['*'],
    }),
    statement({
      sid: 'KMSBackup',
      actions: ['kms:GenerateDataKey', 'kms:Decrypt', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'kms:ViaService': `s3.${awsRegion}.amazonaws.com` } },
    }),
    statement({
      sid: 'LightsailSnapshotManage',
      actions: ['lightsail:CreateInstanceSnapshot', 'lightsail:GetInstanceSnapshots', 'lightsail:DeleteInstanceSnapshot'],
      resources: ['*'],
    }),
  ];
}
