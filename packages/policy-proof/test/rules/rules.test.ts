import { App, DataResource, TerraformOutput, TerraformStack } from 'cdktf';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freescoutNoAccessKey } from '../../src/rules/freescout-no-access-key';
import { githubSecretsEnvironmentScoped } from '../../src/rules/github-secrets-environment-scoped';
import { iamKnownActions } from '../../src/rules/iam-known-actions';
import { iamKnownConditionKeys } from '../../src/rules/iam-known-condition-keys';
import { iamNoServiceWildcard } from '../../src/rules/iam-no-service-wildcard';
import { iamNoWildcardAction } from '../../src/rules/iam-no-wildcard-action';
import { iamResourceStar } from '../../src/rules/iam-resource-star';
import { outputsKeyMaterialSensitive } from '../../src/rules/outputs-key-material-sensitive';
import { stateNoSensitiveRemoteState } from '../../src/rules/state-no-sensitive-remote-state';
import { SynthesizedStack, TerraformJson } from '../../src/terraform-json';
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

test('RAXX-OUT1: an output of a Cloudflare account token value must be sensitive', () => {
  const output = (sensitive: boolean) => ({ output: { secret: { value: '${sha256(cloudflare_account_token.r2_backup_token_dev.value)}', sensitive } } });
  const verdicts = judgeStacks(outputsKeyMaterialSensitive, {
    compliant: stackSubject('r2-backups-dev', output(true)),
    nonCompliant: stackSubject('r2-backups-dev', output(false)),
  });
  expect(verdicts).toEqual({ compliant: 'compliant', nonCompliant: ['Output::secret'] });
});

describe('RAXX-STATE1: no stack reads the remote state of a stack with a sensitive output', () => {
  const localState = (stack: string) => ({ backend: { local: { path: `../../../state/${stack}/terraform.tfstate` } } });
  const readOf = (stack: string) => ({ backend: 'local', config: { path: `../../../state/${stack}/terraform.tfstate` }, workspace: '${terraform.workspace}' });
  const tokens: SynthesizedStack = {
    name: 'r2-backups-dev',
    json: { terraform: localState('r2-backups-dev'), output: { bucket: { value: 'b' }, key: { value: '${x.id}', sensitive: true } } },
  };
  const names: SynthesizedStack = { name: 'names', json: { terraform: localState('names'), output: { bucket: { value: 'b' } } } };

  test('reading a stack whose outputs are all non-sensitive is compliant; reading one with a sensitive output is not', () => {
    const verdicts = judgeStacks(stateNoSensitiveRemoteState, {
      compliant: stackSubject('reader', { data: { terraform_remote_state: { names: readOf('names') } } }, [names, tokens]),
      nonCompliant: stackSubject('reader', { data: { terraform_remote_state: { backups: readOf('r2-backups-dev') } } }, [names, tokens]),
    });
    expect(verdicts).toEqual({ compliant: 'compliant', nonCompliant: ['RemoteState::r2-backups-dev'] });
  });

  test('a stack that reads no remote state is not applicable', () => {
    expect(stateNoSensitiveRemoteState(stackSubject('github-secrets', { resource: { github_actions_variable: { b: {} } } }, [tokens]))).toBe('not-applicable');
  });

  test('a Terraform Cloud workspace read is matched to the stack of that workspace', () => {
    const cloudTokens: SynthesizedStack = { name: 'r2-backups-dev', json: { ...tokens.json, terraform: { cloud: { organization: 'raxx', workspaces: { name: 'raxx-r2-backups-dev' } } } } };
    const read = { backend: 'remote', config: { organization: 'raxx', workspaces: { name: 'raxx-r2-backups-dev' } } };
    expect(stateNoSensitiveRemoteState(stackSubject('reader', { data: { terraform_remote_state: { tokens: read } } }, [cloudTokens]))).toEqual([
      'RemoteState::r2-backups-dev',
    ]);
  });

  test('a read of a state no stack of the synthesis owns fails closed', () => {
    const read = { backend: 's3', config: { bucket: 'elsewhere', key: 'k' } };
    expect(stateNoSensitiveRemoteState(stackSubject('reader', { data: { terraform_remote_state: { legacy: read } } }, [tokens]))).toEqual([
      'RemoteState::unidentified:legacy',
    ]);
  });

  test('a real cdktf cross-stack reference is a finding: cdktf marks the outputs it adds sensitive', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'raxx-state1-'));
    try {
      const app = new App({ outdir });
      const owner = new TerraformStack(app, 'owner');
      const reader = new TerraformStack(app, 'reader');
      new TerraformOutput(reader, 'copied', { value: new DataResource(owner, 'name', { input: { id: 'bucket' } }).output });
      app.synth();
      const read = (name: string): SynthesizedStack => ({ name, json: JSON.parse(readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')) as TerraformJson });
      const [ownerStack, readerStack] = [read('owner'), read('reader')];
      expect(Object.values(ownerStack.json.output ?? {}).map((output) => output.sensitive)).toEqual([true]);
      expect(stateNoSensitiveRemoteState({ stackName: 'reader', json: readerStack.json, stacks: [ownerStack, readerStack] })).toEqual(['RemoteState::owner']);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

test('RAXX-GH1: no GitHub secret carrying credential material is repository-level', () => {
  const secret = { repository: 'ghost-infra', secret_name: 'R2_BACKUP_SECRET_ACCESS_KEY', plaintext_value: '${local.r2_secret_access_key_prod}' };
  const verdicts = judgeStacks(githubSecretsEnvironmentScoped, {
    compliant: stackSubject('r2-backups-prod', { resource: { github_actions_environment_secret: { r2_prod: { ...secret, environment: 'prod' } } } }),
    nonCompliant: stackSubject('github-secrets', {
      resource: { github_actions_secret: { r2_prod: secret }, github_actions_organization_secret: { shared: { secret_name: 'X', visibility: 'all' } } },
    }),
  });
  expect(verdicts).toEqual({
    compliant: 'compliant',
    nonCompliant: ['Resource::github_actions_secret.r2_prod', 'Resource::github_actions_organization_secret.shared'],
  });
  expect(githubSecretsEnvironmentScoped(stackSubject('github-secrets', { resource: { github_actions_variable: { bucket: {} } } }))).toBe('not-applicable');
});
