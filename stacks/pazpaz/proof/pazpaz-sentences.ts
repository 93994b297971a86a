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

/** pazpaz-ecs-iam-roles.txt for the stack of `env`; the other environments' stacks give what it must not reach. */
export function pazpazSentences(stacks: Readonly<Record<EnvironmentName, PazpazStack>>, env: EnvironmentName): AccessSentence[] {
  const own = stacks[env];
  const others = (Object.keys(stacks) as EnvironmentName[]).filter((name) => name !== env).map((name) => stacks[name].environment);
  const e = own.environment;
  const { awsAccountId: account, awsRegion: region, pazpaz } = e;
  const stack = own.stackName;
  const seed = PAZPAZ_SEED;
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
      checks: others.flatMap((other) => {
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
        ...others.map((other) => denied('secretsmanager:GetSecretValue', secret(other, 'database-url'))),
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
