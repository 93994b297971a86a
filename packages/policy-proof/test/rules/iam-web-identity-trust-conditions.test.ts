import { iamWebIdentityTrustConditions } from '../../src/rules/iam-web-identity-trust-conditions';
import { judgeStatements, statementSubject } from './harness';

const issuer = 'container.googleapis.com/v1/projects/raxx-tomoda-dev/locations/us-central1/clusters/tomoda-dev';
const provider = `arn:aws:iam::111111111111:oidc-provider/${issuer}`;
const trust = (condition?: Record<string, Record<string, string>>) => ({
  Effect: 'Allow' as const,
  Principal: { Federated: provider },
  Action: 'sts:AssumeRoleWithWebIdentity',
  ...(condition ? { Condition: condition } : {}),
});

test('RAXX-OIDC1: a web-identity trust with StringEquals on both <issuer>:sub and <issuer>:aud complies; one on aud only is a finding naming sub', async () => {
  const verdicts = await judgeStatements(iamWebIdentityTrustConditions, {
    origin: 'trust',
    compliant: trust({ StringEquals: { [`${issuer}:sub`]: 'system:serviceaccount:tomoda-dev:tomoda-backend', [`${issuer}:aud`]: 'sts.amazonaws.com' } }),
    nonCompliant: trust({ StringEquals: { [`${issuer}:aud`]: 'sts.amazonaws.com' } }),
  });
  expect(verdicts).toEqual({ compliant: 'compliant', nonCompliant: [`Condition::${issuer}:sub`] });
});

test('RAXX-OIDC1: no condition at all, an IfExists condition, a wildcard value or another issuer\'s keys are findings for both claims', async () => {
  const both = [`Condition::${issuer}:sub`, `Condition::${issuer}:aud`];
  const conditions: (Record<string, Record<string, string>> | undefined)[] = [
    undefined,
    { StringEqualsIfExists: { [`${issuer}:sub`]: 'system:serviceaccount:tomoda-dev:tomoda-backend', [`${issuer}:aud`]: 'sts.amazonaws.com' } },
    { StringLike: { [`${issuer}:sub`]: '*', [`${issuer}:aud`]: '*' } },
    { StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:raxx-app/tomoda:ref:refs/heads/main', 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } },
  ];
  for (const condition of conditions) {
    expect(iamWebIdentityTrustConditions(await statementSubject(trust(condition), 'trust'))).toEqual(both);
  }
});

test('RAXX-OIDC1: a service trust, a plain AssumeRole and an identity policy are not applicable', async () => {
  const service = await statementSubject({ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }, 'trust');
  const assumeRole = await statementSubject({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' }, 'trust');
  const identity = await statementSubject({ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::tomoda-assets-dev/*' });
  expect([service, assumeRole, identity].map(iamWebIdentityTrustConditions)).toEqual(['not-applicable', 'not-applicable', 'not-applicable']);
});
