import { TerraformResource } from 'cdktf';

/**
 * Conventions that let `tools/rotate` derive a rotation plan from the synthesized configuration alone.
 * Declared in `@raxx/terraform-json` (no cdktf), which the rotation tool reads them from too.
 */
import type { OutOfBandConsumer, OutOfStateCredential } from '@raxx/terraform-json';
import { OUT_OF_BAND_CONSUMERS_KEY, OUT_OF_STATE_CREDENTIAL_KEY } from '@raxx/terraform-json';

export { CONSUMERS_ANNOTATION, CREDENTIAL_SLOT_KEY, OUT_OF_BAND_CONSUMERS_KEY, OUT_OF_STATE_CREDENTIAL_KEY } from '@raxx/terraform-json';
export type { ConsumerCommand, CredentialSlotMetadata, CredentialSlotRole, GithubSecretConsumer, OutOfBandConsumer, OutOfStateCredential } from '@raxx/terraform-json';

/** Records on `owner` (the IAM user) that it has a credential outside Terraform state. */
export function declareOutOfStateCredential(owner: TerraformResource, credential: OutOfStateCredential): void {
  owner.addOverride(`//.${OUT_OF_STATE_CREDENTIAL_KEY}`, credential);
}

const SHELL_VARIABLE = /^[A-Z][A-Z0-9_]*$/;

/**
 * Records on `credential` (the resource that holds the key material) the consumers that copy it
 * outside Terraform. Throws, naming the field, on a consumer the runbook could not use.
 */
export function declareOutOfBandConsumers(credential: TerraformResource, consumers: readonly OutOfBandConsumer[]): void {
  for (const consumer of consumers) {
    const label = `out-of-band consumer "${consumer.name}"`;
    if (consumer.name.trim() === '' || consumer.place.trim() === '') throw new Error(`${label}: name and place must not be empty`);
    const variables = Object.keys(consumer.fields);
    if (variables.length === 0) throw new Error(`${label}: fields must name at least one output`);
    const bad = variables.find((variable) => !SHELL_VARIABLE.test(variable));
    if (bad !== undefined) throw new Error(`${label}: fields key "${bad}" must be an upper-case shell variable name`);
    if (consumer.update.length === 0 || consumer.check.length === 0) throw new Error(`${label}: update and check must each have a command`);
  }
  credential.addOverride(`//.${OUT_OF_BAND_CONSUMERS_KEY}`, consumers);
}
