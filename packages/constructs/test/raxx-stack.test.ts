import { App, Testing } from 'cdktf';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RaxxStack, declareOutOfStateCredential, workspaceName } from '../src';
import { DataResource } from 'cdktf';

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

describe('out-of-state credential metadata', () => {
  it('records the credential in the owner resource\'s comment block, which Terraform ignores', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'raxx-stack-'));
    const app = new App({ outdir });
    const stack = new RaxxStack(app, 's');
    const owner = new DataResource(stack, 'owner', {});
    declareOutOfStateCredential(owner, {
      name: 'k',
      kind: 'aws_iam_access_key',
      userName: 'u',
      region: 'us-east-1',
      rotateEveryDays: 90,
      consumers: [{ repository: 'o/r', secrets: { A: 'AccessKeyId' }, workflow: 'w.yml' }],
      runbook: 'seed.txt',
    });
    app.synth();
    // Testing.synth drops the `//` blocks, so read what the app wrote, as the rotation tool does.
    const synthesized = JSON.parse(readFileSync(join(outdir, 'stacks', 's', 'cdk.tf.json'), 'utf8'));
    const comment = synthesized.resource.terraform_data.owner['//'];
    expect(comment.raxx_out_of_state_credential).toEqual({
      name: 'k',
      kind: 'aws_iam_access_key',
      userName: 'u',
      region: 'us-east-1',
      rotateEveryDays: 90,
      consumers: [{ repository: 'o/r', secrets: { A: 'AccessKeyId' }, workflow: 'w.yml' }],
      runbook: 'seed.txt',
    });
    expect(comment.metadata.path).toBe('s/owner');
  });
});
