/**
 * The stack's own proof: RAXX-FS1 (no access key in state) judged on a compliant and a non-compliant
 * stack and on this stack as it synthesizes, and the proof's names read from the stack (never re-derived).
 */
import { loadPlatformConfig } from '@raxx/config';
import type { StackSubject } from '@raxx/policy-proof';
import { Testing } from 'cdktf';
import { freescoutNoAccessKey, freescoutProof } from '../proof';
import { FreescoutBackupStack } from '../src';
import { synthesize } from './synth';

const config = loadPlatformConfig({}).freescout;
const subject = (stackName: string, json: StackSubject['json']): StackSubject => ({ stackName, json, stacks: [] });

describe('RAXX-FS1: the FreeScout key is made by hand, never in state', () => {
  test('a stack with only the user is compliant; one with an access key is a finding naming it', () => {
    expect(freescoutNoAccessKey(subject('freescout-backup', { resource: { aws_iam_user: { freescout_backup: { name: 'raxx-freescout-backup' } } } }))).toBe('compliant');
    expect(freescoutNoAccessKey(subject('freescout-backup', { resource: { aws_iam_access_key: { backup_key: { user: 'raxx-freescout-backup' } } } }))).toEqual([
      'Resource::aws_iam_access_key.backup_key',
    ]);
  });

  test('other stacks may hold access keys (not applicable)', () => {
    expect(freescoutNoAccessKey(subject('tomoda-dev', { resource: { aws_iam_access_key: { uploader_key: {} } } }))).toBe('not-applicable');
  });

  test('the synthesized stack, with and without the OIDC role, complies', () => {
    for (const githubOidc of [false, true]) {
      const { json } = synthesize((app) => new FreescoutBackupStack(app, { config: { ...config, githubOidc } }));
      expect(freescoutNoAccessKey(subject('freescout-backup', json))).toBe('compliant');
    }
  });
});

describe('the proof reads its names from the stack', () => {
  test('principals are the synthesized addresses of the user and (opted in) the role; the role adds its exceptions', () => {
    const plain = freescoutProof(new FreescoutBackupStack(Testing.app(), { config }));
    expect([...new Set(plain.sentences.map((s) => s.principal))]).toEqual(['aws_iam_user.freescout_backup']);
    expect(plain.exceptions.map((e) => `${e.address} ${e.sid}`)).toEqual([
      'aws_iam_user_policy.freescout_backup S3HeadBucket',
      'aws_iam_user_policy.freescout_backup KMSBackup',
      'aws_iam_user_policy.freescout_backup LightsailSnapshotManage',
    ]);
    const withRole = freescoutProof(new FreescoutBackupStack(Testing.app(), { config: { ...config, githubOidc: true } }));
    expect([...new Set(withRole.sentences.map((s) => s.principal))]).toEqual(['aws_iam_user.freescout_backup', 'aws_iam_role.freescout_backup_github']);
    expect(withRole.exceptions).toHaveLength(6);
    expect(withRole.rules.map((rule) => rule.id)).toEqual(['RAXX-FS1']);
  });
});
