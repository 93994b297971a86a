import { checkPolicyDocuments, UNCITED_MANAGED_POLICY } from '../src/check-policies';
import { formatFinding } from '../src/run-nag';

const uploader = (action: string) => ({
  stack: 'tomoda-prod',
  address: 'aws_iam_user_policy.uploader_policy',
  origin: 'inline' as const,
  document: { Version: '2012-10-17', Statement: [{ Sid: 'AllowS3Upload', Effect: 'Allow' as const, Action: [action], Resource: 'arn:aws:s3:::tomoda-assets-prod/*' }] },
});

describe('the rule pack over planned policy documents', () => {
  test("the seed's put-only uploader passes", async () => {
    const report = await checkPolicyDocuments([uploader('s3:PutObject')]);
    expect(report.findings).toEqual([]);
    expect(report.errors).toEqual([]);
  });

  test('a widened uploader (s3:*) fails, naming the policy, the Sid and the finding', async () => {
    const report = await checkPolicyDocuments([uploader('s3:*')]);
    expect(report.findings.map(formatFinding)).toEqual([
      'tomoda-prod aws_iam_user_policy.uploader_policy Sid AllowS3Upload: RAXX-IAM2 Action::s3:* (An Allow statement uses a wildcard action such as s3:* or s3:Get*.)',
    ]);
  });

  test('an exception allows its finding on its statement only (pazpaz ECRAccess on Resource *)', async () => {
    const ecr = {
      stack: 'pazpaz-prod',
      address: 'aws_iam_role_policy.task_execution',
      origin: 'inline' as const,
      document: { Statement: [{ Sid: 'ECRAccess', Effect: 'Allow' as const, Action: 'ecr:GetAuthorizationToken', Resource: '*' }] },
    };
    const report = await checkPolicyDocuments([ecr]);
    expect(report.findings).toEqual([]);
    expect(report.allowed.map((finding) => finding.finding)).toEqual(['Resource::*']);
  });

  test(`an attached AWS managed policy no seed cites is a ${UNCITED_MANAGED_POLICY} finding; a cited one is not`, async () => {
    const report = await checkPolicyDocuments([], [
      { stack: 'pazpaz-prod', address: 'aws_iam_role_policy_attachment.admin', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
      { stack: 'pazpaz-prod', address: 'aws_iam_role_policy_attachment.execution', policyArn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy' },
    ]);
    expect(report.findings.map((finding) => `${finding.address} ${finding.ruleId} ${finding.finding}`)).toEqual([
      'aws_iam_role_policy_attachment.admin RAXX-IAM6 PolicyArn::arn:aws:iam::aws:policy/AdministratorAccess',
    ]);
  });
});
