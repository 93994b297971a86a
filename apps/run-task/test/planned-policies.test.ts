import { plannedPolicies } from '../src/planned-policies';
import type { JsonObject } from '@raxx/rotation/graph/terraform-json';

const document = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'S', Effect: 'Allow', Action: action, Resource: 'arn:aws:s3:::b/*' }] });

function change(address: string, actions: string[], after: JsonObject | null, afterUnknown: JsonObject = {}): JsonObject {
  const [type] = address.split('.');
  return { address, mode: 'managed', type, name: address.split('.')[1], change: { actions, after, after_unknown: afterUnknown } };
}

describe('the policies a plan leaves in place', () => {
  test('planned documents of policies, roles (trust and inline) and attachments; deleted ones are not checked', () => {
    const planned = plannedPolicies(
      {
        resource_changes: [
          change('aws_iam_user_policy.put', ['no-op'], { policy: document('s3:PutObject') }),
          change('aws_iam_role.task', ['update'], { assume_role_policy: document('sts:AssumeRole'), inline_policy: [{ name: 'extra', policy: document('s3:GetObject') }] }),
          change('aws_iam_role_policy_attachment.admin', ['create'], { policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
          change('aws_iam_user_policy.gone', ['delete'], null),
        ],
      },
      'stack',
    );
    expect(planned.policies.map((policy) => [policy.address, policy.origin])).toEqual([
      ['aws_iam_user_policy.put', 'inline'],
      ['aws_iam_role.task', 'trust'],
      ['aws_iam_role.task.inline_policy[extra]', 'inline'],
    ]);
    expect(planned.attachments).toEqual([{ stack: 'stack', address: 'aws_iam_role_policy_attachment.admin', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }]);
    expect(planned.uncheckable).toEqual([]);
  });

  test('a policy known only after apply, or not a policy document, is uncheckable, never skipped', () => {
    const planned = plannedPolicies(
      {
        resource_changes: [
          change('aws_iam_user_policy.later', ['create'], { name: 'p' }, { policy: true }),
          change('aws_iam_user_policy.odd', ['update'], { policy: '{"not":"iam"}' }),
          change('aws_iam_user_policy_attachment.later', ['create'], {}, { policy_arn: true }),
        ],
      },
      'stack',
    );
    expect(planned.uncheckable).toEqual([
      { address: 'aws_iam_user_policy.later', reason: 'policy is known only after apply' },
      { address: 'aws_iam_user_policy.odd', reason: 'policy is not an IAM policy document' },
      { address: 'aws_iam_user_policy_attachment.later', reason: 'policy_arn is known only after apply' },
    ]);
  });
});
