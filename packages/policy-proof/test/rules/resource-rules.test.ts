/**
 * The resource rules (RAXX-ADMIN1, RAXX-RES1, RAXX-DOC1), each on a compliant and a non-compliant
 * subject, both as a synthesized stack (cdktf references resolved) and as a plan's planned values.
 */
import { iamNoAdminGrant } from '../../src/rules/iam-no-admin-grant';
import { policyDocumentReadable } from '../../src/rules/policy-document-readable';
import { resourcePolicyNoWildcardPrincipal } from '../../src/rules/resource-policy-no-wildcard-principal';
import { TerraformJson } from '../../src/synthesized-stack';
import { judgeResources, plannedResourceSubject, synthesizedResourceSubject, testPlan } from './harness';

const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const putObject = doc({ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::tomoda-assets-dev/*' });
const everything = doc({ Effect: 'Allow', Action: '*', Resource: '*' });
const iamEverything = doc({ Effect: 'Allow', Action: ['iam:*'], Resource: ['*'] });
const uploader = { aws_iam_user: { uploader: { name: 'tomoda-uploader-dev' } } };

describe('RAXX-ADMIN1: no attachment or group membership grants administrator-like access', () => {
  test('synthesized: a membership of Administrators is a finding, of a plain group is not', () => {
    const stack = (group: string): TerraformJson => ({
      resource: {
        ...uploader,
        aws_iam_group: { group: { name: group } },
        aws_iam_user_group_membership: { membership: { user: '${aws_iam_user.uploader.name}', groups: ['${aws_iam_group.group.name}'] } },
      },
    });
    const verdicts = judgeResources(iamNoAdminGrant, {
      compliant: synthesizedResourceSubject(stack('tomoda-uploaders'), 'aws_iam_user_group_membership.membership'),
      nonCompliant: synthesizedResourceSubject(stack('Administrators'), 'aws_iam_user_group_membership.membership'),
    });
    expect(verdicts).toEqual({ compliant: 'compliant', nonCompliant: ['Group::Administrators'] });
  });

  test('synthesized: a group granted AdministratorAccess makes its membership (and the attachment) a finding, whatever its name', () => {
    const stack: TerraformJson = {
      resource: {
        ...uploader,
        aws_iam_group: { ops: { name: 'ops' } },
        aws_iam_group_policy_attachment: { ops: { group: '${aws_iam_group.ops.name}', policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' } },
        aws_iam_group_membership: { ops: { name: 'ops-members', group: '${aws_iam_group.ops.name}', users: ['${aws_iam_user.uploader.name}'] } },
      },
    };
    expect(iamNoAdminGrant(synthesizedResourceSubject(stack, 'aws_iam_group_membership.ops'))).toEqual(['Group::ops']);
    expect(iamNoAdminGrant(synthesizedResourceSubject(stack, 'aws_iam_group_policy_attachment.ops'))).toEqual(['PolicyArn::arn:aws:iam::aws:policy/AdministratorAccess']);
  });

  test.each([
    ['aws_iam_user_policy_attachment', { user: 'tomoda-uploader-dev' }],
    ['aws_iam_role_policy_attachment', { role: 'pazpaz-task' }],
    ['aws_iam_group_policy_attachment', { group: 'ops' }],
    ['aws_iam_policy_attachment', { name: 'shared', users: ['tomoda-uploader-dev'] }],
  ])('synthesized: %s of IAMFullAccess or PowerUserAccess is a finding, of a cited task policy is not', (type, target) => {
    const stack = (arn: string): TerraformJson => ({ resource: { [type]: { attachment: { ...target, policy_arn: arn } } } });
    const address = `${type}.attachment`;
    const verdicts = judgeResources(iamNoAdminGrant, {
      compliant: synthesizedResourceSubject(stack('arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'), address),
      nonCompliant: synthesizedResourceSubject(stack('arn:aws:iam::aws:policy/IAMFullAccess'), address),
    });
    expect(verdicts).toEqual({ compliant: 'compliant', nonCompliant: ['PolicyArn::arn:aws:iam::aws:policy/IAMFullAccess'] });
    expect(iamNoAdminGrant(synthesizedResourceSubject(stack('arn:aws:iam::aws:policy/PowerUserAccess'), address))).toEqual(['PolicyArn::arn:aws:iam::aws:policy/PowerUserAccess']);
  });

  test('synthesized: attaching a customer policy of the stack that allows * (or iam:*) on * is a finding; a scoped one is not', () => {
    const stack = (policy: string): TerraformJson => ({
      resource: {
        ...uploader,
        aws_iam_policy: { custom: { name: 'tomoda-custom', policy } },
        aws_iam_user_policy_attachment: { custom: { user: '${aws_iam_user.uploader.name}', policy_arn: '${aws_iam_policy.custom.arn}' } },
      },
    });
    const verdicts = judgeResources(iamNoAdminGrant, {
      compliant: synthesizedResourceSubject(stack(putObject), 'aws_iam_user_policy_attachment.custom'),
      nonCompliant: synthesizedResourceSubject(stack(everything), 'aws_iam_user_policy_attachment.custom'),
    });
    expect(verdicts).toEqual({ compliant: 'compliant', nonCompliant: ['Policy::aws_iam_policy.custom'] });
    expect(iamNoAdminGrant(synthesizedResourceSubject(stack(iamEverything), 'aws_iam_user_policy_attachment.custom'))).toEqual(['Policy::aws_iam_policy.custom']);
  });

  test('planned (issue 20): adding aws_iam_user_group_membership to Administrators fails; to a plain group passes', () => {
    const plan = (group: string) =>
      testPlan([{ address: 'aws_iam_user_group_membership.escalate', after: { user: 'tomoda-uploader-prod', groups: [group] }, afterUnknown: { id: true } }]);
    const verdicts = judgeResources(iamNoAdminGrant, {
      compliant: plannedResourceSubject(plan('tomoda-readers'), 'aws_iam_user_group_membership.escalate'),
      nonCompliant: plannedResourceSubject(plan('Administrators'), 'aws_iam_user_group_membership.escalate'),
    });
    expect(verdicts).toEqual({ compliant: 'compliant', nonCompliant: ['Group::Administrators'] });
  });

  test('planned: an attachment of a policy created in the same plan (policy_arn known only after apply) is judged by the document its configuration names', () => {
    const plan = (policy: string) =>
      testPlan(
        [
          { address: 'aws_iam_policy.custom', after: { name: 'custom', policy }, afterUnknown: { arn: true, id: true } },
          { address: 'aws_iam_role_policy_attachment.custom', after: { role: 'pazpaz-task' }, afterUnknown: { policy_arn: true, id: true } },
        ],
        { 'aws_iam_role_policy_attachment.custom': { role: { constant_value: 'pazpaz-task' }, policy_arn: { references: ['aws_iam_policy.custom.arn', 'aws_iam_policy.custom'] } } },
      );
    const verdicts = judgeResources(iamNoAdminGrant, {
      compliant: plannedResourceSubject(plan(putObject), 'aws_iam_role_policy_attachment.custom'),
      nonCompliant: plannedResourceSubject(plan(iamEverything), 'aws_iam_role_policy_attachment.custom'),
    });
    expect(verdicts).toEqual({ compliant: 'compliant', nonCompliant: ['Policy::aws_iam_policy.custom'] });
  });

  test('planned: a policy_arn known only after apply that names no policy of the plan is a finding, not a skip', () => {
    const plan = testPlan([{ address: 'aws_iam_user_policy_attachment.elsewhere', after: { user: 'u' }, afterUnknown: { policy_arn: true } }]);
    expect(iamNoAdminGrant(plannedResourceSubject(plan, 'aws_iam_user_policy_attachment.elsewhere'))).toEqual(['PolicyArn::unknown']);
  });

  test('a resource that grants nothing is not applicable', () => {
    expect(iamNoAdminGrant(synthesizedResourceSubject({ resource: uploader }, 'aws_iam_user.uploader'))).toBe('not-applicable');
  });
});

describe('RAXX-RES1: no resource policy allows a wildcard principal without a condition that pins the caller', () => {
  const bucketPolicy = (statement: object): TerraformJson => ({
    resource: {
      aws_s3_bucket: { assets: { bucket: 'tomoda-assets-dev' } },
      aws_s3_bucket_policy: { assets: { bucket: '${aws_s3_bucket.assets.id}', policy: doc(statement) } },
    },
  });
  const read = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::tomoda-assets-dev/*' };

  test('synthesized: a bucket policy for Principal "*" is a finding; for one account, or "*" pinned to the organization, is not', () => {
    const verdicts = judgeResources(resourcePolicyNoWildcardPrincipal, {
      compliant: synthesizedResourceSubject(bucketPolicy({ ...read, Principal: { AWS: 'arn:aws:iam::111111111111:root' } }), 'aws_s3_bucket_policy.assets'),
      nonCompliant: synthesizedResourceSubject(bucketPolicy({ ...read, Principal: '*' }), 'aws_s3_bucket_policy.assets'),
    });
    expect(verdicts).toEqual({ compliant: 'compliant', nonCompliant: ['Principal::*'] });
    const pinned = { ...read, Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } };
    expect(resourcePolicyNoWildcardPrincipal(synthesizedResourceSubject(bucketPolicy(pinned), 'aws_s3_bucket_policy.assets'))).toBe('compliant');
  });

  test('synthesized: a condition that does not pin the caller (SecureTransport, a negation, IfExists) leaves {"AWS": "*"} a finding', () => {
    for (const Condition of [
      { Bool: { 'aws:SecureTransport': 'true' } },
      { StringNotEquals: { 'aws:PrincipalAccount': '222222222222' } },
      { StringEqualsIfExists: { 'aws:SourceAccount': '111111111111' } },
    ]) {
      expect(resourcePolicyNoWildcardPrincipal(synthesizedResourceSubject(bucketPolicy({ ...read, Principal: { AWS: ['*'] }, Condition }), 'aws_s3_bucket_policy.assets'))).toEqual([
        'Principal::AWS:*',
      ]);
    }
  });

  test('synthesized: a data.aws_iam_policy_document with principals type "*" is read through the stack', () => {
    const stack: TerraformJson = {
      data: { aws_iam_policy_document: { topic: { statement: [{ effect: 'Allow', actions: ['sns:Publish'], resources: ['*'], principals: [{ type: '*', identifiers: ['*'] }] }] } } },
      resource: { aws_sns_topic_policy: { topic: { arn: 'arn:aws:sns:us-east-1:111111111111:t', policy: '${data.aws_iam_policy_document.topic.json}' } } },
    };
    expect(resourcePolicyNoWildcardPrincipal(synthesizedResourceSubject(stack, 'aws_sns_topic_policy.topic'))).toEqual(['Principal::*']);
  });

  test.each([
    ['aws_secretsmanager_secret_policy', 'policy'],
    ['aws_sqs_queue_policy', 'policy'],
    ['aws_kms_key', 'policy'],
    ['aws_kms_key_policy', 'policy'],
    ['aws_iam_role', 'assume_role_policy'],
  ])('planned (issue 20): %s allowing {"AWS": "*"} fails, allowing the account passes', (type, argument) => {
    const plan = (principal: unknown) =>
      testPlan([{ address: `${type}.p`, after: { name: 'p', [argument]: doc({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', Resource: '*' }) } }]);
    const verdicts = judgeResources(resourcePolicyNoWildcardPrincipal, {
      compliant: plannedResourceSubject(plan({ AWS: 'arn:aws:iam::111111111111:root' }), `${type}.p`),
      nonCompliant: plannedResourceSubject(plan({ AWS: '*' }), `${type}.p`),
    });
    expect(verdicts).toEqual({ compliant: 'compliant', nonCompliant: ['Principal::AWS:*'] });
  });

  test('planned: an aws_s3_bucket_policy with Principal "*" fails; NotPrincipal in an Allow fails', () => {
    const plan = (statement: object) => testPlan([{ address: 'aws_s3_bucket_policy.public', after: { bucket: 'tomoda-assets-prod', policy: doc(statement) } }]);
    const verdicts = judgeResources(resourcePolicyNoWildcardPrincipal, {
      compliant: plannedResourceSubject(plan({ ...read, Effect: 'Deny', Principal: '*' }), 'aws_s3_bucket_policy.public'),
      nonCompliant: plannedResourceSubject(plan({ ...read, Principal: '*' }), 'aws_s3_bucket_policy.public'),
    });
    expect(verdicts).toEqual({ compliant: 'compliant', nonCompliant: ['Principal::*'] });
    expect(resourcePolicyNoWildcardPrincipal(plannedResourceSubject(plan({ ...read, NotPrincipal: { AWS: 'arn:aws:iam::1:root' } }), 'aws_s3_bucket_policy.public'))).toEqual([
      'NotPrincipal',
    ]);
  });

  test('an identity policy is not applicable (its principal is its holder)', () => {
    const plan = testPlan([{ address: 'aws_iam_user_policy.p', after: { user: 'u', policy: putObject } }]);
    expect(resourcePolicyNoWildcardPrincipal(plannedResourceSubject(plan, 'aws_iam_user_policy.p'))).toBe('not-applicable');
  });
});

describe('RAXX-DOC1: a policy resource whose document cannot be read fails', () => {
  test('planned (issue 20): a policy resource whose after.policy is missing fails; a readable one passes', () => {
    const plan = (after: Record<string, unknown>) => testPlan([{ address: 'aws_iam_user_policy.uploader_policy', after: { user: 'tomoda-uploader-prod', ...after } }]);
    const verdicts = judgeResources(policyDocumentReadable, {
      compliant: plannedResourceSubject(plan({ policy: putObject }), 'aws_iam_user_policy.uploader_policy'),
      nonCompliant: plannedResourceSubject(plan({}), 'aws_iam_user_policy.uploader_policy'),
    });
    expect(verdicts).toEqual({ compliant: 'compliant', nonCompliant: ['Document::policy:missing'] });
  });

  test('planned: known only after apply, not JSON, no Statement, a statement without Effect', () => {
    const subject = (after: Record<string, unknown>, afterUnknown: Record<string, unknown> = {}) =>
      plannedResourceSubject(testPlan([{ address: 'aws_s3_bucket_policy.b', after: { bucket: 'b', ...after }, afterUnknown }]), 'aws_s3_bucket_policy.b');
    expect(policyDocumentReadable(subject({}, { policy: true }))).toEqual(['Document::policy:unknown']);
    expect(policyDocumentReadable(subject({ policy: '{"Statement": [' }))).toEqual(['Document::policy:not-json']);
    expect(policyDocumentReadable(subject({ policy: '{"Version": "2012-10-17"}' }))).toEqual(['Document::policy:no-statement']);
    expect(policyDocumentReadable(subject({ policy: '{"Statement": [{"Action": "s3:*"}]}' }))).toEqual(['Document::policy:invalid-statement']);
  });

  test("planned: an optional policy the configuration leaves to the provider (a KMS key's default) is not a finding; one it sets and is unknown is", () => {
    const plan = (expressions: Record<string, unknown>) =>
      testPlan([{ address: 'aws_kms_key.k', after: { description: 'k' }, afterUnknown: { policy: true, arn: true } }], { 'aws_kms_key.k': expressions });
    const verdicts = judgeResources(policyDocumentReadable, {
      compliant: plannedResourceSubject(plan({ description: { constant_value: 'k' } }), 'aws_kms_key.k'),
      nonCompliant: plannedResourceSubject(plan({ description: { constant_value: 'k' }, policy: { references: ['data.aws_iam_policy_document.k.json'] } }), 'aws_kms_key.k'),
    });
    expect(verdicts).toEqual({ compliant: 'not-applicable', nonCompliant: ['Document::policy:unknown'] });
  });

  test('synthesized: a missing policy argument and an unresolvable reference are findings; a resolved document is not', () => {
    const stack = (policy: unknown): TerraformJson => ({ resource: { ...uploader, aws_iam_user_policy: { p: { user: '${aws_iam_user.uploader.name}', ...(policy === undefined ? {} : { policy }) } } } });
    const verdicts = judgeResources(policyDocumentReadable, {
      compliant: synthesizedResourceSubject(stack(putObject), 'aws_iam_user_policy.p'),
      nonCompliant: synthesizedResourceSubject(stack(undefined), 'aws_iam_user_policy.p'),
    });
    expect(verdicts).toEqual({ compliant: 'compliant', nonCompliant: ['Document::policy:missing'] });
    expect(policyDocumentReadable(synthesizedResourceSubject(stack('${data.aws_iam_policy_document.absent.json}'), 'aws_iam_user_policy.p'))).toEqual(['Document::policy:unknown']);
  });

  test("synthesized: a role's named inline_policy without a policy is a finding; the empty block that removes them all is not", () => {
    const role = (inline: object[]): TerraformJson => ({
      resource: { aws_iam_role: { task: { name: 'pazpaz-task', assume_role_policy: doc({ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }), inline_policy: inline } } },
    });
    const verdicts = judgeResources(policyDocumentReadable, {
      compliant: synthesizedResourceSubject(role([{}]), 'aws_iam_role.task'),
      nonCompliant: synthesizedResourceSubject(role([{ name: 'orphan' }]), 'aws_iam_role.task'),
    });
    expect(verdicts).toEqual({ compliant: 'compliant', nonCompliant: ['Document::inline_policy[orphan].policy:missing'] });
  });

  test('a resource without a policy document is not applicable', () => {
    expect(policyDocumentReadable(synthesizedResourceSubject({ resource: uploader }, 'aws_iam_user.uploader'))).toBe('not-applicable');
  });
});
