/**
 * The sentences of the reference documents that say what a principal may or may not do, each with the
 * requests that prove it. Pure data from the configuration: no simulation here (the simulator, an
 * AGPL test-time dependency, lives in access-simulator.ts and only tests and the access report load it).
 */
import { ENVIRONMENT_NAMES, EnvironmentConfig, EnvironmentName, PlatformConfig } from '@raxx/config';
import { secretArnSuffix } from '../references';

/** Seed files, as named in /work/shared/seeds. */
export const SEEDS = {
  tomoda: 'tomoda-iam-uploader-eso.txt',
  freescout: 'freescout-backup-iam-runbook.txt',
  pazpaz: 'pazpaz-ecs-iam-roles.txt',
} as const;

/** What the simulation must conclude. */
export type Expectation = 'Allowed' | 'Denied';

/** A request made with the principal's own identity policies. */
export interface IdentityCheck {
  readonly kind: 'identity';
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
  readonly expect: Expectation;
  /** For an allowed request: the Sid that must be the one allowing it. */
  readonly by?: string;
}

/** A request by another principal to assume the role, judged by the role's trust policy. */
export interface AssumeCheck {
  readonly kind: 'assume';
  /** Service principal (`ecs-tasks.amazonaws.com`), OIDC provider ARN or IAM ARN. */
  readonly principal: string;
  readonly action: 'sts:AssumeRole' | 'sts:AssumeRoleWithWebIdentity';
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
  /** Identity policies of the requesting principal (e.g. an administrator of the same account). */
  readonly principalPolicies?: readonly { readonly name: string; readonly policy: unknown }[];
  readonly expect: Expectation;
}

export type AccessCheck = IdentityCheck | AssumeCheck;

/** One sentence of a seed and the requests that prove it. */
export interface AccessSentence {
  /** Seed file it comes from. */
  readonly seed: string;
  /** The sentence (test name). */
  readonly text: string;
  /** Stack of the principal. */
  readonly stack: string;
  /** Terraform address of the principal (`aws_iam_user.uploader`). */
  readonly principal: string;
  readonly checks: readonly AccessCheck[];
}

const allowed = (action: string, resource: string, by?: string, context?: IdentityCheck['context']): IdentityCheck => ({
  kind: 'identity',
  action,
  resource,
  expect: 'Allowed',
  ...(by ? { by } : {}),
  ...(context ? { context } : {}),
});
const denied = (action: string, resource: string, context?: IdentityCheck['context']): IdentityCheck => ({
  kind: 'identity',
  action,
  resource,
  expect: 'Denied',
  ...(context ? { context } : {}),
});

/** ARN of a Secrets Manager secret, with the 6-character suffix AWS appends. */
export function secretArn(region: string, account: string, name: string): string {
  return `arn:aws:secretsmanager:${region}:${account}:secret:${name}-${secretArnSuffix(name)}`;
}

const others = (env: EnvironmentName) => ENVIRONMENT_NAMES.filter((name) => name !== env);

/** The sentences of every stack of `config`, by stack name. */
export function accessSentences(config: PlatformConfig): AccessSentence[] {
  return [
    ...freescoutSentences(config),
    ...ENVIRONMENT_NAMES.flatMap((env) => [...tomodaSentences(config, env), ...pazpazSentences(config, env)]),
  ];
}

/** tomoda-iam-uploader-eso.txt, for one environment. */
export function tomodaSentences(config: PlatformConfig, env: EnvironmentName): AccessSentence[] {
  const e = config.environments[env];
  const stack = `tomoda-${env}`;
  const bucket = (of: EnvironmentConfig) => `arn:aws:s3:::${of.tomoda.projectName}-assets-${of.name}`;
  const uploaderSecret = (of: EnvironmentConfig) => secretArn(of.awsRegion, of.awsAccountId, `${of.tomoda.projectName}-s3-uploader-${of.name}`);
  const object = `${bucket(e)}/avatars/user-42.png`;
  const seed = SEEDS.tomoda;
  const uploader = { seed, stack, principal: 'aws_iam_user.uploader' };
  const esoReader = { seed, stack, principal: 'aws_iam_user.eso_reader' };
  return [
    {
      ...uploader,
      text: 'the uploader writes user-generated content to its bucket: its policy is PutObject-only (PutObject, PutObjectAcl)',
      checks: [allowed('s3:PutObject', object, 'AllowS3Upload'), allowed('s3:PutObjectAcl', object, 'AllowS3Upload')],
    },
    {
      ...uploader,
      text: 'No s3:ListBucket — a leaked credential cannot enumerate existing objects',
      checks: [denied('s3:ListBucket', bucket(e)), denied('s3:ListBucket', bucket(e), { 's3:prefix': 'avatars/' })],
    },
    {
      ...uploader,
      text: 'No s3:DeleteObject — the backend cannot remove previously uploaded content',
      checks: [denied('s3:DeleteObject', object), denied('s3:DeleteObjectVersion', object)],
    },
    { ...uploader, text: 'No s3:GetObject — the backend never reads back from S3 directly', checks: [denied('s3:GetObject', object)] },
    {
      ...uploader,
      text: "the uploader cannot touch another environment's bucket",
      checks: others(env).flatMap((o) => [denied('s3:PutObject', `${bucket(config.environments[o])}/avatars/user-42.png`)]),
    },
    {
      ...uploader,
      text: 'The uploader needs S3 write but no Secrets Manager read: a compromised uploader credential cannot exfiltrate other secrets',
      checks: [
        denied('secretsmanager:GetSecretValue', uploaderSecret(e)),
        denied('secretsmanager:ListSecrets', '*'),
        denied('secretsmanager:GetSecretValue', secretArn(e.awsRegion, e.awsAccountId, 'some-other-secret')),
      ],
    },
    {
      ...esoReader,
      text: 'Scoped to a single Resource ARN — the uploader secret for that environment',
      checks: [
        allowed('secretsmanager:GetSecretValue', uploaderSecret(e)),
        denied('secretsmanager:GetSecretValue', secretArn(e.awsRegion, e.awsAccountId, 'some-other-secret')),
        denied('secretsmanager:ListSecrets', '*'),
      ],
    },
    {
      ...esoReader,
      text: "Its policy is the absolute minimum needed for that one job: it cannot change or delete the secret",
      checks: [
        denied('secretsmanager:PutSecretValue', uploaderSecret(e)),
        denied('secretsmanager:UpdateSecret', uploaderSecret(e)),
        denied('secretsmanager:DeleteSecret', uploaderSecret(e)),
      ],
    },
    {
      ...esoReader,
      text: "The ESO reader for dev cannot read the prod uploader's creds and vice versa",
      checks: others(env).map((o) => denied('secretsmanager:GetSecretValue', uploaderSecret(config.environments[o]))),
    },
    {
      ...esoReader,
      text: 'ESO needs Secrets Manager read but no S3 anything: a compromised ESO reader credential cannot write to or delete from S3',
      checks: [
        denied('s3:PutObject', object),
        denied('s3:DeleteObject', object),
        denied('s3:GetObject', object),
        denied('s3:ListBucket', bucket(e)),
      ],
    },
  ];
}

/** freescout-backup-iam-runbook.txt: the backup user and, when opted in, the GitHub Actions role. */
export function freescoutSentences(config: PlatformConfig): AccessSentence[] {
  const f = config.freescout;
  const stack = 'freescout-backup';
  const seed = SEEDS.freescout;
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
          denied('iam:CreateAccessKey', `arn:aws:iam::${account}:user/raxx/freescout/raxx-freescout-backup`),
        ],
      },
    ];
  };
  const sentences = permissions('aws_iam_user.freescout_backup', 'the backup user');
  if (!f.githubOidc) return sentences;

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
  const role = { seed, stack, principal: 'aws_iam_role.freescout_backup_github' };
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
    ...permissions('aws_iam_role.freescout_backup_github', 'the GitHub Actions role'),
  ];
}

/** An identity policy granting everything, for "not even an administrator" checks. */
const ADMINISTRATOR = {
  name: 'AdministratorAccess',
  policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
} as const;

/** pazpaz-ecs-iam-roles.txt, for one environment. */
export function pazpazSentences(config: PlatformConfig, env: EnvironmentName): AccessSentence[] {
  const e = config.environments[env];
  const { awsAccountId: account, awsRegion: region, pazpaz } = e;
  const stack = `pazpaz-${env}`;
  const seed = SEEDS.pazpaz;
  const secret = (of: EnvironmentConfig, name: string) => secretArn(of.awsRegion, of.awsAccountId, `${of.pazpaz.secretPrefix}${name}`);
  const bucketArn = `arn:aws:s3:::${pazpaz.attachmentsBucket}`;
  const inRegion = { 'aws:RequestedRegion': region };
  const aes = { 's3:x-amz-server-side-encryption': 'AES256' };
  const task = { seed, stack, principal: 'aws_iam_role.backend_task' };
  const execution = { seed, stack, principal: 'aws_iam_role.task_execution' };
  const dbUser = (user: string) => `arn:aws:rds-db:${region}:${account}:dbuser:db-ABCDEFGHIJKLMNOPQRSTUVWXYZ/${user}`;

  const trust = (principal: string): AccessSentence[] => [
    {
      seed,
      stack,
      principal,
      text: 'Trust Policy: ecs-tasks.amazonaws.com may assume the role (sts:AssumeRole) for a task of this account',
      checks: [{ kind: 'assume', principal: 'ecs-tasks.amazonaws.com', action: 'sts:AssumeRole', context: { 'aws:SourceAccount': account }, expect: 'Allowed' }],
    },
    {
      seed,
      stack,
      principal,
      text: 'ECS on behalf of another account, another service, or any IAM principal may not assume the role',
      checks: [
        { kind: 'assume', principal: 'ecs-tasks.amazonaws.com', action: 'sts:AssumeRole', context: { 'aws:SourceAccount': '444444444444' }, expect: 'Denied' },
        { kind: 'assume', principal: 'ecs-tasks.amazonaws.com', action: 'sts:AssumeRole', expect: 'Denied' },
        { kind: 'assume', principal: 'lambda.amazonaws.com', action: 'sts:AssumeRole', context: { 'aws:SourceAccount': account }, expect: 'Denied' },
        { kind: 'assume', principal: 'ec2.amazonaws.com', action: 'sts:AssumeRole', context: { 'aws:SourceAccount': account }, expect: 'Denied' },
        { kind: 'assume', principal: `arn:aws:iam::${account}:user/admin`, action: 'sts:AssumeRole', principalPolicies: [ADMINISTRATOR], expect: 'Denied' },
        { kind: 'assume', principal: 'arn:aws:iam::444444444444:root', action: 'sts:AssumeRole', expect: 'Denied' },
      ],
    },
  ];

  return [
    {
      ...task,
      text: 'Should succeed: aws secretsmanager get-secret-value --secret-id pazpaz/encryption-key-v1 (Least Privilege: only pazpaz/ secrets)',
      checks: [
        allowed('secretsmanager:GetSecretValue', secret(e, 'encryption-key-v1'), 'SecretsManagerAccess', inRegion),
        allowed('secretsmanager:GetSecretValue', secret(e, 'jwt-secret'), 'SecretsManagerAccess', inRegion),
        allowed('secretsmanager:GetSecretValue', secret(e, 'email-credentials'), 'SecretsManagerAccess', inRegion),
        allowed('secretsmanager:DescribeSecret', secret(e, 'encryption-key-v1'), 'SecretsManagerAccess', inRegion),
      ],
    },
    {
      ...task,
      text: 'Should fail (not in allowed secrets): aws secretsmanager get-secret-value --secret-id some-other-secret',
      checks: [
        denied('secretsmanager:GetSecretValue', secretArn(region, account, 'some-other-secret'), inRegion),
        denied('secretsmanager:GetSecretValue', secret(e, 'database-url'), inRegion),
        denied('secretsmanager:PutSecretValue', secret(e, 'encryption-key-v1'), inRegion),
      ],
    },
    {
      ...task,
      text: 'Region Restricted: Secrets Manager access limited to us-east-1',
      checks: [denied('secretsmanager:GetSecretValue', secret(e, 'encryption-key-v1'), { 'aws:RequestedRegion': 'eu-west-1' })],
    },
    {
      ...task,
      text: 'Should succeed (upload with encryption): aws s3 cp test.txt s3://pazpaz-attachments-prod/workspace-123/test.txt --server-side-encryption AES256',
      checks: [allowed('s3:PutObject', `${bucketArn}/workspace-123/test.txt`, 'S3AttachmentsAccess', aes)],
    },
    {
      ...task,
      text: 'Should fail (upload without encryption): aws s3 cp test.txt s3://pazpaz-attachments-prod/workspace-123/test2.txt',
      checks: [
        denied('s3:PutObject', `${bucketArn}/workspace-123/test2.txt`),
        denied('s3:PutObject', `${bucketArn}/workspace-123/test2.txt`, { 's3:x-amz-server-side-encryption': 'aws:kms' }),
      ],
    },
    {
      ...task,
      // Deviation documented in stacks/pazpaz/src/backend-task-role.ts (S3AttachmentsReadDelete).
      text: 'the application reads, deletes and tags attachments (requests that never carry the SSE header)',
      checks: [
        allowed('s3:GetObject', `${bucketArn}/workspace-123/test.txt`, 'S3AttachmentsReadDelete'),
        allowed('s3:DeleteObject', `${bucketArn}/workspace-123/test.txt`, 'S3AttachmentsReadDelete'),
        allowed('s3:PutObjectTagging', `${bucketArn}/workspace-123/test.txt`, 'S3AttachmentsReadDelete'),
        allowed('s3:GetObjectTagging', `${bucketArn}/workspace-123/test.txt`, 'S3AttachmentsReadDelete'),
      ],
    },
    {
      ...task,
      text: 'Workspace Scoped: S3 list operations scoped to workspace prefixes',
      checks: [
        allowed('s3:ListBucket', bucketArn, 'S3ListBucket', { 's3:prefix': 'workspace-123/' }),
        allowed('s3:ListBucket', bucketArn, 'S3ListBucket', { 's3:prefix': 'workspace-123/invoices/' }),
        denied('s3:ListBucket', bucketArn, { 's3:prefix': 'exports/' }),
        denied('s3:ListBucket', bucketArn),
      ],
    },
    {
      ...task,
      text: 'Metrics Isolated: CloudWatch metrics scoped to PazPaz/Backend namespace',
      checks: [
        allowed('cloudwatch:PutMetricData', '*', 'CloudWatchMetrics', { 'cloudwatch:namespace': pazpaz.metricsNamespace }),
        denied('cloudwatch:PutMetricData', '*', { 'cloudwatch:namespace': 'AWS/EC2' }),
        denied('cloudwatch:PutMetricData', '*'),
      ],
    },
    {
      ...task,
      text: 'RDSIAMAuth: rds-db:connect as the pazpaz database user only',
      checks: [allowed('rds-db:connect', dbUser(pazpaz.dbUser), 'RDSIAMAuth'), denied('rds-db:connect', dbUser('postgres'))],
    },
    {
      ...task,
      text: "Each role should have access to environment-specific resources only",
      checks: others(env).flatMap((o) => {
        const other = config.environments[o];
        return [
          denied('secretsmanager:GetSecretValue', secret(other, 'encryption-key-v1'), { 'aws:RequestedRegion': other.awsRegion }),
          denied('s3:PutObject', `arn:aws:s3:::${other.pazpaz.attachmentsBucket}/workspace-123/test.txt`, aes),
          denied('s3:GetObject', `arn:aws:s3:::${other.pazpaz.attachmentsBucket}/workspace-123/test.txt`),
        ];
      }),
    },
    ...trust('aws_iam_role.backend_task'),
    {
      ...execution,
      text: 'Allows ECS to pull container images from ECR and write logs to CloudWatch',
      checks: [
        allowed('ecr:GetAuthorizationToken', '*'),
        allowed('ecr:BatchGetImage', `arn:aws:ecr:${region}:${account}:repository/pazpaz-backend`),
        allowed('ecr:GetDownloadUrlForLayer', `arn:aws:ecr:${region}:${account}:repository/pazpaz-backend`),
        allowed('logs:CreateLogStream', `arn:aws:logs:${region}:${account}:log-group:${pazpaz.logGroup}:log-stream:ecs/pazpaz-backend/0a1b2c`),
        allowed('logs:PutLogEvents', `arn:aws:logs:${region}:${account}:log-group:${pazpaz.logGroup}:log-stream:ecs/pazpaz-backend/0a1b2c`),
      ],
    },
    {
      ...execution,
      text: 'SecretsManagerForEnv: the execution role injects DATABASE_URL and REDIS_URL',
      checks: [
        allowed('secretsmanager:GetSecretValue', secret(e, 'database-url'), 'SecretsManagerForEnv'),
        allowed('secretsmanager:GetSecretValue', secret(e, 'redis-url'), 'SecretsManagerForEnv'),
      ],
    },
    {
      ...execution,
      text: "the execution role cannot read the application's secrets, nor another environment's",
      checks: [
        denied('secretsmanager:GetSecretValue', secret(e, 'encryption-key-v1')),
        denied('secretsmanager:GetSecretValue', secret(e, 'jwt-secret')),
        denied('secretsmanager:GetSecretValue', secret(e, 'email-credentials')),
        ...others(env).map((o) => denied('secretsmanager:GetSecretValue', secret(config.environments[o], 'database-url'))),
      ],
    },
    {
      ...execution,
      text: 'the execution role has no S3, RDS or metrics access (that is the task role)',
      checks: [
        denied('s3:GetObject', `${bucketArn}/workspace-123/test.txt`),
        denied('rds-db:connect', dbUser(pazpaz.dbUser)),
        denied('cloudwatch:PutMetricData', '*', { 'cloudwatch:namespace': pazpaz.metricsNamespace }),
      ],
    },
    ...trust('aws_iam_role.task_execution'),
  ];
}
