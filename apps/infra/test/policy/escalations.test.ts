/**
 * The escalations of issue 20, added to a copy of the synthesized tomoda-prod: a membership of
 * Administrators, a public bucket policy on the stack's own bucket, and a policy resource without
 * its document each fail the rule pack under their own rule; the real stacks pass every resource rule.
 */
import { composeProofs, formatFinding, runNag, SynthesizedStack } from '@raxx/policy-proof';
import { raxxProofs } from '../../src/proofs';
import { stackNamed, synthesize } from './synthesized';

const synthesis = synthesize();
const prod = stackNamed(synthesis, 'tomoda-prod');
type Resources = Record<string, Record<string, Record<string, unknown>>>;

function edited(edit: (resources: Resources) => void): SynthesizedStack {
  const json = structuredClone(prod.json) as { resource: Resources };
  edit(json.resource);
  return { name: prod.name, json: json as SynthesizedStack['json'] };
}

const resourceFindings = async (stack: SynthesizedStack) =>
  (await runNag([stack], synthesis.config)).findings.filter((f) => ['RAXX-ADMIN1', 'RAXX-RES1', 'RAXX-DOC1'].includes(f.ruleId)).map(formatFinding);

test('every synthesized stack passes the resource rules, which see every policy resource and attachment', async () => {
  const { pack, exceptions } = composeProofs(raxxProofs(synthesis.app));
  const report = await runNag(synthesis.stacks, synthesis.config, { pack, exceptions });
  expect([...report.errors, ...report.findings.map(formatFinding)]).toEqual([]);
  const policyResources = synthesis.stacks.flatMap((s) => ['aws_iam_user_policy', 'aws_iam_role_policy', 'aws_iam_role'].flatMap((type) => Object.keys(s.json.resource?.[type] ?? {})));
  expect(report.evaluations['RAXX-DOC1']).toBe(policyResources.length);
  expect(report.evaluations['RAXX-RES1']).toBe(synthesis.stacks.flatMap((s) => Object.keys(s.json.resource?.aws_iam_role ?? {})).length);
  expect(report.evaluations['RAXX-ADMIN1']).toBeGreaterThanOrEqual(3);
});

test("adding the uploader to Administrators fails RAXX-ADMIN1, naming the membership", async () => {
  const stack = edited((r) => {
    r.aws_iam_user_group_membership = { escalate: { user: '${aws_iam_user.uploader.name}', groups: ['Administrators'] } };
  });
  expect(await resourceFindings(stack)).toEqual([
    expect.stringMatching(/^tomoda-prod aws_iam_user_group_membership\.escalate: RAXX-ADMIN1 Group::Administrators \(/),
  ]);
});

test('a bucket policy with Principal "*" on the stack\'s bucket fails RAXX-RES1', async () => {
  const stack = edited((r) => {
    const bucket = Object.keys(r.aws_s3_bucket)[0];
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `\${aws_s3_bucket.${bucket}.arn}/*` }] });
    r.aws_s3_bucket_policy = { public: { bucket: `\${aws_s3_bucket.${bucket}.id}`, policy } };
  });
  expect(await resourceFindings(stack)).toEqual([expect.stringMatching(/^tomoda-prod aws_s3_bucket_policy\.public: RAXX-RES1 Principal::\* \(/)]);
});

test("the uploader's policy without its document fails RAXX-DOC1 (and the proof says it cannot read it)", async () => {
  const stack = edited((r) => {
    delete r.aws_iam_user_policy.uploader_policy.policy;
  });
  const report = await runNag([stack], synthesis.config);
  expect(report.findings.map(formatFinding)).toEqual([expect.stringMatching(/^tomoda-prod aws_iam_user_policy\.uploader_policy: RAXX-DOC1 Document::policy:missing \(/)]);
  expect(report.errors).toEqual([expect.stringContaining('aws_iam_user_policy.uploader_policy: argument "policy" is missing')]);
});
