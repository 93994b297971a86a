import { freescoutNoAccessKey } from '../../src/rules/freescout-no-access-key';
import { iamKnownActions } from '../../src/rules/iam-known-actions';
import { iamKnownConditionKeys } from '../../src/rules/iam-known-condition-keys';
import { iamNoServiceWildcard } from '../../src/rules/iam-no-service-wildcard';
import { iamNoWildcardAction } from '../../src/rules/iam-no-wildcard-action';
import { iamResourceStar } from '../../src/rules/iam-resource-star';
import { outputsKeyMaterialSensitive } from '../../src/rules/outputs-key-material-sensitive';
import { judgeStacks, judgeStatements, stackSubject, statementSubject } from './harness';

const bucketObjects = 'arn:aws:s3:::tomoda-assets-dev/*';

test('RAXX-IAM1: an Allow of "*" actions is a finding, a named action is not', async () => {
  const verdicts = await judgeStatements(iamNoWildcardAction, {
    compliant: { Effect: 'Allow', Action: 's3:PutObject', Resource: bucketObjects },
    nonCompliant: { Effect: 'Allow', Action: ['s3:PutObject', '*'], Resource: bucketObjects },
  });
  expect(verdicts).toEqual({ compliant: 'compliant', nonCompliant: ['Action::*'] });
});

test('RAXX-IAM1: NotAction in an Allow is a finding', async () => {
  const verdicts = await judgeStatements(iamNoWildcardAction, {
    compliant: { Effect: 'Deny', NotAction: 's3:GetObject', Resource: bucketObjects },
    nonCompliant: { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
  });
  expect(verdicts).toEqual({ compliant: 'not-applicable', nonCompliant: ['NotAction::iam:*'] });
});

test('RAXX-IAM2: a service-wide wildcard (s3:*) and a partial one (s3:Get*) are findings', async () => {
  const verdicts = await judgeStatements(iamNoServiceWildcard, {
    compliant: { Effect: 'Allow', Action: ['s3:PutObject', 's3:PutObjectAcl'], Resource: bucketObjects },
    nonCompliant: { Effect: 'Allow', Action: ['s3:PutObject', 's3:*', 's3:Get*'], Resource: bucketObjects },
  });
  expect(verdicts).toEqual({ compliant: 'compliant', nonCompliant: ['Action::s3:*', 'Action::s3:Get*'] });
});

test('RAXX-IAM3: Resource "*" in an identity Allow is a finding, an ARN is not', async () => {
  const verdicts = await judgeStatements(iamResourceStar, {
    compliant: { Effect: 'Allow', Action: 's3:PutObject', Resource: bucketObjects },
    nonCompliant: { Effect: 'Allow', Action: 'lightsail:GetInstanceSnapshots', Resource: '*' },
  });
  expect(verdicts).toEqual({ compliant: 'compliant', nonCompliant: ['Resource::*'] });
});

test('RAXX-IAM3: a trust policy (no Resource element) is not applicable', async () => {
  const trust = await statementSubject({ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }, 'trust');
  expect(iamResourceStar(trust)).toBe('not-applicable');
});

test('RAXX-IAM4: s3:HeadObject (in the FreeScout seed) is not an IAM action; s3:GetObject is', async () => {
  const verdicts = await judgeStatements(iamKnownActions, {
    compliant: { Sid: 'S3BackupWrite', Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject', 's3:Get*'], Resource: bucketObjects },
    nonCompliant: { Sid: 'S3BackupWrite', Effect: 'Allow', Action: ['s3:PutObject', 's3:HeadObject', 's3:Head*'], Resource: bucketObjects },
  });
  expect(verdicts).toEqual({ compliant: 'compliant', nonCompliant: ['Action::s3:HeadObject', 'Action::s3:Head*'] });
});

test('RAXX-IAM5: a misspelt condition key is a finding; service, global and OIDC provider keys are known', async () => {
  const verdicts = await judgeStatements(iamKnownConditionKeys, {
    compliant: {
      Effect: 'Allow',
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:a/b:ref:refs/heads/main', 'aws:SourceAccount': '111111111111' },
        StringLike: { 's3:prefix': 'db-backups/*' },
      },
    },
    nonCompliant: { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b', Condition: { StringLike: { 's3:prefixes': 'db-backups/*' } } },
  });
  expect(verdicts).toEqual({ compliant: 'compliant', nonCompliant: ['ConditionKey::s3:prefixes'] });
});

test('RAXX-OUT1: an output of an access key secret must be sensitive', () => {
  const output = (sensitive: boolean) => ({ output: { eso_reader_secret_access_key: { value: '${aws_iam_access_key.eso_reader_key.secret}', sensitive } } });
  const verdicts = judgeStacks(outputsKeyMaterialSensitive, {
    compliant: stackSubject('tomoda-dev', output(true)),
    nonCompliant: stackSubject('tomoda-dev', output(false)),
  });
  expect(verdicts).toEqual({ compliant: 'compliant', nonCompliant: ['Output::eso_reader_secret_access_key'] });
});

test('RAXX-OUT1: an output of a Cloudflare API token value must be sensitive', () => {
  const verdicts = judgeStacks(outputsKeyMaterialSensitive, {
    compliant: stackSubject('r2-backups', { output: { bucket: { value: '${cloudflare_r2_bucket.ghost.name}' } } }),
    nonCompliant: stackSubject('r2-backups', { output: { token: { value: '${cloudflare_api_token.ghost_backup.value}' } } }),
  });
  expect(verdicts).toEqual({ compliant: 'not-applicable', nonCompliant: ['Output::token'] });
});

test('RAXX-FS1: the freescout-backup stack has no aws_iam_access_key', () => {
  const verdicts = judgeStacks(freescoutNoAccessKey, {
    compliant: stackSubject('freescout-backup', { resource: { aws_iam_user: { freescout_backup: { name: 'raxx-freescout-backup' } } } }),
    nonCompliant: stackSubject('freescout-backup', { resource: { aws_iam_access_key: { backup_key: { user: 'raxx-freescout-backup' } } } }),
  });
  expect(verdicts).toEqual({ compliant: 'compliant', nonCompliant: ['Resource::aws_iam_access_key.backup_key'] });
});

test('RAXX-FS1: other stacks may hold access keys (not applicable)', () => {
  expect(freescoutNoAccessKey(stackSubject('tomoda-dev', { resource: { aws_iam_access_key: { uploader_key: {} } } }))).toBe('not-applicable');
});
