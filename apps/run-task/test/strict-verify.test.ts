import { describeError } from '@raxx/rotation/render/errors';
import type { StackGraph } from '@raxx/rotation/graph/graph';
import type { ReplaceRotationPlan } from '@raxx/rotation/runbook';
import { planRotation } from '@raxx/rotation/runbook';
import { verifyStrictly } from '../src/strict-verify';
import type { TerraformPlanJson } from '@raxx/rotation/verify/verify';
import { parsePlanJson } from '@raxx/rotation/verify/verify';
import { fixtureGraph } from '../../../tools/rotate/test/support/fixture-repo';

/** The fixture's app-dev rotation of uploader_key, and a plan made of `actions` per address. */
async function setting(actions: Array<[string, string[], string?]>, extra: Record<string, unknown> = {}) {
  const graph = await fixtureGraph();
  const result = planRotation(graph, { target: 'uploader_key', stack: 'app-dev' });
  if (!result.ok) throw new Error(describeError(result.error));
  const rotation = result.value[0] as ReplaceRotationPlan;
  const plan = { format_version: '1.2', resource_changes: actions.map(([address, list, reason]) => ({ address, change: { actions: list }, ...(reason ? { action_reason: reason } : {}) })), ...extra } as unknown as TerraformPlanJson;
  return verifyStrictly(plan, graph.stacks.get('app-dev') as StackGraph, rotation.expected);
}

const ROTATION: Array<[string, string[], string?]> = [
  ['aws_iam_access_key.uploader_key', ['delete', 'create'], 'replace_by_request'],
  ['aws_secretsmanager_secret_version.creds', ['delete', 'create'], 'replace_because_cannot_update'],
];

describe('the run task verifies a rotation strictly', () => {
  test('exactly the predicted rotation passes', async () => {
    expect(await setting(ROTATION)).toEqual({ ok: true, value: { deviations: [], matched: ['aws_iam_access_key.uploader_key', 'aws_secretsmanager_secret_version.creds'] } });
  });

  test('an extra in-place update fails, naming the address', async () => {
    const result = await setting([...ROTATION, ['aws_iam_user_policy.uploader_policy', ['update']]]);
    expect(result.ok && result.value.deviations).toEqual([{ address: 'aws_iam_user_policy.uploader_policy', line: 'aws_iam_user_policy.uploader_policy: updated in place, predicted no change' }]);
  });

  test('the rotation target replaced because it was tainted (the seed\'s "taint and apply") is the same rotation', async () => {
    const result = await setting([['aws_iam_access_key.uploader_key', ['delete', 'create'], 'replace_because_tainted'], ROTATION[1]]);
    expect(result.ok && result.value.deviations).toEqual([]);
  });

  test('another reason on the rotation target (replace_because_cannot_update) still fails', async () => {
    const result = await setting([['aws_iam_access_key.uploader_key', ['delete', 'create'], 'replace_because_cannot_update'], ROTATION[1]]);
    expect(result.ok && result.value.deviations).toEqual([
      { address: 'aws_iam_access_key.uploader_key', line: 'aws_iam_access_key.uploader_key: replaced with action_reason replace_because_cannot_update, predicted replace_by_request' },
    ]);
  });

  test.each([
    ['an errored plan', { errored: true }, 'plan: "errored": Terraform stopped on an error, the plan is partial'],
    ['an unapplyable plan', { applyable: false }, 'plan: "applyable" is false, Terraform cannot apply it'],
  ] as Array<[string, Record<string, unknown>, string]>)('%s is refused', async (_name, extra, line) => {
    const result = await setting(ROTATION, extra);
    expect(result.ok && result.value.deviations).toEqual([{ address: '(plan)', line }]);
  });

  test('a duplicate address that could mask the replace is refused before any check (the plan reader the run task uses)', () => {
    const text = JSON.stringify({ format_version: '1.2', resource_changes: [...ROTATION, ['aws_iam_access_key.uploader_key', ['no-op']]].map(([address, list]) => ({ address, change: { actions: list } })) });
    const parsed = parsePlanJson(text, 'the plan JSON of run-1');
    expect(parsed.ok ? 'accepted' : describeError(parsed.error)).toMatch(/^malformed plan the plan JSON of run-1: resource_changes lists aws_iam_access_key\.uploader_key twice/);
  });
});
