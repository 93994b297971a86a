/**
 * The access sentences of freescout-backup-iam-runbook.txt, names read from the stack's public
 * attributes (its configuration, user and role).
 */
import { terraformAddress } from '@raxx/constructs';
import type { AccessSentence, AssumeCheck, Expectation } from '@raxx/policy-proof';
import { ADMINISTRATOR, allowed, denied, secretArn } from '@raxx/policy-proof';
import type { FreescoutBackupStack } from '@raxx/stack-freescout-backup';
import { BACKUP_IAM_PATH } from '@raxx/stack-freescout-backup';

/** The seed the sentences come from. */
export const FREESCOUT_SEED = 'freescout-backup-iam-runbook.txt';

/** freescout-backup-iam-runbook.txt: the backup user and, when opted in, the GitHub Actions role. */
export function freescoutSentences(freescout: FreescoutBackupStack): AccessSentence[] {
  const f = freescout.config;
  const stack = freescout.stackName;
  const seed = FREESCOUT_SEED;
  const { awsAccountId: account, awsRegion: region } = f;
  const bucketArn = `arn:aws:s3:::${f.bucket}`;
  const backup = `${bucketArn}/${f.backupPrefix}/freescout-2026-05-17.sql.gz`;
  const parameter = (name: string) => `arn:aws:ssm:${region}:${account}:parameter${name}`;
  const kmsKey = `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const instance = `arn:aws:lightsail:${region}:${account}:Instance/raxx-tickets-0a1b2c3d`;
  const snapshot = `arn:aws:lightsail:${region}:${account}:InstanceSnapshot/raxx-tickets-2026-05-17`;
  const permissions = (principal: string, who: string): AccessSentence[] => {
    const at = { seed, stack, principal };
    return [
      {
        ...at,
        text: `${who}: Read SSM parameters /raxx/freescout/db_password and /raxx/freescout/ssh_key`,
        checks: [
          allowed('ssm:GetParameter', parameter(`${f.ssmParameterPath}/db_password`), 'SSMReadFreescout'),
          allowed('ssm:GetParameter', parameter(`${f.ssmParameterPath}/ssh_key`), 'SSMReadFreescout'),
        ],
      },
      {
        ...at,
        text: `${who}: SSMReadFreescout is ssm:GetParameter on /raxx/freescout/* parameters only`,
        checks: [
          denied('ssm:GetParameter', parameter('/raxx/other-service/db_password')),
          denied('ssm:PutParameter', parameter(`${f.ssmParameterPath}/db_password`)),
          denied('ssm:DeleteParameter', parameter(`${f.ssmParameterPath}/db_password`)),
        ],
      },
      {
        ...at,
        text: `${who}: Upload mysqldump output to s3://raxx-support-attachments/db-backups/freescout/`,
        checks: [allowed('s3:PutObject', backup, 'S3BackupWrite')],
      },
      {
        ...at,
        // HeadObject is not an IAM action: a HEAD Object request is authorized by s3:GetObject.
        text: `${who}: S3BackupWrite is PutObject, GetObject, HeadObject, DeleteObject on raxx-support-attachments/db-backups/freescout/* only`,
        checks: [
          allowed('s3:GetObject', backup, 'S3BackupWrite'),
          allowed('s3:DeleteObject', backup, 'S3BackupWrite'),
          denied('s3:PutObject', `${bucketArn}/db-backups/other/dump.sql.gz`),
          denied('s3:GetObject', `${bucketArn}/attachments/ticket-1/file.pdf`),
          denied('s3:DeleteObject', `${bucketArn}/attachments/ticket-1/file.pdf`),
          denied('s3:PutObject', 'arn:aws:s3:::another-bucket/db-backups/freescout/dump.sql.gz'),
        ],
      },
      {
        ...at,
        text: `${who}: S3BackupBucket lists raxx-support-attachments only with the db-backups/freescout/ prefix condition`,
        checks: [
          allowed('s3:ListBucket', bucketArn, 'S3BackupBucket', { 's3:prefix': `${f.backupPrefix}/` }),
          allowed('s3:ListBucket', bucketArn, 'S3BackupBucket', { 's3:prefix': `${f.backupPrefix}/2026-05` }),
          denied('s3:ListBucket', bucketArn),
          denied('s3:ListBucket', bucketArn, { 's3:prefix': 'attachments/' }),
          denied('s3:ListBucket', 'arn:aws:s3:::another-bucket', { 's3:prefix': `${f.backupPrefix}/` }),
        ],
      },
      {
        ...at,
        // The seed lists these under the prefix condition, which their requests never carry
        // (stacks/freescout-backup/src/backup-statements.ts documents the outcome).
        text: `${who}: S3BackupBucket's GetBucketLocation and CreateBucket never carry s3:prefix, so the prefix condition denies them`,
        checks: [denied('s3:GetBucketLocation', bucketArn), denied('s3:CreateBucket', bucketArn)],
      },
      { ...at, text: `${who}: S3HeadBucket is ListAllMyBuckets on * (IAM-level, not bucket-level)`, checks: [allowed('s3:ListAllMyBuckets', '*', 'S3HeadBucket')] },
      {
        ...at,
        text: `${who}: The IAM policy uses kms:ViaService condition — the S3 service calls KMS on behalf of the IAM user`,
        checks: [
          allowed('kms:GenerateDataKey', kmsKey, 'KMSBackup', { 'kms:ViaService': `s3.${region}.amazonaws.com` }),
          allowed('kms:Decrypt', kmsKey, 'KMSBackup', { 'kms:ViaService': `s3.${region}.amazonaws.com` }),
          allowed('kms:DescribeKey', kmsKey, 'KMSBackup', { 'kms:ViaService': `s3.${region}.amazonaws.com` }),
          denied('kms:Decrypt', kmsKey),
          denied('kms:Decrypt', kmsKey, { 'kms:ViaService': `ssm.${region}.amazonaws.com` }),
          denied('kms:Decrypt', kmsKey, { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' }),
          denied('kms:Encrypt', kmsKey, { 'kms:ViaService': `s3.${region}.amazonaws.com` }),
        ],
      },
      {
        ...at,
        text: `${who}: Create and prune Lightsail instance snapshots for raxx-tickets`,
        checks: [
          allowed('lightsail:CreateInstanceSnapshot', instance, 'LightsailSnapshotManage'),
          allowed('lightsail:GetInstanceSnapshots', '*', 'LightsailSnapshotManage'),
          allowed('lightsail:DeleteInstanceSnapshot', snapshot, 'LightsailSnapshotManage'),
        ],
      },
      {
        ...at,
        text: `${who}: nothing else — no instance, bucket-policy, key-management, secret or IAM changes`,
        checks: [
          denied('lightsail:DeleteInstance', instance),
          denied('lightsail:StopInstance', instance),
          denied('s3:PutBucketPolicy', bucketArn),
          denied('s3:DeleteBucket', bucketArn),
          denied('kms:ScheduleKeyDeletion', kmsKey, { 'kms:ViaService': `s3.${region}.amazonaws.com` }),
          denied('secretsmanager:GetSecretValue', secretArn(region, account, 'raxx/freescout/db')),
          denied('iam:CreateAccessKey', `arn:aws:iam::${account}:user${BACKUP_IAM_PATH}${freescout.userName}`),
        ],
      },
    ];
  };
  const sentences = permissions(terraformAddress(freescout.backupUser.user), 'the backup user');
  const githubRole = freescout.githubRole;
  if (!githubRole) return sentences;

  const provider = `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com`;
  const token = (sub: string, aud = 'sts.amazonaws.com'): AssumeCheck['context'] => ({
    'token.actions.githubusercontent.com:sub': sub,
    'token.actions.githubusercontent.com:aud': aud,
  });
  const assume = (sub: string, expect: Expectation, aud?: string, principal = provider): AssumeCheck => ({
    kind: 'assume',
    principal,
    action: 'sts:AssumeRoleWithWebIdentity',
    context: token(sub, aud),
    expect,
  });
  const role = { seed, stack, principal: terraformAddress(githubRole.role) };
  const [owner, repo] = f.repository.split('/');
  const main = `repo:${f.repository}:ref:refs/heads/${f.branch}`;
  return [
    ...sentences,
    {
      ...role,
      text: `Migrating to GH Actions OIDC (role-to-assume): the ${f.branch} branch of ${f.repository} may assume the role`,
      checks: [assume(main, 'Allowed')],
    },
    {
      ...role,
      text: 'a fork, another branch, another repository, a pull request or another audience may not assume the role',
      checks: [
        assume(`repo:someone-else/${repo}:ref:refs/heads/${f.branch}`, 'Denied'),
        assume(`repo:${f.repository}:ref:refs/heads/feature-x`, 'Denied'),
        assume(`repo:${owner}/another-repo:ref:refs/heads/${f.branch}`, 'Denied'),
        assume(`repo:${f.repository}:pull_request`, 'Denied'),
        assume(`repo:${f.repository}:environment:production`, 'Denied'),
        assume(main, 'Denied', 'https://github.com/raxx-app'),
        assume(main, 'Denied', undefined, 'arn:aws:iam::444444444444:oidc-provider/token.actions.githubusercontent.com'),
      ],
    },
    {
      ...role,
      text: 'no IAM principal, not even an administrator of the account, may assume the OIDC role directly',
      checks: [
        {
          kind: 'assume',
          principal: `arn:aws:iam::${account}:user/admin`,
          action: 'sts:AssumeRole',
          principalPolicies: [ADMINISTRATOR],
          expect: 'Denied',
        },
      ],
    },
    ...permissions(terraformAddress(githubRole.role), 'the GitHub Actions role'),
  ];
}

