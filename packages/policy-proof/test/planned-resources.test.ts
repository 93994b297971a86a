/**
 * The run task's entry point for the resource rules: `plannedResourcesOf(plan)` and
 * `checkPlannedResources(stack, resources)`, on the plans of issue 20.
 */
import { checkPlannedResources } from '../src/check-policies';
import { plannedResourcesOf } from '../src/planned-resources';
import { formatFinding } from '../src/run-nag';
import { testPlan } from './rules/harness';

const putOnly = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::tomoda-assets-prod/*' }] });

describe('plannedResourcesOf', () => {
  test('keeps what the plan leaves in place (not deleted, forgotten or read; no data source), with its configuration references, in modules too', () => {
    const plan = testPlan([
      { address: 'aws_iam_user_policy.kept', after: { policy: putOnly }, actions: ['no-op'] },
      { address: 'aws_s3_bucket.static_assets', after: {}, actions: ['delete'] },
      { address: 'module.x.aws_iam_user_policy_attachment.a[0]', after: { user: 'u' }, afterUnknown: { policy_arn: true } },
    ]);
    (plan.configuration as any).root_module.module_calls = {
      x: { module: { resources: [{ address: 'aws_iam_user_policy_attachment.a', mode: 'managed', expressions: { policy_arn: { references: ['aws_iam_policy.p.arn', 'aws_iam_policy.p'] }, user: { references: ['var.user'] } } }] } },
    };
    const resources = plannedResourcesOf(plan);
    expect(resources.map((r) => r.address)).toEqual(['aws_iam_user_policy.kept', 'module.x.aws_iam_user_policy_attachment.a[0]']);
    expect(resources[1]).toMatchObject({ type: 'aws_iam_user_policy_attachment', references: { policy_arn: ['module.x.aws_iam_policy.p'], user: [] }, configured: ['policy_arn', 'user'] });
    expect(plannedResourcesOf('not a plan')).toEqual([]);
  });
});

describe('checkPlannedResources', () => {
  test('the plan of issue 20 that adds the uploader to Administrators, a public bucket policy and a policy without its document fails three rules, naming each address', () => {
    const plan = testPlan([
      { address: 'aws_iam_user_group_membership.escalate', after: { user: 'tomoda-uploader-prod', groups: ['Administrators'] } },
      {
        address: 'aws_s3_bucket_policy.public',
        after: { bucket: 'tomoda-assets-prod', policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::tomoda-assets-prod/*' }] }) },
      },
      { address: 'aws_iam_user_policy.uploader_policy', after: { user: 'tomoda-uploader-prod', policy: null } },
    ]);
    const report = checkPlannedResources('tomoda-prod', plannedResourcesOf(plan));
    expect(report.findings.map((f) => [f.ruleId, f.address, f.finding])).toEqual([
      ['RAXX-ADMIN1', 'aws_iam_user_group_membership.escalate', 'Group::Administrators'],
      ['RAXX-RES1', 'aws_s3_bucket_policy.public', 'Principal::*'],
      ['RAXX-DOC1', 'aws_iam_user_policy.uploader_policy', 'Document::policy:missing'],
    ]);
    expect(formatFinding(report.findings[0])).toMatch(/^tomoda-prod aws_iam_user_group_membership\.escalate: RAXX-ADMIN1 Group::Administrators \(An attachment or group membership/);
    expect(report.evaluations).toEqual({ 'RAXX-ADMIN1': 1, 'RAXX-RES1': 1, 'RAXX-DOC1': 2 });
  });

  test("the stack's own plan passes; an exception allows a finding with its reason, and a short reason is an error", () => {
    const plan = testPlan([
      { address: 'aws_iam_user_policy.uploader_policy', after: { user: 'tomoda-uploader-prod', policy: putOnly } },
      { address: 'aws_iam_role_policy_attachment.ops', after: { role: 'ops', policy_arn: 'arn:aws:iam::aws:policy/PowerUserAccess' } },
    ]);
    const own = testPlan([{ address: 'aws_iam_user_policy.uploader_policy', after: { user: 'tomoda-uploader-prod', policy: putOnly } }]);
    expect(checkPlannedResources('tomoda-prod', plannedResourcesOf(own)).findings).toEqual([]);
    const exception = { id: 'RAXX-ADMIN1', stack: 'tomoda-prod', address: 'aws_iam_role_policy_attachment.ops', reason: 'the break-glass operator role, MFA-gated in its trust policy' };
    const report = checkPlannedResources('tomoda-prod', plannedResourcesOf(plan), { exceptions: [exception] });
    expect(report.findings).toEqual([]);
    expect(report.allowed.map((f) => [f.finding, f.reason])).toEqual([['PolicyArn::arn:aws:iam::aws:policy/PowerUserAccess', exception.reason]]);
    expect(checkPlannedResources('tomoda-prod', [], { exceptions: [{ ...exception, reason: 'ok' }] }).errors).toHaveLength(1);
  });
});
