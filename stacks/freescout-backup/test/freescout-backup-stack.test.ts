import { FreescoutConfig, loadPlatformConfig } from '@raxx/config';
import { OUT_OF_STATE_CREDENTIAL_KEY } from '@raxx/constructs';
import { Testing } from 'cdktf';
import { FreescoutBackupStack, freescoutBackupStatements } from '../src';
import { Synthesized, parsePolicy, resolveIn, synthesize } from './synth';

const defaults: FreescoutConfig = loadPlatformConfig({}).freescout;

function synthBackup(overrides: Partial<FreescoutConfig> = {}, terraformCloudOrganization?: string): Synthesized {
  return synthesize((app) => new FreescoutBackupStack(app, { config: { ...defaults, ...overrides }, terraformCloudOrganization }));
}

/** The six statements of the seed's "IAM policy reference" table, for account 333333333333 in us-east-1. */
const RUNBOOK_STATEMENTS = [
  {
    Sid: 'SSMReadFreescout',
    Effect: 'Allow',
    Action: 'ssm:GetParameter',
    Resource: 'arn:aws:ssm:us-east-1:333333333333:parameter/raxx/freescout/*',
  },
  {
    Sid: 'S3BackupWrite',
    Effect: 'Allow',
    Action: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
    Resource: 'arn:aws:s3:::raxx-support-attachments/db-backups/freescout/*',
  },
  {
    Sid: 'S3BackupBucket',
    Effect: 'Allow',
    Action: ['s3:ListBucket', 's3:GetBucketLocation', 's3:CreateBucket'],
    Resource: 'arn:aws:s3:::raxx-support-attachments',
    Condition: { StringLike: { 's3:prefix': 'db-backups/freescout/*' } },
  },
  {
    Sid: 'S3HeadBucket',
    Effect: 'Allow',
    Action: 's3:ListAllMyBuckets',
    Resource: '*',
  },
  {
    Sid: 'KMSBackup',
    Effect: 'Allow',
    Action: ['kms:GenerateDataKey', 'kms:Decrypt', 'kms:DescribeKey'],
    Resource: '*',
    Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
  },
  {
    Sid: 'LightsailSnapshotManage',
    Effect: 'Allow',
    Action: ['lightsail:CreateInstanceSnapshot', 'lightsail:GetInstanceSnapshots', 'lightsail:DeleteInstanceSnapshot'],
    Resource: '*',
  },
];

describe('the FreeScout backup user (freescout-backup-iam-runbook.txt)', () => {
  const { json } = synthBackup();
  const user = json.resource.aws_iam_user.freescout_backup;
  const userPolicy = json.resource.aws_iam_user_policy.freescout_backup;

  test('the stack is freescout-backup and refuses any account but the backup account, in its region', () => {
    expect(json['//'].metadata.stackName).toBe('freescout-backup');
    expect(json.provider.aws).toEqual([{ region: 'us-east-1', allowed_account_ids: ['333333333333'] }]);
  });

  test('state is local, in state/freescout-backup, unless a Terraform Cloud organization is given', () => {
    expect(json.terraform.backend).toEqual({ local: { path: '../../../state/freescout-backup/terraform.tfstate' } });
    const cloud = synthBackup({}, 'raxx').json;
    expect(cloud.terraform.backend).toBeUndefined();
    expect(cloud.terraform.cloud).toEqual({ organization: 'raxx', workspaces: { name: 'raxx-freescout-backup' } });
  });

  test('raxx-freescout-backup is a dedicated IAM user under /raxx/freescout/', () => {
    expect(Object.keys(json.resource.aws_iam_user)).toEqual(['freescout_backup']);
    expect(user.name).toBe('raxx-freescout-backup');
    expect(user.path).toBe('/raxx/freescout/');
  });

  test('the inline policy raxx-freescout-backup-policy is attached to that user by reference', () => {
    expect(userPolicy.name).toBe('raxx-freescout-backup-policy');
    expect(userPolicy.user).toBe('${aws_iam_user.freescout_backup.name}');
  });

  test('the policy has the six Sids of the runbook table, in the runbook order', () => {
    expect(parsePolicy(userPolicy).Statement.map((s: { Sid: string }) => s.Sid)).toEqual([
      'SSMReadFreescout',
      'S3BackupWrite',
      'S3BackupBucket',
      'S3HeadBucket',
      'KMSBackup',
      'LightsailSnapshotManage',
    ]);
  });

  test('each Sid grants exactly what the runbook table lists, on exactly its scope', () => {
    const document = parsePolicy(userPolicy);
    expect(document.Version).toBe('2012-10-17');
    RUNBOOK_STATEMENTS.forEach((expected, i) => expect(document.Statement[i]).toEqual(expected));
    expect(document.Statement).toHaveLength(RUNBOOK_STATEMENTS.length);
  });

  test('HeadObject is not granted: it is no IAM action, and s3:GetObject already authorizes HEAD', () => {
    const actions: string[] = parsePolicy(userPolicy).Statement.flatMap((s: { Action: string | string[] }) => s.Action);
    expect(actions).not.toContain('s3:HeadObject');
    expect(actions).toContain('s3:GetObject');
  });

  test('the user cannot touch objects of the bucket outside db-backups/freescout/', () => {
    const objectStatements = parsePolicy(userPolicy).Statement.filter((s: { Resource: string }) =>
      String(s.Resource).startsWith('arn:aws:s3:::raxx-support-attachments/'),
    );
    expect(objectStatements.map((s: { Resource: string }) => s.Resource)).toEqual([
      'arn:aws:s3:::raxx-support-attachments/db-backups/freescout/*',
    ]);
  });

  test('the stack holds only the user and its policy (no access key: proof/ rule RAXX-FS1 states why)', () => {
    expect(Object.keys(json.resource).sort()).toEqual(['aws_iam_user', 'aws_iam_user_policy']);
  });

  test('the hand-made key is recorded for rotation every 90 days into the TradeMasterAPI repo secrets', () => {
    expect(user['//'][OUT_OF_STATE_CREDENTIAL_KEY]).toEqual({
      name: 'freescout_backup_key',
      kind: 'aws_iam_access_key',
      userName: 'raxx-freescout-backup',
      region: 'us-east-1',
      rotateEveryDays: 90,
      consumers: [
        {
          repository: 'raxx-app/TradeMasterAPI',
          secrets: { AWS_BACKUP_ACCESS_KEY_ID: 'AccessKeyId', AWS_BACKUP_SECRET_ACCESS_KEY: 'SecretAccessKey' },
          workflow: 'freescout-backup.yml',
        },
      ],
      runbook: 'freescout-backup-iam-runbook.txt',
    });
  });

  test('the user ARN is an output with a description, not marked sensitive', () => {
    expect(json.output).toEqual({
      user_arn: {
        value: '${aws_iam_user.freescout_backup.arn}',
        description: expect.stringMatching(/FreeScout backup IAM user/),
      },
    });
  });

  test('other stacks read the user by its ARN reference and its literal name', () => {
    const stack = new FreescoutBackupStack(Testing.app(), { config: defaults });
    expect(resolveIn(stack, stack.userArn)).toBe('${aws_iam_user.freescout_backup.arn}');
    expect(stack.userName).toBe('raxx-freescout-backup');
    expect(stack.stackName).toBe('freescout-backup');
  });

  test('no access key id or secret appears anywhere in the synthesized configuration', () => {
    const { text } = synthBackup({ githubOidc: true });
    expect(text).not.toMatch(/A(KI|SI)A[0-9A-Z]{16}/);
    expect(text).not.toMatch(/[A-Za-z0-9/+]{40}/);
  });
});

describe('the account and region come from the configuration', () => {
  const { json, text } = synthBackup({ awsAccountId: '444455556666', awsRegion: 'eu-west-1' });

  test('every ARN, the KMS ViaService and the rotation region follow the configured account and region', () => {
    const statements = parsePolicy(json.resource.aws_iam_user_policy.freescout_backup).Statement;
    expect(statements[0].Resource).toBe('arn:aws:ssm:eu-west-1:444455556666:parameter/raxx/freescout/*');
    expect(statements[4].Condition).toEqual({ StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } });
    expect(json.provider.aws).toEqual([{ region: 'eu-west-1', allowed_account_ids: ['444455556666'] }]);
    expect(json.resource.aws_iam_user.freescout_backup['//'][OUT_OF_STATE_CREDENTIAL_KEY].region).toBe('eu-west-1');
  });

  test('the default account id and region appear nowhere', () => {
    expect(text).not.toContain('333333333333');
    expect(text).not.toContain('us-east-1');
  });
});

describe('synthesis is deterministic', () => {
  test('two syntheses of the same configuration are byte-identical', () => {
    expect(synthBackup({ githubOidc: true }).text).toBe(synthBackup({ githubOidc: true }).text);
    expect(synthBackup().text).toBe(synthBackup().text);
  });
});

describe('misuse fails at construction and names the prop to fix', () => {
  const build = (overrides: Partial<FreescoutConfig>) => () =>
    new FreescoutBackupStack(Testing.app(), { config: { ...defaults, ...overrides } });

  test('an account id that is not 12 digits is refused', () => {
    expect(build({ awsAccountId: '3333' })).toThrow(/config\.awsAccountId "3333" must be a 12-digit AWS account id/);
  });

  test('an SSM path with a trailing slash is refused (it would grant parameter/raxx/freescout//*)', () => {
    expect(build({ ssmParameterPath: '/raxx/freescout/' })).toThrow(/config\.ssmParameterPath/);
    expect(build({ ssmParameterPath: 'raxx/freescout' })).toThrow(/config\.ssmParameterPath/);
  });

  test('a backup prefix with a slash at either end is refused', () => {
    expect(build({ backupPrefix: 'db-backups/freescout/' })).toThrow(/config\.backupPrefix/);
    expect(build({ backupPrefix: '/db-backups/freescout' })).toThrow(/config\.backupPrefix/);
    expect(build({ backupPrefix: '' })).toThrow(/config\.backupPrefix/);
  });
});

describe('the statement list is built once', () => {
  test('freescoutBackupStatements renders the runbook table for the default configuration', () => {
    expect(freescoutBackupStatements(defaults)).toEqual(RUNBOOK_STATEMENTS);
  });
});
