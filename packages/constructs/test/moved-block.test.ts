import { IamAccessKey } from '@cdktf/provider-aws/lib/iam-access-key';
import { IamUser } from '@cdktf/provider-aws/lib/iam-user';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { moveStateFrom } from '../src';

// The module object itself (cdktf calls `child_process.execSync` through it), not an import copy.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const childProcess: typeof import('node:child_process') = require('node:child_process');

function stackWithMoves(): { app: App; outdir: string } {
  const outdir = mkdtempSync(join(tmpdir(), 'moved-block-'));
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'slots');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const user = new IamUser(stack, 'user', { name: 'someone' });
  const keyA = new IamAccessKey(stack, 'key-a', { user: user.name });
  keyA.overrideLogicalId('uploader_key_a');
  moveStateFrom(keyA, 'aws_iam_access_key.uploader_key');
  const keyB = new IamAccessKey(stack, 'key-b', { user: user.name });
  keyB.overrideLogicalId('eso_reader_key_a');
  moveStateFrom(keyB, 'aws_iam_access_key.eso_reader_key');
  return { app, outdir };
}

describe('moved blocks as a stack override', () => {
  test('every move of a stack lands in one top-level moved list, from the old address to the new', () => {
    const { app, outdir } = stackWithMoves();
    app.synth();
    const json = JSON.parse(readFileSync(join(outdir, 'stacks', 'slots', 'cdk.tf.json'), 'utf8'));
    expect(json.moved).toEqual([
      { from: 'aws_iam_access_key.uploader_key', to: 'aws_iam_access_key.uploader_key_a' },
      { from: 'aws_iam_access_key.eso_reader_key', to: 'aws_iam_access_key.eso_reader_key_a' },
    ]);
  });

  test('the synthesis runs no `terraform version` child process (cdktf moveFromId adds one per stack)', () => {
    const execSync = jest.spyOn(childProcess, 'execSync');
    try {
      const { app } = stackWithMoves();
      app.synth();
      expect(execSync.mock.calls.map((call) => call[0])).toEqual([]);
    } finally {
      execSync.mockRestore();
    }
  });

  test('a resource moved twice is refused, naming both origins', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'moved-block-'));
    const stack = new TerraformStack(new App({ outdir }), 'twice');
    const key = new IamAccessKey(stack, 'key', { user: 'someone' });
    moveStateFrom(key, 'aws_iam_access_key.old');
    expect(() => moveStateFrom(key, 'aws_iam_access_key.older')).toThrow(/already moves from aws_iam_access_key\.old$/);
  });
});
