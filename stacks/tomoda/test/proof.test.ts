/**
 * The stack's own proof reads every name from the stacks (the bucket name is derived once, in the
 * stack): change the project name and the sentences follow, with no second derivation to update.
 */
import { ENVIRONMENT_NAMES, EnvironmentName, loadPlatformConfig } from '@raxx/config';
import type { IdentityCheck } from '@raxx/policy-proof';
import { Testing } from 'cdktf';
import { tomodaProof, tomodaSentences } from '../proof';
import { TomodaStack } from '../src';

// cdktf's record of where each token was created is not source-mapped in these tests (see the helper).

function stacksFor(projectName: string): Record<EnvironmentName, TomodaStack> {
  const config = loadPlatformConfig({});
  const app = Testing.app();
  return Object.fromEntries(
    ENVIRONMENT_NAMES.map((env) => [env, new TomodaStack(app, { environment: { ...config.environments[env], tomoda: { ...config.environments[env].tomoda, projectName } } })]),
  ) as Record<EnvironmentName, TomodaStack>;
}

test('the uploader sentences name the bucket the stack publishes, and the other environments\' buckets it must not reach', () => {
  const stacks = stacksFor('renamed');
  const sentences = tomodaSentences(stacks, 'dev');
  const resources = (text: string) => (sentences.find((s) => s.text === text)?.checks as IdentityCheck[]).map((check) => check.resource);
  expect(stacks.dev.published.assetsBucket).toBe('renamed-assets-dev');
  expect(resources('No s3:GetObject — the backend never reads back from S3 directly')).toEqual(['arn:aws:s3:::renamed-assets-dev/avatars/user-42.png']);
  expect(resources("the uploader cannot touch another environment's bucket")).toEqual([
    'arn:aws:s3:::renamed-assets-staging/avatars/user-42.png',
    'arn:aws:s3:::renamed-assets-prod/avatars/user-42.png',
  ]);
});

test('the sentences name the principals by their synthesized addresses, one stack per environment', () => {
  const proof = tomodaProof(stacksFor('tomoda'));
  expect([...new Set(proof.sentences.map((s) => `${s.stack} ${s.principal}`))]).toEqual(
    ENVIRONMENT_NAMES.flatMap((env) => [`tomoda-${env} aws_iam_user.uploader`, `tomoda-${env} aws_iam_user.eso_reader`]),
  );
  expect(proof.exceptions).toEqual([]);
});
