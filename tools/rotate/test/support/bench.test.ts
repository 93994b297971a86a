import { generateParsedStack, planEveryTarget } from './bench';
import { planRotationOf } from '@raxx/rotation/runbook';
import { allRotationTargets } from '@raxx/rotation/graph/targets';

describe('the planner on generated configurations (timings are `npm run bench`\'s, never a test\'s)', () => {
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

  test('2,000 resources: every key gets a plan, and a key\'s blast radius is its own unit, as in a 30-resource configuration', async () => {
    const large = await generateParsedStack(2000);
    const { graph, plans } = planEveryTarget([large]);
    expect(graph.stacks.get('bench')?.nodes.size).toBe(2000 + 200);
    expect(plans).toBe(200 + 40);
    const small = planEveryTarget([await generateParsedStack(30)]).graph;
    const radius = (of: typeof graph, address: string) => {
      const plan = planRotationOf(of, allRotationTargets(of).find((candidate) => candidate.address === address)!);
      return plan.kind === 'replace' ? plan.expected.changes.map((change) => `${change.address} ${change.action}`) : [];
    };
    expect(radius(graph, 'aws_iam_access_key.key_1')).toEqual(radius(small, 'aws_iam_access_key.key_1'));
    expect(radius(graph, 'aws_iam_access_key.key_199')).toEqual(radius(small, 'aws_iam_access_key.key_1').map((line) => line.replace(/_1 /, '_199 ')));
  }, 60_000);
});
