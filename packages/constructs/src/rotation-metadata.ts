import { TerraformResource } from 'cdktf';

/**
 * Conventions that let `tools/rotate` derive a rotation plan from the synthesized configuration alone.
 * Declared in `@raxx/terraform-json` (no cdktf), which the rotation tool reads them from too.
 */
import type { OutOfStateCredential } from '@raxx/terraform-json';
import { OUT_OF_STATE_CREDENTIAL_KEY } from '@raxx/terraform-json';

export { CONSUMERS_ANNOTATION, OUT_OF_STATE_CREDENTIAL_KEY } from '@raxx/terraform-json';
export type { GithubSecretConsumer, OutOfStateCredential } from '@raxx/terraform-json';

/** Records on `owner` (the IAM user) that it has a credential outside Terraform state. */
export function declareOutOfStateCredential(owner: TerraformResource, credential: OutOfStateCredential): void {
  owner.addOverride(`//.${OUT_OF_STATE_CREDENTIAL_KEY}`, credential);
}
