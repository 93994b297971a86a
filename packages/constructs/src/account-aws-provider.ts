import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';

/** Props of {@link accountAwsProvider}. */
export interface AccountAwsProviderProps {
  /** The one AWS account the stack may touch (12 digits). */
  readonly accountId: string;
  /** Region of the stack's resources. */
  readonly region: string;
  /** How the caller's props name the account id, for the error message (`PazpazStack: environment.awsAccountId`). */
  readonly accountIdProp: string;
}

const AWS_ACCOUNT_ID = /^\d{12}$/;

/**
 * The AWS provider of a stack, locked to one account with `allowed_account_ids`: credentials for any
 * other account make Terraform stop before planning. Throws, naming the prop, on a malformed id.
 */
export function accountAwsProvider(scope: Construct, props: AccountAwsProviderProps): AwsProvider {
  if (!AWS_ACCOUNT_ID.test(props.accountId)) {
    throw new Error(`${props.accountIdProp} "${props.accountId}" must be a 12-digit AWS account id`);
  }
  return new AwsProvider(scope, 'aws', { region: props.region, allowedAccountIds: [props.accountId] });
}
