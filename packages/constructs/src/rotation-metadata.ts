import { TerraformResource } from 'cdktf';

/**
 * Conventions that let `tools/rotate` derive a rotation plan from the synthesized configuration alone.
 * Both live in the synthesized JSON: the rotation tool reads nothing else.
 */

/** Key under a resource's `//` comment block (ignored by Terraform) that describes an out-of-state credential. */
export const OUT_OF_STATE_CREDENTIAL_KEY = 'raxx_out_of_state_credential';

/**
 * Kubernetes annotation, on an ExternalSecret or a Secret, naming the workloads that read that Secret
 * (comma-separated `<kind>/<name>` in the object's namespace, or `<namespace>/<kind>/<name>`).
 */
export const CONSUMERS_ANNOTATION = 'raxx.io/consumers';

/** A GitHub Actions repository secret that holds part of an out-of-state credential. */
export interface GithubSecretConsumer {
  /** Repository (owner/name). */
  readonly repository: string;
  /** Secret name -> which part of the key it holds. */
  readonly secrets: Readonly<Record<string, 'AccessKeyId' | 'SecretAccessKey'>>;
  /** Workflow that uses it, run with `dry_run=true` to prove a key works. */
  readonly workflow: string;
}

/** An AWS access key created by hand for an IAM user, so it is never in Terraform state. */
export interface OutOfStateCredential {
  /** Rotation target name (`rotate --target <name>`). */
  readonly name: string;
  /** What kind of key it is. */
  readonly kind: 'aws_iam_access_key';
  /** IAM user that owns the key. */
  readonly userName: string;
  /** Region for the aws CLI calls. */
  readonly region: string;
  /** Rotation period from the seed, in days. */
  readonly rotateEveryDays: number;
  /** Where the key material is stored. */
  readonly consumers: readonly GithubSecretConsumer[];
  /** Seed document the runbook comes from. */
  readonly runbook: string;
}

/** Records on `owner` (the IAM user) that it has a credential outside Terraform state. */
export function declareOutOfStateCredential(owner: TerraformResource, credential: OutOfStateCredential): void {
  owner.addOverride(`//.${OUT_OF_STATE_CREDENTIAL_KEY}`, credential);
}

/** Key under a two-slot credential's `//` comment block (ignored by Terraform) that describes its slot. */
export const CREDENTIAL_SLOT_KEY = 'raxx_credential_slot';

/** The state of one slot: the active one, a valid standby, or switched off. */
export type CredentialSlotRole = 'active' | 'active-standby' | 'inactive';

/**
 * What the rotation tool reads from a slot of a two-slot credential (two-slot-credential.ts): which
 * credential it belongs to, the declared state of both slots, and how to change that declaration.
 */
export interface CredentialSlotMetadata {
  /** Rotation target name (`uploader_key`). */
  readonly credential: string;
  /** This slot. */
  readonly slot: 'a' | 'b';
  /** This slot's state. */
  readonly role: CredentialSlotRole;
  /** The declared state of the credential, as the variable takes it (`b+active-standby`). */
  readonly slots: string;
  /** Environment variable that overrides the declaration (`RAXX_PROD_UPLOADER_KEY_SLOTS`). */
  readonly slotsVariable: string;
  /** Address of each slot's credential, whether it exists now or not. */
  readonly addresses: { readonly a: string; readonly b: string };
  /** The attribute that switches the credential off in place, and its values. */
  readonly status: { readonly attribute: string; readonly active: string; readonly inactive: string };
  /** Age after which `rotate due` reports it. */
  readonly maxAgeDays: number;
  /** How long the old slot stays inactive before it is deleted. */
  readonly observationWindowHours: number;
}

/** Key under a credential resource's `//` comment block that lists the consumers Terraform does not manage. */
export const OUT_OF_BAND_CONSUMERS_KEY = 'raxx_out_of_band_consumers';

/** A command of an out-of-band consumer's runbook step. */
export interface ConsumerCommand {
  /** What it does or proves. */
  readonly description: string;
  /** The shell command; it reads key material from the shell variables of `fields`, never prints it. */
  readonly command: string;
}

/**
 * A system or person that holds a copy of a credential outside Terraform (Aembit's credential
 * provider, an operator's break-glass copy): Terraform cannot update it, so every rotation must.
 * `rotate` gives it its own runbook step and names it in the blast radius.
 */
export interface OutOfBandConsumer {
  /** Who holds the copy (`Aembit`). */
  readonly name: string;
  /** The exact place the copy lives, as its owner would find it. */
  readonly place: string;
  /** Shell variable -> output of the credential's stack it is read from (`terraform output -raw`). */
  readonly fields: Readonly<Record<string, string>>;
  /** How to put the new value in place, using the shell variables of `fields`. */
  readonly update: readonly ConsumerCommand[];
  /** How to check the new value took effect. */
  readonly check: readonly ConsumerCommand[];
  /** What the check must show. */
  readonly expect: string;
  /** Document the consumer comes from. */
  readonly source: string;
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
