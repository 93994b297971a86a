import { DataResource, TerraformStack, Testing } from 'cdktf';
import { OUT_OF_BAND_CONSUMERS_KEY, OutOfBandConsumer, declareOutOfBandConsumers, iamRoleArn, synthesizeStack } from '../src';

const consumer: OutOfBandConsumer = {
  name: 'Vault',
  place: 'kv/backup',
  fields: { KEY_ID: 'key_id' },
  update: [{ description: 'store', command: 'vault kv put kv/backup id="$KEY_ID"' }],
  check: [{ description: 'read back', command: 'vault kv get kv/backup' }],
  expect: 'the new version',
  source: 'seed.txt',
};

describe('out-of-band consumers', () => {
  it('are recorded under the credential’s // block, which Terraform ignores and rotate reads', () => {
    const { json } = synthesizeStack((app) => {
      const stack = new TerraformStack(app, 's');
      declareOutOfBandConsumers(new DataResource(stack, 'key', { input: { id: 'x' } }), [consumer]);
      return stack;
    });
    expect(json.resource.terraform_data.key['//'][OUT_OF_BAND_CONSUMERS_KEY]).toEqual([consumer]);
  });

  it('refuse a consumer the runbook could not use, naming the field', () => {
    const key = new DataResource(new TerraformStack(Testing.app(), 's'), 'key', { input: { id: 'x' } });
    expect(() => declareOutOfBandConsumers(key, [{ ...consumer, fields: { 'key-id': 'key_id' } }])).toThrow(
      'out-of-band consumer "Vault": fields key "key-id" must be an upper-case shell variable name',
    );
    expect(() => declareOutOfBandConsumers(key, [{ ...consumer, fields: {} }])).toThrow('fields must name at least one output');
    expect(() => declareOutOfBandConsumers(key, [{ ...consumer, check: [] }])).toThrow('update and check must each have a command');
    expect(() => declareOutOfBandConsumers(key, [{ ...consumer, place: ' ' }])).toThrow('name and place must not be empty');
  });
});

describe('IAM role ARNs known at synthesis', () => {
  it('join account, path and name', () => {
    expect(iamRoleArn('111111111111', 'r')).toBe('arn:aws:iam::111111111111:role/r');
    expect(iamRoleArn('111111111111', 'r', '/raxx/x/')).toBe('arn:aws:iam::111111111111:role/raxx/x/r');
    expect(() => iamRoleArn('111111111111', 'r', 'raxx')).toThrow('iamRoleArn: path "raxx" must start and end with "/"');
  });
});
