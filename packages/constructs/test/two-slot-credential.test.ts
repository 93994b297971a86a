import { IamAccessKey } from '@cdktf/provider-aws/lib/iam-access-key';
import { IamUser } from '@cdktf/provider-aws/lib/iam-user';
import type { RotatedCredentialConfig, SlotState } from '@raxx/config';
import { TerraformOutput, Testing } from 'cdktf';
import { CREDENTIAL_SLOT_KEY, RaxxStack, TwoSlotCredential, accountAwsProvider } from '../src';
import { synthesizeStack } from '../src/testing';

const AWS_STATUS = { attribute: 'status', active: 'Active', inactive: 'Inactive' } as const;

function config(slots: SlotState): RotatedCredentialConfig {
  return { slots, maxAgeDays: 90, observationWindowHours: 24 };
}

/** A stack with one user, its key in two slots, and an output that reads the active slot. */
function synthKeys(slots: SlotState, previousLogicalId?: string) {
  return synthesizeStack((app) => {
    const stack = new RaxxStack(app, 's');
    accountAwsProvider(stack, { accountId: '111111111111', region: 'us-east-1', accountIdProp: 'accountId' });
    const user = new IamUser(stack, 'user', { name: 'u' });
    const keys = new TwoSlotCredential(stack, 'keys', {
      name: 'deploy_key',
      config: config(slots),
      slotsVariable: 'RAXX_DEV_DEPLOY_KEY_SLOTS',
      status: AWS_STATUS,
      previousLogicalId,
      createSlot: (scope, slot) => ({ credential: slot.credential(new IamAccessKey(scope, 'key', { user: user.name })) }),
    });
    new TerraformOutput(stack, 'key-id', { value: keys.active.credential.id, sensitive: true }).overrideLogicalId('key_id');
    return stack;
  }).json;
}

describe('a credential in two slots', () => {
  it('starts with slot a alone, Active, at <name>_a', () => {
    const json = synthKeys({ active: 'a', other: 'absent' });
    expect(Object.keys(json.resource.aws_iam_access_key)).toEqual(['deploy_key_a']);
    expect(json.resource.aws_iam_access_key.deploy_key_a).toMatchObject({ user: '${aws_iam_user.user.name}', status: 'Active' });
    expect(json.output.key_id.value).toBe('${aws_iam_access_key.deploy_key_a.id}');
  });

  it('with b active and a as active standby, has both keys Active and consumers read b', () => {
    const json = synthKeys({ active: 'b', other: 'active-standby' });
    expect(Object.keys(json.resource.aws_iam_access_key).sort()).toEqual(['deploy_key_a', 'deploy_key_b']);
    expect(json.resource.aws_iam_access_key.deploy_key_a.status).toBe('Active');
    expect(json.resource.aws_iam_access_key.deploy_key_b.status).toBe('Active');
    expect(json.output.key_id.value).toBe('${aws_iam_access_key.deploy_key_b.id}');
  });

  it('switches the old slot off in place when it is inactive', () => {
    const json = synthKeys({ active: 'b', other: 'inactive' });
    expect(json.resource.aws_iam_access_key.deploy_key_a.status).toBe('Inactive');
    expect(json.resource.aws_iam_access_key.deploy_key_b.status).toBe('Active');
  });

  it('records in each slot\'s comment block the credential, both addresses and how to change the declaration', () => {
    const json = synthKeys({ active: 'b', other: 'inactive' });
    expect(json.resource.aws_iam_access_key.deploy_key_a['//'][CREDENTIAL_SLOT_KEY]).toEqual({
      credential: 'deploy_key',
      slot: 'a',
      role: 'inactive',
      slots: 'b+inactive',
      slotsVariable: 'RAXX_DEV_DEPLOY_KEY_SLOTS',
      addresses: { a: 'aws_iam_access_key.deploy_key_a', b: 'aws_iam_access_key.deploy_key_b' },
      status: AWS_STATUS,
      maxAgeDays: 90,
      observationWindowHours: 24,
    });
    expect(json.resource.aws_iam_access_key.deploy_key_b['//'][CREDENTIAL_SLOT_KEY]).toMatchObject({ slot: 'b', role: 'active' });
  });

  it('moves the state of the single key it replaces onto slot a, so introducing slots replaces nothing', () => {
    expect(synthKeys({ active: 'a', other: 'absent' }, 'deploy_key').moved).toEqual([{ from: 'aws_iam_access_key.deploy_key', to: 'aws_iam_access_key.deploy_key_a' }]);
    expect(synthKeys({ active: 'b', other: 'absent' }, 'deploy_key').moved).toBeUndefined();
    expect(synthKeys({ active: 'a', other: 'absent' }).moved).toBeUndefined();
  });
});

describe('misuse fails early, naming what to fix', () => {
  const stack = () => new RaxxStack(Testing.app(), 's');

  it('refuses a factory that does not register its credential', () => {
    expect(
      () =>
        new TwoSlotCredential(stack(), 'keys', {
          name: 'k',
          config: config({ active: 'a', other: 'absent' }),
          slotsVariable: 'K',
          status: AWS_STATUS,
          createSlot: (scope) => ({ credential: new IamAccessKey(scope, 'key', { user: 'u' }) }),
        }),
    ).toThrow('TwoSlotCredential k: createSlot must register the credential it returns with context.credential(...)');
  });

  it.each([
    ['Uploader-Key', {}, 'TwoSlotCredential Uploader-Key: name must be lower_snake_case (it becomes <name>_a and <name>_b)'],
    ['k', { maxAgeDays: 0 }, 'TwoSlotCredential k: config.maxAgeDays must be a whole number of days >= 1, got 0'],
    ['k', { observationWindowHours: 1.5 }, 'TwoSlotCredential k: config.observationWindowHours must be a whole number of hours >= 1, got 1.5'],
  ])('refuses name %s with %j', (name, overrides, message) => {
    expect(
      () =>
        new TwoSlotCredential(stack(), 'keys', {
          name,
          config: { ...config({ active: 'a', other: 'absent' }), ...overrides },
          slotsVariable: 'K',
          status: AWS_STATUS,
          createSlot: (scope, slot) => ({ credential: slot.credential(new IamAccessKey(scope, 'key', { user: 'u' })) }),
        }),
    ).toThrow(message);
  });

  it('refuses a status whose two values are the same', () => {
    expect(
      () =>
        new TwoSlotCredential(stack(), 'keys', {
          name: 'k',
          config: config({ active: 'a', other: 'absent' }),
          slotsVariable: 'K',
          status: { attribute: 'status', active: 'Active', inactive: 'Active' },
          createSlot: (scope, slot) => ({ credential: slot.credential(new IamAccessKey(scope, 'key', { user: 'u' })) }),
        }),
    ).toThrow('TwoSlotCredential k: status needs an attribute and two different values');
  });
});
