import { TerraformResource } from 'cdktf';

/**
 * Conventions that let `tools/rotate` derive a rotation plan from the synthesized configuration alone.
 * Both live in the synthesized JSON: the rotation tool reads nothing else.
 */

/** Key under a resource's `//` comment block (ignored by Terraform) that describes an out-of-state credential. */
export const OUT_OF_STATE_CREDENTIAL_KEY = 'raxx_out_of_state_credential';

/** Kubernetes annotation, on an ExternalSecret, naming the workloads that read its target Secret. */
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
