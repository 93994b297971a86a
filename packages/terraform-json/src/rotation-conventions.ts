/**
 * The conventions that let `tools/rotate` derive a rotation plan from the synthesized configuration
 * alone. The constructs write them (`@raxx/constructs` rotation-metadata.ts), the rotation tool reads
 * them; both import them from here, a module without cdktf.
 */
import { isJsonObject } from './json';

/** Key under a resource's `//` comment block (ignored by Terraform) that describes an out-of-state credential. */
export const OUT_OF_STATE_CREDENTIAL_KEY = 'raxx_out_of_state_credential';

/** Kubernetes annotation, on an ExternalSecret or a Secret, naming the workloads that read its target Secret. */
export const CONSUMERS_ANNOTATION = 'raxx.io/consumers';

/**
 * Resource types whose key material lives in Terraform state: a key of one of these types is rotated by
 * replacing the resource (`terraform apply -replace`).
 */
export const IN_STATE_KEY_TYPES: Readonly<Record<string, { readonly description: string }>> = {
  aws_iam_access_key: { description: 'AWS IAM access key' },
  cloudflare_api_token: { description: 'Cloudflare API token' },
  cloudflare_account_token: { description: 'Cloudflare account-owned API token' },
};

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

/** Does `value` (a `//` entry read from JSON) have the shape of an {@link OutOfStateCredential}? */
export function isOutOfStateCredential(value: unknown): value is OutOfStateCredential {
  if (!isJsonObject(value)) return false;
  return typeof value.name === 'string' && typeof value.userName === 'string' && typeof value.region === 'string' && Array.isArray(value.consumers);
}
