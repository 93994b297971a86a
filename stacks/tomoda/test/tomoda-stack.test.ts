import { addresses, referencedAddresses, resolveIn, synthTomoda } from './synth';

const dev = synthTomoda('dev');
const resource = dev.json.resource;

describe('tomoda-<env>: the stack of one environment', () => {
  it('is named tomoda-<env> and keeps local state under state/tomoda-<env>', () => {
    expect(dev.stack.stackName).toBe('tomoda-dev');
    expect(dev.json.terraform.backend).toEqual({ local: { path: '../../../state/tomoda-dev/terraform.tfstate' } });
  });

  it('uses its own Terraform Cloud workspace when an organization is configured', () => {
    const { json } = synthTomoda('staging', {}, 'raxx');
    expect(json.terraform.backend).toBeUndefined();
    expect(json.terraform.cloud).toEqual({ organization: 'raxx', workspaces: { name: 'raxx-tomoda-staging' } });
  });

  it('refuses to apply against any AWS account but the environment’s own', () => {
    expect(dev.json.provider.aws).toEqual([{ region: 'us-east-1', allowed_account_ids: ['111111111111'] }]);
    const overridden = synthTomoda('dev', { RAXX_DEV_AWS_ACCOUNT_ID: '444444444444' });
    expect(overridden.json.provider.aws[0].allowed_account_ids).toEqual(['444444444444']);
  });

  it('talks to the environment’s cluster through its kubeconfig context', () => {
    expect(dev.json.provider.kubernetes).toEqual([{ config_path: '~/.kube/config', config_context: 'tomoda-dev' }]);
  });

  it('declares exactly the addresses of the runbook, and nothing else', () => {
    expect(addresses(dev.json)).toEqual([
      'aws_iam_access_key.eso_reader_key_a',
      'aws_iam_access_key.uploader_key_a',
      'aws_iam_user.eso_reader',
      'aws_iam_user.uploader',
      'aws_iam_user_policy.eso_reader_policy',
      'aws_iam_user_policy.uploader_policy',
      'aws_s3_bucket.static_assets',
      'aws_secretsmanager_secret.s3_uploader_creds',
      'aws_secretsmanager_secret_version.s3_uploader_creds_a',
      'data.aws_iam_policy_document.uploader_policy',
      'kubernetes_manifest.secret_store',
      'kubernetes_manifest.uploader_external_secret',
      'kubernetes_secret_v1.eso_bootstrap',
    ]);
  });

  it('every reference points at an address the stack declares', () => {
    const declared = addresses(dev.json);
    const referenced = referencedAddresses({ resource, data: dev.json.data, output: dev.json.output });
    expect(referenced).toEqual(expect.arrayContaining(['kubernetes_manifest.secret_store', 'kubernetes_secret_v1.eso_bootstrap']));
    for (const ref of referenced) expect(declared).toContain(ref);
  });

  it('stores the static assets in tomoda-assets-<env>', () => {
    expect(resource.aws_s3_bucket.static_assets).toEqual({ bucket: 'tomoda-assets-dev' });
    expect(resolveIn(dev.stack, dev.stack.bucketName)).toBe('${aws_s3_bucket.static_assets.bucket}');
  });

  it('publishes the bucket name as a plain value, so other stacks take it without reading this stack’s state', () => {
    expect(dev.stack.published).toEqual({ assetsBucket: 'tomoda-assets-dev' });
  });

  it('has no GitHub provider: no Tomoda credential has a consumer in GitHub (ESO delivers both keys in the cluster)', () => {
    expect(dev.json.provider.github).toBeUndefined();
  });

  it('exposes the uploader secret’s name and ARN to other stacks', () => {
    expect(dev.stack.uploaderSecretName).toBe('tomoda-s3-uploader-dev');
    expect(resolveIn(dev.stack, dev.stack.uploaderSecretArn)).toBe('${aws_secretsmanager_secret.s3_uploader_creds.arn}');
  });
});

describe('per-environment isolation', () => {
  it('the dev stack names no prod or staging bucket, user, secret, context or account', () => {
    for (const word of ['prod', 'staging', '333333333333', '222222222222']) expect(dev.text).not.toContain(word);
  });

  it('the prod stack names only prod resources', () => {
    const prod = synthTomoda('prod');
    expect(prod.json.resource.aws_iam_user.uploader.name).toBe('tomoda-uploader-prod');
    expect(prod.json.resource.aws_iam_user.eso_reader.name).toBe('tomoda-eso-reader-prod');
    expect(prod.json.resource.aws_secretsmanager_secret.s3_uploader_creds.name).toBe('tomoda-s3-uploader-prod');
    expect(prod.json.provider.aws[0].allowed_account_ids).toEqual(['333333333333']);
    for (const word of ['-dev', 'staging', '111111111111', '222222222222']) expect(prod.text).not.toContain(word);
  });
});

describe('reproducible synthesis', () => {
  it('two syntheses of the same environment are byte-identical', () => {
    expect(synthTomoda('dev').text).toBe(dev.text);
  });

  it('holds no key material: every credential is a reference to Terraform state', () => {
    expect(dev.text).not.toMatch(/\b(AKIA|ASIA)[0-9A-Z]{16}\b/);
    expect(dev.text).not.toMatch(/[A-Za-z0-9/+]{40}/);
  });
});
