/**
 * The access sentences of pazpaz-ecs-iam-roles.txt, for one environment's stack: the resources come
 * from the environment the stack was built for (its public `environment`), never re-derived.
 */
import type { EnvironmentConfig, EnvironmentName } from '@raxx/config';
import type { AccessSentence } from '@raxx/policy-proof';
import { ADMINISTRATOR, allowed, denied, secretArn } from '@raxx/policy-proof';
import type { PazpazStack } from '@raxx/stack-pazpaz';

/** The seed the sentences come from. */
export const PAZPAZ_SEED = 'pazpaz-ecs-iam-roles.txt';

/**
 * The secrets of the seed, by their literal names: section 4 creates them (`aws secretsmanager
 * create-secret --name pazpaz/database-url`, ...; `pazpaz/email-credentials` is named by the task
 * role's policy) and the task definition of section 5 reads `...:secret:pazpaz/database-url` and
 * `...:secret:pazpaz/redis-url`. Written here as the seed spells them, not read from the configuration,
 * so a renamed prefix fails the proof instead of moving with it.
 */
export const PAZPAZ_SEED_SECRETS = {
  databaseUrl: 'pazpaz/database-url',
  redisUrl: 'pazpaz/redis-url',
  encryptionKey: 'pazpaz/encryption-key-v1',
  jwtSecret: 'pazpaz/jwt-secret',
  emailCredentials: 'pazpaz/email-credentials',
} as const;

/** An account that is none of the environments' (the "another account" of the proofs). */
const FOREIGN_ACCOUNT = '444444444444';

/** pazpaz-ecs-iam-roles.txt for the stack of `env`; the other environments' stacks give what it must not reach. */
export function pazpazSentences(stacks: Readonly<Record<EnvironmentName, PazpazStack>>, env: EnvironmentName): AccessSentence[] {
  const own = stacks[env];
  const others = (Object.keys(stacks) as EnvironmentName[]).filter((name) => name !== env).map((name) => stacks[name].environment);
  const e = own.environment;
  const { awsAccountId: account, awsRegion: region, pazpaz } = e;
  const stack = own.stackName;
  const seed = PAZPAZ_SEED;
  const { databaseUrl, redisUrl, encryptionKey, jwtSecret, emailCredentials } = PAZPAZ_SEED_SECRETS;
  /** The seed's secret `name` as it exists in the account and region of `of`. */
  const secret = (of: Pick<EnvironmentConfig, 'awsRegion' | 'awsAccountId'>, name: string) => secretArn(of.awsRegion, of.awsAccountId, name);
  const foreign = { awsRegion: region, awsAccountId: FOREIGN_ACCOUNT };
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
      text: 'Should succeed: aws secretsmanager get-secret-value --secret-id pazpaz/encryption-key-v1 (and pazpaz/jwt-secret, pazpaz/email-credentials), in the environment\'s own account',
      checks: [
        allowed('secretsmanager:GetSecretValue', secret(e, encryptionKey), 'SecretsManagerAccess', inRegion),
        allowed('secretsmanager:GetSecretValue', secret(e, jwtSecret), 'SecretsManagerAccess', inRegion),
        allowed('secretsmanager:GetSecretValue', secret(e, emailCredentials), 'SecretsManagerAccess', inRegion),
        allowed('secretsmanager:DescribeSecret', secret(e, encryptionKey), 'SecretsManagerAccess', inRegion),
      ],
    },
    {
      ...task,
      text: 'Should fail (not in allowed secrets): aws secretsmanager get-secret-value --secret-id some-other-secret',
      checks: [
        denied('secretsmanager:GetSecretValue', secret(e, 'some-other-secret'), inRegion),
        denied('secretsmanager:GetSecretValue', secret(e, 'pazpaz-legacy/encryption-key-v1'), inRegion),
        denied('secretsmanager:GetSecretValue', secret(e, databaseUrl), inRegion),
        denied('secretsmanager:PutSecretValue', secret(e, encryptionKey), inRegion),
      ],
    },
    {
      ...task,
      text: 'Should fail: pazpaz/encryption-key-v1, pazpaz/jwt-secret and pazpaz/email-credentials of another account (another environment\'s, or none of them)',
      checks: [...others, foreign].flatMap((other) => [
        denied('secretsmanager:GetSecretValue', secret(other, encryptionKey), { 'aws:RequestedRegion': other.awsRegion }),
        denied('secretsmanager:GetSecretValue', secret(other, jwtSecret), { 'aws:RequestedRegion': other.awsRegion }),
        denied('secretsmanager:GetSecretValue', secret(other, emailCredentials), { 'aws:RequestedRegion': other.awsRegion }),
      ]),
    },
    {
      ...task,
      text: 'Region Restricted: Secrets Manager access limited to us-east-1',
      checks: [denied('secretsmanager:GetSecretValue', secret(e, encryptionKey), { 'aws:RequestedRegion': 'eu-west-1' })],
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
      checks: others.flatMap((other) => {
        return [
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
      text: 'SecretsManagerForEnv: the task definition\'s DATABASE_URL (valueFrom ...:secret:pazpaz/database-url) and REDIS_URL (...:secret:pazpaz/redis-url) are injected from the environment\'s own account',
      checks: [
        allowed('secretsmanager:GetSecretValue', secret(e, databaseUrl), 'SecretsManagerForEnv'),
        allowed('secretsmanager:GetSecretValue', secret(e, redisUrl), 'SecretsManagerForEnv'),
      ],
    },
    {
      ...execution,
      text: 'the execution role cannot read pazpaz/database-url or pazpaz/redis-url of another account (another environment\'s, or none of them)',
      checks: [...others, foreign].flatMap((other) => [
        denied('secretsmanager:GetSecretValue', secret(other, databaseUrl)),
        denied('secretsmanager:GetSecretValue', secret(other, redisUrl)),
      ]),
    },
    {
      ...execution,
      text: "the execution role cannot read the application's secrets, nor an unrelated secret",
      checks: [
        denied('secretsmanager:GetSecretValue', secret(e, encryptionKey)),
        denied('secretsmanager:GetSecretValue', secret(e, jwtSecret)),
        denied('secretsmanager:GetSecretValue', secret(e, emailCredentials)),
        denied('secretsmanager:GetSecretValue', secret(e, 'some-other-secret')),
        denied('secretsmanager:DescribeSecret', secret(e, databaseUrl)),
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
