import { loadPlatformConfig } from '@raxx/config';
import { PazpazStack, backendTaskStatements } from '../src';
import { parsePolicy, synthesize } from './synth';

const { dev } = loadPlatformConfig({}).environments;

const DEV_BACKEND_STATEMENTS = [
  {
    Sid: 'SecretsManagerAccess',
    Effect: 'Allow',
    Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
    Resource: [
      'arn:aws:secretsmanager:us-east-1:111111111111:secret:pazpaz/encryption-key-*',
      'arn:aws:secretsmanager:us-east-1:111111111111:secret:pazpaz/jwt-secret-*',
      'arn:aws:secretsmanager:us-east-1:111111111111:secret:pazpaz/email-credentials-*',
    ],
    Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
  },
  {
    Sid: 'S3AttachmentsAccess',
    Effect: 'Allow',
    Action: 's3:PutObject',
    Resource: 'arn:aws:s3:::pazpaz-attachments-dev/*',
    Condition: { StringEquals: { 's3:x-amz-server-side-encryption': 'AES256' } },
  },
  {
    Sid: 'S3AttachmentsReadDelete',
    Effect: 'Allow',
    Action: ['s3:GetObject', 's3:DeleteObject', 's3:PutObjectTagging', 's3:GetObjectTagging'],
    Resource: 'arn:aws:s3:::pazpaz-attachments-dev/*',
  },
  {
    Sid: 'S3ListBucket',
    Effect: 'Allow',
    Action: 's3:ListBucket',
    Resource: 'arn:aws:s3:::pazpaz-attachments-dev',
    Condition: { StringLike: { 's3:prefix': ['workspace-*/*'] } },
  },
  {
    Sid: 'RDSIAMAuth',
    Effect: 'Allow',
    Action: 'rds-db:connect',
    Resource: 'arn:aws:rds-db:us-east-1:111111111111:dbuser:*/pazpaz',
  },
  {
    Sid: 'CloudWatchMetrics',
    Effect: 'Allow',
    Action: 'cloudwatch:PutMetricData',
    Resource: '*',
    Condition: { StringEquals: { 'cloudwatch:namespace': 'PazPaz/Backend' } },
  },
];

type Statement = { Sid: string; Action: string | string[]; Condition?: unknown };

describe('the application task role (pazpaz-ecs-iam-roles.txt, section 2)', () => {
  const { json } = synthesize((app) => new PazpazStack(app, { environment: dev }));
  const role = json.resource.aws_iam_role.backend_task;
  const inline = json.resource.aws_iam_role_policy.backend_task;
  const statements: Statement[] = parsePolicy(inline).Statement;
  const bySid = (sid: string) => statements.find((s) => s.Sid === sid);

  test('the task role of dev is pazpaz-backend-task-role-dev', () => {
    expect(role.name).toBe('pazpaz-backend-task-role-dev');
  });

  test('the inline policy pazpaz-backend-permissions is put on the task role by reference', () => {
    expect(inline.name).toBe('pazpaz-backend-permissions');
    expect(inline.role).toBe('${aws_iam_role.backend_task.name}');
  });

  test('the Sids follow the seed order, with S3AttachmentsReadDelete right after S3AttachmentsAccess', () => {
    expect(statements.map((s) => s.Sid)).toEqual([
      'SecretsManagerAccess',
      'S3AttachmentsAccess',
      'S3AttachmentsReadDelete',
      'S3ListBucket',
      'RDSIAMAuth',
      'CloudWatchMetrics',
    ]);
  });

  test('each Sid grants exactly its actions on exactly the dev resources', () => {
    expect(parsePolicy(inline).Version).toBe('2012-10-17');
    expect(statements).toHaveLength(DEV_BACKEND_STATEMENTS.length);
    DEV_BACKEND_STATEMENTS.forEach((expected, i) => expect(statements[i]).toEqual(expected));
  });

  test('secrets are read only in the environment region and only under its prefix', () => {
    expect(bySid('SecretsManagerAccess')?.Condition).toEqual({ StringEquals: { 'aws:RequestedRegion': 'us-east-1' } });
  });

  test('an upload without AES256 server-side encryption is denied', () => {
    expect(bySid('S3AttachmentsAccess')).toMatchObject({
      Action: 's3:PutObject',
      Condition: { StringEquals: { 's3:x-amz-server-side-encryption': 'AES256' } },
    });
    const unconditioned = statements.filter((s) => s.Condition === undefined).flatMap((s) => s.Action);
    expect(unconditioned).not.toContain('s3:PutObject');
  });

  test('the application can read, delete and tag back its attachments: those requests carry no SSE header', () => {
    const readDelete = bySid('S3AttachmentsReadDelete');
    expect(readDelete?.Condition).toBeUndefined();
    expect(readDelete?.Action).toEqual(['s3:GetObject', 's3:DeleteObject', 's3:PutObjectTagging', 's3:GetObjectTagging']);
  });

  test('listing the bucket is limited to workspace prefixes', () => {
    expect(bySid('S3ListBucket')?.Condition).toEqual({ StringLike: { 's3:prefix': ['workspace-*/*'] } });
  });

  test('metrics may only be written to the PazPaz/Backend namespace', () => {
    expect(bySid('CloudWatchMetrics')?.Condition).toEqual({ StringEquals: { 'cloudwatch:namespace': 'PazPaz/Backend' } });
  });

  test('backendTaskStatements is the single source of the inline policy', () => {
    expect(backendTaskStatements(dev)).toEqual(DEV_BACKEND_STATEMENTS);
  });
});
