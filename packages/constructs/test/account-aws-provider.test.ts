import { TerraformStack, Testing } from 'cdktf';
import { accountAwsProvider } from '../src';

describe('the account-locked AWS provider', () => {
  it('refuses every account but the stack\'s own (allowed_account_ids)', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    accountAwsProvider(stack, { accountId: '111111111111', region: 'eu-west-1', accountIdProp: 'S: accountId' });
    expect(JSON.parse(Testing.synth(stack)).provider.aws).toEqual([{ region: 'eu-west-1', allowed_account_ids: ['111111111111'] }]);
  });

  it('refuses a malformed account id, naming the prop', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    expect(() => accountAwsProvider(stack, { accountId: '1111', region: 'us-east-1', accountIdProp: 'TomodaStack: environment.awsAccountId' })).toThrow(
      'TomodaStack: environment.awsAccountId "1111" must be a 12-digit AWS account id',
    );
  });
});
