import { describeError } from '../../src/errors';
import type { StackGraph } from '../../src/graph';
import type { ReplaceRotationPlan } from '../../src/runbook';
import { planRotation } from '../../src/runbook';
import { verifyStrictly } from '../../src/run-task/strict-verify';
import type { TerraformPlanJson } from '../../src/verify';
import { fixtureGraph } from '../fixture-repo';

/** The fixture's app-dev rotation of uploader_key, and a plan made of `actions` per address. */
async function setting(actions: Array<[string, string[]]>, extra: Record<string, unknown> = {}) {
  const graph = await fixtureGraph();
  const result = planRotation(graph, { target: 'uploader_key', stack: 'app-dev' });
  if (!result.ok) throw new Error(describeError(result.error));
  const rotation = result.value[0] as ReplaceRotationPlan;
  const plan = { format_version: '1.2', resource_changes: actions.map(([address, list]) => ({ address, change: { actions: list } })), ...extra } as unknown as TerraformPlanJson;
  return verifyStrictly(plan, graph.stacks.get('app-dev') as StackGraph, rotation.expected);
}

const ROTATION: Array<[string, string[]]> = [
  ['aws_iam_access_key.uploader_key', ['delete', 'create']],
  ['aws_secretsmanager_secret_version.creds', ['delete', 'create']],
];

describe('the run task verifies a rotation strictly', () => {
  test('exactly the predicted rotation passes', async () => {
    expect(await setting(ROTATION)).toEqual({ ok: true, value: { deviations: [], matched: ['aws_iam_access_key.uploader_key', 'aws_secretsmanager_secret_version.creds'] } });
  });

  test('an extra in-place update fails, naming the address (rotate verify only warns today)', async () => {
    const result = await setting([...ROTATION, ['aws_iam_user_policy.uploader_policy', ['update']]]);
    expect(result.ok && result.value.deviations).toEqual([{ address: 'aws_iam_user_policy.uploader_policy', line: 'aws_iam_user_policy.uploader_policy: update, predicted no change' }]);
  });

  test.each([
    ['an errored plan', ROTATION, { errored: true }, 'malformed plan of the run: the plan errored ("errored": true)'],
    ['an unapplyable plan', ROTATION, { applyable: false }, 'malformed plan of the run: the plan is not applyable ("applyable": false)'],
    ['a duplicate address that could mask the replace', [...ROTATION, ['aws_iam_access_key.uploader_key', ['no-op']]], {}, 'malformed plan of the run: aws_iam_access_key.uploader_key appears twice in resource_changes'],
  ] as Array<[string, Array<[string, string[]]>, Record<string, unknown>, string]>)('%s is refused', async (_name, actions, extra, message) => {
    const result = await setting(actions, extra);
    expect(result.ok ? 'accepted' : describeError(result.error)).toBe(message);
  });
});
