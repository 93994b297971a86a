/**
 * Phase 4 of the move to federated identities (`workload-identity+keys-inactive`,
 * tomoda-identity.ts of @raxx/config): every existing slot's access key switched off in place
 * (`UpdateAccessKey`, `status = Inactive`), so a forgotten consumer fails loudly while the way back is
 * one in-place update. The slots' rotation metadata is unchanged: the slot state still says which slot
 * is active, the identity declaration says that no key is in use any more.
 */
import { IamAccessKey } from '@cdktf/provider-aws/lib/iam-access-key';
import { IAM_ACCESS_KEY_STATUS, TwoSlotCredential } from '@raxx/constructs';

/** Sets `status = Inactive` on the key of every slot that exists. */
export function deactivateKeys(keys: TwoSlotCredential<{ readonly credential: IamAccessKey }>): void {
  for (const slot of [keys.active, keys.standby]) slot?.credential.addOverride(IAM_ACCESS_KEY_STATUS.attribute, IAM_ACCESS_KEY_STATUS.inactive);
}
