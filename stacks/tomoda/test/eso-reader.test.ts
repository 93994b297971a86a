import { synthTomoda } from './synth';

const { json } = synthTomoda('dev');
const resource = json.resource;

describe('tomoda-eso-reader-<env>', () => {
  it('is the IAM user tomoda-eso-reader-<env>', () => {
    expect(resource.aws_iam_user.eso_reader).toEqual({ name: 'tomoda-eso-reader-dev' });
  });

  it('may only GetSecretValue on the uploader secret of its own environment', () => {
    const policy = resource.aws_iam_user_policy.eso_reader_policy;
    expect(policy.name).toBe('secrets-manager-read-only');
    expect(policy.user).toBe('${aws_iam_user.eso_reader.name}');
    expect(JSON.parse(policy.policy)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'secretsmanager:GetSecretValue',
          Resource: '${aws_secretsmanager_secret.s3_uploader_creds.arn}',
        },
      ],
    });
  });

  it('cannot write to or delete from S3: its policy grants no S3 action', () => {
    expect(resource.aws_iam_user_policy.eso_reader_policy.policy).not.toContain('s3:');
  });

  it('has one access key, in slot a, Active, created by Terraform for that user', () => {
    expect(resource.aws_iam_access_key.eso_reader_key_a).toEqual({ user: '${aws_iam_user.eso_reader.name}', status: 'Active' });
    expect(json.moved).toContainEqual({ from: 'aws_iam_access_key.eso_reader_key', to: 'aws_iam_access_key.eso_reader_key_a' });
  });

  it('outputs its key for the bootstrap moment, both halves sensitive and described', () => {
    expect(json.output).toEqual({
      eso_reader_access_key_id: {
        value: '${aws_iam_access_key.eso_reader_key_a.id}',
        sensitive: true,
        description: expect.stringContaining('tomoda-eso-reader-dev'),
      },
      eso_reader_secret_access_key: {
        value: '${aws_iam_access_key.eso_reader_key_a.secret}',
        sensitive: true,
        description: expect.stringContaining('tomoda-eso-reader-dev'),
      },
    });
  });
});
