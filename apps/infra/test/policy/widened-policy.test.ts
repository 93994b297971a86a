/**
 * A deliberately widened policy (s3:* added to the uploader, in a copy of the synthesized JSON) must
 * fail both the rule pack and the simulation, each naming the statement.
 */
import { formatFinding, nagPassed, runNag } from '@raxx/policy-proof';
import { proveSentence } from '@raxx/policy-proof/simulation';
import { tomodaSentences } from '@raxx/stack-tomoda/proof';
import { resolveAllPrincipals } from '@raxx/policy-proof';
import { SynthesizedStack } from '@raxx/policy-proof';
import { stackNamed, synthesize } from './synthesized';

const synthesis = synthesize();

function widenedUploader(stack: SynthesizedStack): SynthesizedStack {
  const json = structuredClone(stack.json) as { data: { aws_iam_policy_document: { uploader_policy: { statement: { actions: string[] }[] } } } };
  json.data.aws_iam_policy_document.uploader_policy.statement[0].actions.push('s3:*');
  return { name: stack.name, json: json as SynthesizedStack['json'] };
}

const widened = widenedUploader(stackNamed(synthesis, 'tomoda-dev'));

test('the rule pack fails on the widened uploader, naming stack, policy, Sid and s3:*', async () => {
  const report = await runNag([widened], synthesis.config);
  expect(nagPassed(report)).toBe(false);
  expect(report.findings.map(formatFinding)).toEqual([
    'tomoda-dev aws_iam_user_policy.uploader_policy (via data.aws_iam_policy_document.uploader_policy) Sid AllowS3Upload: RAXX-IAM2 Action::s3:* (An Allow statement uses a wildcard action such as s3:* or s3:Get*.)',
  ]);
});

test('the simulation fails on the widened uploader, naming the statement that now allows GetObject and DeleteObject', async () => {
  const principals = resolveAllPrincipals([widened], synthesis.config);
  const outcomes = (await Promise.all(tomodaSentences(synthesis.app.tomoda, 'dev').map((s) => proveSentence(s, principals)))).flat();
  const failures = outcomes.filter((o) => !o.holds).map((o) => o.message);
  const objectArn = 'arn:aws:s3:::tomoda-assets-dev/avatars/user-42.png';
  const by = 'Allowed by aws_iam_user_policy.uploader_policy (via data.aws_iam_policy_document.uploader_policy) Sid AllowS3Upload';
  expect(failures).toEqual([
    `tomoda-dev aws_iam_user.uploader s3:DeleteObject on ${objectArn}: expected Denied, but ${by}`,
    `tomoda-dev aws_iam_user.uploader s3:DeleteObjectVersion on ${objectArn}: expected Denied, but ${by}`,
    `tomoda-dev aws_iam_user.uploader s3:GetObject on ${objectArn}: expected Denied, but ${by}`,
  ]);
});

test('the unmodified uploader passes both', async () => {
  const original = stackNamed(synthesis, 'tomoda-dev');
  expect(nagPassed(await runNag([original], synthesis.config))).toBe(true);
  const principals = resolveAllPrincipals([original], synthesis.config);
  const outcomes = (await Promise.all(tomodaSentences(synthesis.app.tomoda, 'dev').map((s) => proveSentence(s, principals)))).flat();
  expect(outcomes.every((o) => o.holds)).toBe(true);
});
