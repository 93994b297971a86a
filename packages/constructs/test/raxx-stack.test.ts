import { Testing } from 'cdktf';
import { RaxxStack, declareOutOfStateCredential, workspaceName } from '../src';
import { synthesizeStack } from '../src/testing';
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
