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

  it('has one access key, created by Terraform for that user', () => {
    expect(resource.aws_iam_access_key.uploader_key).toEqual({ user: '${aws_iam_user.uploader.name}' });
  });
});

describe('the uploader secret', () => {
  it('is tomoda-s3-uploader-<env> in Secrets Manager', () => {
    expect(resource.aws_secretsmanager_secret.s3_uploader_creds).toEqual({ name: 'tomoda-s3-uploader-dev' });
  });

  it('holds the five keys of the seed, the key itself by reference to aws_iam_access_key.uploader_key', () => {
    expect(resource.aws_secretsmanager_secret_version.s3_uploader_creds).toEqual({
      secret_id: '${aws_secretsmanager_secret.s3_uploader_creds.id}',
      secret_string:
        '${jsonencode({' +
        '"AWS_ACCESS_KEY_ID" = aws_iam_access_key.uploader_key.id, ' +
        '"AWS_SECRET_ACCESS_KEY" = aws_iam_access_key.uploader_key.secret, ' +
        '"S3_BUCKET" = aws_s3_bucket.static_assets.id, ' +
        '"S3_REGION" = "us-east-1", ' +
        '"S3_BASE_URL" = "https://assets-dev.tomoda.app"})}',
    });
  });

  it('points prod at the prod assets domain', () => {
    const prod = synthTomoda('prod').json;
    expect(prod.resource.aws_secretsmanager_secret_version.s3_uploader_creds.secret_string).toContain(
      '"S3_BASE_URL" = "https://assets.tomoda.app"',
    );
  });
});
