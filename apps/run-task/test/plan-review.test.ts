/**
 * The review every post_plan run gets, on a real Terraform plan of the tomoda-prod shadow that deletes
 * the bucket: an intended removal declared with a reason (RAXX-REMOVE1, beside the stack as a nag
 * exception is) passes; a declaration with a too-short reason is itself an error.
 */
import { buildRepositoryGraph } from '@raxx/rotation/graph/graph';
import type { StackGraph } from '@raxx/rotation/graph/graph';
import { installedReplacementTable, parseStackFiles, readStackFiles } from '@raxx/rotate';
import type { NagException } from '@raxx/policy-proof';
import type { RepositoryGraph } from '@raxx/rotation/graph/graph';
import { WORKSPACE_ROOT } from '../../../tools/rotate/test/support/fixture-repo';
import { appliedShadowOf, asServedPlan, planShadow, synthesizeRealRepo, withoutResource } from '../../../tools/rotate/test/support/real-plans';
import { reviewPlan } from '../src/review';
import { redirectAllowed } from '@raxx/tfc-api/tfc-client';
import { weakKeyReason } from '../src/serve';

jest.setTimeout(120_000);

const OUTDIR = synthesizeRealRepo();
let graph: RepositoryGraph;
let deleteOnly = '';

beforeAll(async () => {
  const files = readStackFiles(WORKSPACE_ROOT, OUTDIR);
  if (!files.ok) throw new Error(files.error.kind);
  graph = buildRepositoryGraph(await parseStackFiles(files.value), installedReplacementTable());
  const applied = await appliedShadowOf(graph.stacks.get('tomoda-prod') as StackGraph);
  const plan = await planShadow(withoutResource(applied, 'aws_s3_bucket.static_assets'), { name: 'delete-bucket' });
  deleteOnly = JSON.stringify(asServedPlan(plan, OUTDIR, 'tomoda-prod'));
});

const removal = (address: string, reason: string): NagException => ({ id: 'RAXX-REMOVE1', stack: 'tomoda-prod', address, reason });

describe('declared removals', () => {
  test('the bucket delete (and the secret version Terraform replaces with it) declared with a reason passes', async () => {
    const outcomes = await reviewPlan(graph, 'raxx-tomoda-prod', 'run-declared', deleteOnly, [
      removal('aws_s3_bucket.static_assets', 'the static assets move to the CDN bucket of issue 99'),
      removal('aws_secretsmanager_secret_version.s3_uploader_creds_a', 'rewritten with the new bucket name, same key'),
    ]);
    expect(outcomes.map((outcome) => [outcome.id, outcome.passed])).toEqual([
      ['plan', true],
      ['destroys', true],
      ['iam-rule-pack', true],
    ]);
    expect(outcomes[1].description).toBe('destroys: 2 declared removal(s) (aws_s3_bucket.static_assets, aws_secretsmanager_secret_version.s3_uploader_creds_a)');
  });

  test('a declaration whose reason is too short does not allow the removal and is itself an error', async () => {
    const outcomes = await reviewPlan(graph, 'raxx-tomoda-prod', 'run-short', deleteOnly, [removal('aws_s3_bucket.static_assets', 'cleanup')]);
    const destroys = outcomes.find((outcome) => outcome.id === 'destroys');
    expect(destroys?.passed).toBe(false);
    expect(destroys?.body).toContain('- `aws_s3_bucket.static_assets`: deleted (delete_because_no_resource_config); rule RAXX-REMOVE1');
    expect(destroys?.body).toContain('- `aws_s3_bucket.static_assets`: the RAXX-REMOVE1 declaration\'s reason "cleanup" is shorter than 20 characters');
  });

  test('a declaration for another stack allows nothing here', async () => {
    const outcomes = await reviewPlan(graph, 'raxx-tomoda-prod', 'run-other', deleteOnly, [{ ...removal('aws_s3_bucket.static_assets', 'the static assets move to the CDN bucket'), stack: 'tomoda-dev' }]);
    expect(outcomes.find((outcome) => outcome.id === 'destroys')?.passed).toBe(false);
  });
});

describe('redirects of the plan download', () => {
  test('https is followed; plain http only on loopback and only when TFE_ADDRESS is loopback http', () => {
    expect(redirectAllowed(new URL('https://archivist.terraform.io/v1/object/x'), 'https://app.terraform.io')).toBe(true);
    expect(redirectAllowed(new URL('http://127.0.0.1:9999/x'), 'https://app.terraform.io')).toBe(false);
    expect(redirectAllowed(new URL('http://archivist.example/x'), 'http://127.0.0.1:8080')).toBe(false);
    expect(redirectAllowed(new URL('http://127.0.0.1:9999/x'), 'http://127.0.0.1:8080')).toBe(true);
  });
});

describe('the HMAC key', () => {
  test.each([
    ['k'.repeat(64), 'is one repeated character, not a random key'],
    ['abcabcabc'.repeat(5), 'has only 3 distinct characters (at least 10), not a random key'],
    ['0123456789ab'.repeat(4), 'repeats a 12-character pattern, not a random key'],
  ])('%s is refused', (key, reason) => {
    expect(weakKeyReason(key)).toBe(reason);
  });

  test('a key like `openssl rand -hex 32` output is accepted', () => {
    expect(weakKeyReason('run-task-test-hmac-key-not-a-secret-0123')).toBeUndefined();
  });
});
