import { policyDocument, policyJson, statement } from '../src';

describe('typed policy statements', () => {
  it('renders a statement in IAM grammar, single action and resource as strings', () => {
    expect(statement({ sid: 'AllowS3Upload', actions: ['s3:PutObject'], resources: ['arn:aws:s3:::b/*'] })).toEqual({
      Sid: 'AllowS3Upload',
      Effect: 'Allow',
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::b/*',
    });
  });

  it('keeps conditions and lists as given', () => {
    const s = statement({
      sid: 'S3ListBucket',
      actions: ['s3:ListBucket', 's3:GetBucketLocation'],
      resources: ['arn:aws:s3:::b'],
      conditions: { StringLike: { 's3:prefix': ['workspace-*/*'] } },
    });
    expect(s.Action).toEqual(['s3:ListBucket', 's3:GetBucketLocation']);
    expect(s.Condition).toEqual({ StringLike: { 's3:prefix': ['workspace-*/*'] } });
  });

  it('renders a trust statement with a principal and no resource', () => {
    expect(statement({ actions: ['sts:AssumeRole'], principal: { Service: 'ecs-tasks.amazonaws.com' } })).toEqual({
      Effect: 'Allow',
      Principal: { Service: 'ecs-tasks.amazonaws.com' },
      Action: 'sts:AssumeRole',
    });
  });

  it('refuses an empty action list, naming the statement', () => {
    expect(() => statement({ sid: 'Empty', actions: [] })).toThrow('statement Empty: actions must not be empty');
  });

  it('refuses a Sid IAM would reject', () => {
    expect(() => statement({ sid: 'not-valid', actions: ['s3:GetObject'], resources: ['*'] })).toThrow(/letters and digits only/);
  });

  it('refuses a document with a duplicate Sid', () => {
    const s = statement({ sid: 'A', actions: ['s3:GetObject'], resources: ['*'] });
    expect(() => policyDocument([s, s])).toThrow('policy document: Sid "A" appears twice');
  });

  it('serializes to the JSON string a policy argument takes', () => {
    const json = policyJson([statement({ actions: ['secretsmanager:GetSecretValue'], resources: ['${aws_secretsmanager_secret.s.arn}'] })]);
    expect(JSON.parse(json)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '${aws_secretsmanager_secret.s.arn}' }],
    });
  });
});
