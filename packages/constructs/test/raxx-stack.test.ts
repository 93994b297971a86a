import { App, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RaxxStack, declareOutOfStateCredential, workspaceName } from '../src';
import { synthesizeStack } from '../src/testing';
import { DataResource } from 'cdktf';

// The module object itself (cdktf calls `child_process.execSync` through it), not an import copy.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const childProcess: typeof import('node:child_process') = require('node:child_process');

function synth(stack: RaxxStack): Record<string, any> {
  return JSON.parse(Testing.synth(stack));
}

describe('RaxxStack backends', () => {
  it('keeps state locally in a git-ignored folder per stack by default', () => {
    const stack = new RaxxStack(Testing.app(), 'tomoda-dev');
    expect(synth(stack).terraform.backend).toEqual({ local: { path: '../../../state/tomoda-dev/terraform.tfstate' } });
  });

  it('uses its own named Terraform Cloud workspace when an organization is configured', () => {
    const stack = new RaxxStack(Testing.app(), 'tomoda-prod', { terraformCloudOrganization: 'raxx' });
    expect(synth(stack).terraform.cloud).toEqual({ organization: 'raxx', workspaces: { name: 'raxx-tomoda-prod' } });
    expect(synth(stack).terraform.backend).toBeUndefined();
    expect(workspaceName('pazpaz-dev')).toBe('raxx-pazpaz-dev');
  });
});

describe('RaxxStack validations', () => {
  const appIn = () => new App({ outdir: mkdtempSync(join(tmpdir(), 'raxx-stack-')) });

  it('synthesizes a Terraform Cloud stack without running `terraform version` (cdktf\'s cloud backend check, one child process per stack)', () => {
    const execSync = jest.spyOn(childProcess, 'execSync');
    try {
      const app = appIn();
      new RaxxStack(app, 'tomoda-prod', { terraformCloudOrganization: 'raxx' });
      new RaxxStack(app, 'pazpaz-prod', { terraformCloudOrganization: 'raxx' });
      app.synth();
      expect(execSync.mock.calls.map((call) => call[0])).toEqual([]);
    } finally {
      execSync.mockRestore();
    }
  });

  it('still fails the synthesis on any other validation, in cdktf\'s words', () => {
    const app = appIn();
    const stack = new RaxxStack(app, 'tomoda-prod', { terraformCloudOrganization: 'raxx' });
    new Construct(stack, 'uploader').node.addValidation({ validate: () => ['bucketName must be set'] });
    expect(() => app.synth()).toThrow(
      "Validation failed with the following errors:\n  [tomoda-prod/uploader] bucketName must be set\n\nIf you wish to ignore these validations, pass 'skipValidation: true' to your App configuration.\n",
    );
  });
});

describe('out-of-state credential metadata', () => {
  it('records the credential in the owner resource\'s comment block, which Terraform ignores', () => {
    const credential = {
      name: 'k',
      kind: 'aws_iam_access_key',
      userName: 'u',
      region: 'us-east-1',
      rotateEveryDays: 90,
      consumers: [{ repository: 'o/r', secrets: { A: 'AccessKeyId' }, workflow: 'w.yml' }],
      runbook: 'seed.txt',
    } as const;
    // Testing.synth drops the `//` blocks, so read what the app writes, as the rotation tool does.
    const { json } = synthesizeStack((app) => {
      const stack = new RaxxStack(app, 's');
      declareOutOfStateCredential(new DataResource(stack, 'owner', {}), credential);
      return stack;
    });
    const comment = json.resource.terraform_data.owner['//'];
    expect(comment.raxx_out_of_state_credential).toEqual(credential);
    expect(comment.metadata.path).toBe('s/owner');
  });
});
