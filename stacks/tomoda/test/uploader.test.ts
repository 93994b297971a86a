import { synthTomoda } from './synth';

const { json } = synthTomoda('dev');
const resource = json.resource;
const policyDocument = json.data.aws_iam_policy_document.uploader_policy;

describe('tomoda-uploader-<env>', () => {
  it('is the IAM user tomoda-uploader-<env>', () => {
    expect(resource.aws_iam_user.uploader).toEqual({ name: 'tomoda-uploader-dev' });
  });

  it('may only PutObject and PutObjectAcl into the static assets bucket (AllowS3Upload)', () => {
    expect(policyDocument).toEqual({
      statement: [
        {
          sid: 'AllowS3Upload',
          effect: 'Allow',
          actions: ['s3:PutObject', 's3:PutObjectAcl'],
          resources: ['${aws_s3_bucket.static_assets.arn}/*'],
        },
      ],
    });
  });

  it.each(['s3:ListBucket', 's3:DeleteObject', 's3:GetObject', 's3:*'])('cannot %s', (action) => {
    const actions = policyDocument.statement.flatMap((s: { actions: string[] }) => s.actions);
    expect(actions).not.toContain(action);
  });

  it('cannot read any secret: its policy grants no Secrets Manager action', () => {
    expect(JSON.stringify(policyDocument)).not.toContain('secretsmanager');
  });

  it('has its policy attached inline from the policy document', () => {
    expect(resource.aws_iam_user_policy.uploader_policy).toEqual({
      name: 'tomoda-uploader-dev-put-only',
      user: '${aws_iam_user.uploader.name}',
      policy: '${data.aws_iam_policy_document.uploader_policy.json}',
    });
  });

  it('has one access key, in slot a, Active, created by Terraform for that user', () => {
    expect(Object.keys(resource.aws_iam_access_key).filter((name) => name.startsWith('uploader_key'))).toEqual(['uploader_key_a']);
    expect(resource.aws_iam_access_key.uploader_key_a).toEqual({ user: '${aws_iam_user.uploader.name}', status: 'Active' });
  });

  it('keeps the state of its single key: moved from uploader_key to slot a', () => {
    expect(json.moved).toContainEqual({ from: 'aws_iam_access_key.uploader_key', to: 'aws_iam_access_key.uploader_key_a' });
  });

  it('while rotating, holds two keys: the new slot active, the old one Inactive', () => {
    const rotating = synthTomoda('dev', { RAXX_DEV_UPLOADER_KEY_SLOTS: 'b+inactive' }).json;
    expect(rotating.resource.aws_iam_access_key.uploader_key_a).toEqual({ user: '${aws_iam_user.uploader.name}', status: 'Inactive' });
    expect(rotating.resource.aws_iam_access_key.uploader_key_b).toEqual({ user: '${aws_iam_user.uploader.name}', status: 'Active' });
  });
});

describe('the uploader secret', () => {
  it('is tomoda-s3-uploader-<env> in Secrets Manager', () => {
    expect(resource.aws_secretsmanager_secret.s3_uploader_creds).toEqual({ name: 'tomoda-s3-uploader-dev' });
  });

  it('holds the five keys of the seed, the key itself by reference to the key of its slot', () => {
    expect(resource.aws_secretsmanager_secret_version.s3_uploader_creds_a).toEqual({
      secret_id: '${aws_secretsmanager_secret.s3_uploader_creds.id}',
      secret_string:
        '${jsonencode({' +
        '"AWS_ACCESS_KEY_ID" = aws_iam_access_key.uploader_key_a.id, ' +
        '"AWS_SECRET_ACCESS_KEY" = aws_iam_access_key.uploader_key_a.secret, ' +
        '"S3_BUCKET" = aws_s3_bucket.static_assets.id, ' +
        '"S3_REGION" = "us-east-1", ' +
        '"S3_BASE_URL" = "https://assets-dev.tomoda.app"})}',
    });
  });

  it('has one version per key slot, so a switch replaces no version', () => {
    const rotating = synthTomoda('dev', { RAXX_DEV_UPLOADER_KEY_SLOTS: 'b+active-standby' }).json;
    expect(Object.keys(rotating.resource.aws_secretsmanager_secret_version).sort()).toEqual(['s3_uploader_creds_a', 's3_uploader_creds_b']);
    expect(rotating.resource.aws_secretsmanager_secret_version.s3_uploader_creds_b.secret_string).toContain('aws_iam_access_key.uploader_key_b.secret');
    expect(json.moved).toContainEqual({ from: 'aws_secretsmanager_secret_version.s3_uploader_creds', to: 'aws_secretsmanager_secret_version.s3_uploader_creds_a' });
  });

  it('points prod at the prod assets domain', () => {
    const prod = synthTomoda('prod').json;
    expect(prod.resource.aws_secretsmanager_secret_version.s3_uploader_creds_a.secret_string).toContain(
      '"S3_BASE_URL" = "https://assets.tomoda.app"',
    );
  });
});
