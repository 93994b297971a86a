import { generateParsedStack, planEveryTarget } from '../src/bench';
import { planRotationOf } from '../src/runbook';
import { allRotationTargets } from '../src/targets';

function timed(fn: () => void): number {
  const started = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

describe('the planner is fast and linear', () => {
  test('a generated access key flows into its secret version, Kubernetes secret and output', async () => {
    const stack = await generateParsedStack(30);
    const { graph } = planEveryTarget([stack]);
    const target = allRotationTargets(graph).find((candidate) => candidate.address === 'aws_iam_access_key.key_1');
    const plan = planRotationOf(graph, target!);
    if (plan.kind !== 'replace') throw new Error(plan.kind);
    expect(plan.expected.changes.map((change) => [change.address, change.action])).toEqual([
      ['aws_iam_access_key.key_1', 'replace'],
      ['aws_secretsmanager_secret_version.version_1', 'replace'],
      ['kubernetes_secret_v1.k8s_1', 'update'],
    ]);
    expect(plan.expected.outputChanges.map((output) => output.name)).toEqual(['key_id_1']);
    expect(plan.followUps.map((followUp) => followUp.kind)).toEqual(['external-secret-refresh', 'restart-consumers', 'out-of-band-outputs']);
  });

  test('10,000 resources: graph and a plan for every target in under a second, within 3x of linear from 1,000', async () => {
    const small = await generateParsedStack(1000);
    const large = await generateParsedStack(10000);
    planEveryTarget([small]);
    planEveryTarget([large]);
    const smallMs = Math.min(...[0, 1, 2].map(() => timed(() => planEveryTarget([small]))));
    const largeMs = Math.min(...[0, 1, 2].map(() => timed(() => planEveryTarget([large]))));
    expect(largeMs).toBeLessThan(1000);
    expect(largeMs / smallMs).toBeLessThan(30);
  }, 60_000);
});
