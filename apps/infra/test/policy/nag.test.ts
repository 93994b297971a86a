import { composeProofs, formatFinding, nagPassed, runNag } from '@raxx/policy-proof';
import { raxxProofs } from '../../src/proofs';
import { Synthesis, synthesize } from './synthesized';

const synthesis = synthesize();
const withOidc = synthesize({ RAXX_FREESCOUT_GITHUB_OIDC: 'true' });

/** The generic pack plus every stack's rules, with every stack's exceptions, as the nag CLI runs it. */
function packOf(of: Synthesis): { pack: ReturnType<typeof composeProofs>['pack']; exceptions: ReturnType<typeof composeProofs>['exceptions'] } {
  const { pack, exceptions } = composeProofs(raxxProofs(of.app));
  return { pack, exceptions };
}

test('the rule pack passes on every synthesized stack', async () => {
  const report = await runNag(synthesis.stacks, synthesis.config, packOf(synthesis));
  expect([...report.errors, ...report.findings.map(formatFinding)]).toEqual([]);
  expect(synthesis.stacks.map((s) => s.name)).toEqual(
    expect.arrayContaining(['freescout-backup', 'tomoda-dev', 'tomoda-staging', 'tomoda-prod', 'pazpaz-dev', 'pazpaz-staging', 'pazpaz-prod']),
  );
  expect(nagPassed(report)).toBe(true);
});

test('on the synthesized repository, no stack reads sensitive remote state and no credential is a repository-level GitHub secret', async () => {
  const report = await runNag(synthesis.stacks, synthesis.config, packOf(synthesis));
  expect(report.evaluations['RAXX-STATE1']).toBe(synthesis.stacks.length);
  expect(report.evaluations['RAXX-GH1']).toBe(synthesis.stacks.length);
  expect([...report.findings, ...report.allowed].filter((f) => f.ruleId === 'RAXX-STATE1' || f.ruleId === 'RAXX-GH1')).toEqual([]);
  const secretStacks = synthesis.stacks.filter((s) => s.json.resource?.github_actions_environment_secret).map((s) => s.name);
  expect(secretStacks).toEqual(['r2-backups-dev', 'r2-backups-prod', 'r2-backups-staging']);
});

test('the rule pack passes with the FreeScout GitHub OIDC role opted in', async () => {
  const report = await runNag(withOidc.stacks, withOidc.config, packOf(withOidc));
  expect([...report.errors, ...report.findings.map(formatFinding)]).toEqual([]);
  expect(report.allowed.filter((f) => f.address === 'aws_iam_role_policy.freescout_backup_github').map((f) => f.sid)).toEqual([
    'S3HeadBucket',
    'KMSBackup',
    'LightsailSnapshotManage',
  ]);
});

test('each stack\'s exceptions allow exactly the Resource "*" statements its seed needs, and none is stale', async () => {
  const { pack, exceptions } = packOf(synthesis);
  const report = await runNag(synthesis.stacks, synthesis.config, { pack, exceptions });
  expect(report.allowed.map((f) => `${f.stack} ${f.address} ${f.sid} ${f.finding}`).sort()).toEqual([
    'freescout-backup aws_iam_user_policy.freescout_backup KMSBackup Resource::*',
    'freescout-backup aws_iam_user_policy.freescout_backup LightsailSnapshotManage Resource::*',
    'freescout-backup aws_iam_user_policy.freescout_backup S3HeadBucket Resource::*',
    ...['dev', 'prod', 'staging'].flatMap((env) => [
      `pazpaz-${env} aws_iam_role_policy.backend_task CloudWatchMetrics Resource::*`,
      `pazpaz-${env} aws_iam_role_policy.task_execution ECRAccess Resource::*`,
    ]),
  ]);
  const used = new Set(report.allowed.map((f) => `${f.stack} ${f.address.replace(/ \(via .*\)$/, '')} ${f.sid}`));
  expect(exceptions.map((e) => `${e.stack} ${e.address} ${e.sid}`).filter((key) => !used.has(key))).toEqual([]);
});

test('an exception with a too-short reason is itself an error', async () => {
  const { pack, exceptions } = packOf(synthesis);
  const report = await runNag(synthesis.stacks, synthesis.config, {
    pack,
    exceptions: [...exceptions, { id: 'RAXX-IAM3', stack: 'tomoda-dev', address: 'aws_iam_user_policy.uploader_policy', reason: 'fine' }],
  });
  expect(report.errors).toEqual([
    'exception RAXX-IAM3 on tomoda-dev aws_iam_user_policy.uploader_policy: reason "fine" is shorter than 20 characters; say why the finding is acceptable',
  ]);
  expect(nagPassed(report)).toBe(false);
});
