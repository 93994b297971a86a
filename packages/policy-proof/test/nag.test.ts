import { formatFinding, nagPassed, runNag } from '../src/run-nag';
import { RAXX_NAG_EXCEPTIONS } from '../src/nag-exceptions';
import { synthesize } from './synthesized';

const synthesis = synthesize();
const withOidc = synthesize({ RAXX_FREESCOUT_GITHUB_OIDC: 'true' });

test('the rule pack passes on every synthesized stack', async () => {
  const report = await runNag(synthesis.stacks, synthesis.config);
  expect([...report.errors, ...report.findings.map(formatFinding)]).toEqual([]);
  expect(synthesis.stacks.map((s) => s.name)).toEqual(
    expect.arrayContaining(['freescout-backup', 'tomoda-dev', 'tomoda-staging', 'tomoda-prod', 'pazpaz-dev', 'pazpaz-staging', 'pazpaz-prod']),
  );
  expect(nagPassed(report)).toBe(true);
});

test('on the synthesized repository, no stack reads sensitive remote state and no credential is a repository-level GitHub secret', async () => {
  const report = await runNag(synthesis.stacks, synthesis.config);
  expect(report.evaluations['RAXX-STATE1']).toBe(synthesis.stacks.length);
  expect(report.evaluations['RAXX-GH1']).toBe(synthesis.stacks.length);
  expect([...report.findings, ...report.allowed].filter((f) => f.ruleId === 'RAXX-STATE1' || f.ruleId === 'RAXX-GH1')).toEqual([]);
  const secretStacks = synthesis.stacks.filter((s) => s.json.resource?.github_actions_environment_secret).map((s) => s.name);
  expect(secretStacks).toEqual(['r2-backups-dev', 'r2-backups-prod', 'r2-backups-staging']);
});

test('the rule pack passes with the FreeScout GitHub OIDC role opted in', async () => {
  const report = await runNag(withOidc.stacks, withOidc.config);
  expect([...report.errors, ...report.findings.map(formatFinding)]).toEqual([]);
  expect(report.allowed.filter((f) => f.address === 'aws_iam_role_policy.freescout_backup_github').map((f) => f.sid)).toEqual([
    'S3HeadBucket',
    'KMSBackup',
    'LightsailSnapshotManage',
  ]);
});

test('every Resource "*" the pack allows carries a reason', async () => {
  const report = await runNag(synthesis.stacks, synthesis.config);
  expect(report.allowed.length).toBeGreaterThan(0);
  for (const allowed of report.allowed) expect(allowed.reason.length).toBeGreaterThanOrEqual(20);
});

test('an exception with a too-short reason is itself an error', async () => {
  const report = await runNag(synthesis.stacks, synthesis.config, {
    exceptions: [...RAXX_NAG_EXCEPTIONS, { id: 'RAXX-IAM3', stack: 'tomoda-dev', address: 'aws_iam_user_policy.uploader_policy', reason: 'fine' }],
  });
  expect(report.errors).toEqual([
    'exception RAXX-IAM3 on tomoda-dev aws_iam_user_policy.uploader_policy: reason "fine" is shorter than 20 characters; say why the finding is acceptable',
  ]);
  expect(nagPassed(report)).toBe(false);
});
