/**
 * The R2 credential of one environment's backup: an account-owned Cloudflare API token that may only
 * read and write the objects of that environment's bucket (ghost-r2-backup-jit-credentials.txt, the
 * credential `aembit_credential_provider.r2_backup` holds as `access_key_id` and `secret_key`).
 */
import { AccountToken } from '@cdktf/provider-cloudflare/lib/account-token';
import { R2Bucket } from '@cdktf/provider-cloudflare/lib/r2-bucket';
import type { CredentialSlot, EnvironmentName, RotatedCredentialConfig } from '@raxx/config';
import { CLOUDFLARE_TOKEN_STATUS, TwoSlotCredential } from '@raxx/constructs';
import { Fn, TerraformLocal, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { R2_BUCKET_SCOPE, R2PermissionGroups } from './r2-permission-groups';

/** Props of {@link R2BackupToken}. */
export interface R2BackupTokenProps {
  /** Environment of the bucket; suffix of the token name and of every logical name. */
  readonly environmentName: EnvironmentName;
  /** Cloudflare account that owns the token and the bucket (part of the bucket's resource key). */
  readonly cloudflareAccountId: string;
  /** The one bucket the token may touch. */
  readonly bucket: R2Bucket;
  /** The looked-up ids of the bucket-item permission groups. */
  readonly permissionGroups: R2PermissionGroups;
  /** RFC 3339 expiry of the token. @default - no expiry (see the class comment) */
  readonly expiresOn?: string;
  /** Slot state, maximum age and observation window (`credentials.r2BackupToken`). */
  readonly credential: RotatedCredentialConfig;
  /** Environment variable that overrides the slot state (`RAXX_<ENV>_R2_BACKUP_TOKEN_SLOTS`). */
  readonly slotsVariable: string;
}

/** One slot of the R2 backup credential: the token and the S3-style credential derived from it. */
export interface R2BackupTokenSlot {
  /** `cloudflare_account_token.r2_backup_token_<env>_<slot>`. */
  readonly credential: AccountToken;
  /** R2 access key id: the token's id (token). */
  readonly accessKeyId: string;
  /** R2 secret access key: SHA-256 of the token's value, through the local `r2_secret_access_key_<env>_<slot>` (token, sensitive). */
  readonly secretAccessKey: string;
}

/** Rotation target name of an environment's R2 token (and prefix of its slot addresses). */
export function r2BackupTokenName(env: EnvironmentName): string {
  return `r2_backup_token_${env}`;
}

/** Resource key of one R2 bucket in a token policy (`<scope>.<account>_<jurisdiction>_<bucket>`). */
export function r2BucketResourceKey(accountId: string, bucketName: string): string {
  return `${R2_BUCKET_SCOPE}.${accountId}_default_${bucketName}`;
}

/** Name of the output that carries the R2 access key id of an environment. */
export function accessKeyIdOutputName(env: EnvironmentName): string {
  return `r2_access_key_id_${env}`;
}

/** Name of the output that carries the R2 secret access key of an environment. */
export function secretAccessKeyOutputName(env: EnvironmentName): string {
  return `r2_secret_access_key_${env}`;
}

/**
 * `cloudflare_account_token.r2_backup_token_<env>_<slot>` (two slots, see TwoSlotCredential) and the
 * S3-style credential outputs of the active slot.
 *
 * Account-owned: a `cloudflare_api_token` belongs to the user who applies, and Cloudflare's R2
 * documentation warns that such a token becomes inactive when that user leaves the account; an
 * account token does not depend on any member.
 *
 * The seed asks for credentials that are "short-lived (valid only for backup window)". That property
 * comes from the Aembit proxy, which hands the nightly job a just-in-time credential; the token
 * Terraform owns here is the underlying credential stored in Aembit, so it is long-lived but scoped to
 * one bucket's objects. A fixed `expires_on` would only make the backup fail on a date (provider 5.14
 * keeps an expired token in state, and has no roll), so none is set by default; the routine rotation
 * is the two-slot one (`rotate plan --target r2_backup_token_<env> --strategy two-slot`).
 */
export class R2BackupToken extends Construct {
  /** The token in two slots. */
  public readonly slots: TwoSlotCredential<R2BackupTokenSlot>;
  /** The active slot's token (`cloudflare_account_token.r2_backup_token_<env>_<slot>`). */
  public readonly token: AccountToken;
  /** R2 access key id of the active slot (token). */
  public readonly accessKeyId: string;
  /** R2 secret access key of the active slot (token, sensitive). */
  public readonly secretAccessKey: string;
  /** Names of the two sensitive outputs (`r2_access_key_id_<env>`, `r2_secret_access_key_<env>`). */
  public readonly outputNames: { readonly accessKeyId: string; readonly secretAccessKey: string };

  constructor(scope: Construct, id: string, props: R2BackupTokenProps) {
    super(scope, id);
    const env = props.environmentName;
    const name = r2BackupTokenName(env);

    this.slots = new TwoSlotCredential<R2BackupTokenSlot>(this, 'slots', {
      name,
      config: props.credential,
      slotsVariable: props.slotsVariable,
      status: CLOUDFLARE_TOKEN_STATUS,
      previousLogicalId: name,
      createSlot: (slotScope, slot) => this.createSlot(slotScope, slot.slot, slot.credential, props),
    });
    const active = this.slots.active;
    this.token = active.credential;
    this.accessKeyId = active.accessKeyId;
    this.secretAccessKey = active.secretAccessKey;

    this.outputNames = { accessKeyId: accessKeyIdOutputName(env), secretAccessKey: secretAccessKeyOutputName(env) };
    const accessKeyId = new TerraformOutput(this, 'access-key-id', {
      value: this.accessKeyId,
      sensitive: true,
      description: `R2 access key id (token id) of ghost-backup-r2-${env}, active slot; goes into Aembit's r2_backup credential provider.`,
    });
    accessKeyId.overrideLogicalId(this.outputNames.accessKeyId);
    const secretAccessKey = new TerraformOutput(this, 'secret-access-key', {
      value: Fn.sha256(this.token.value),
      sensitive: true,
      description: `R2 secret access key (SHA-256 of the token value) of ghost-backup-r2-${env}, active slot; goes into Aembit, never onto the server.`,
    });
    secretAccessKey.overrideLogicalId(this.outputNames.secretAccessKey);
  }

  private createSlot(
    scope: Construct,
    slot: CredentialSlot,
    register: <T extends AccountToken>(resource: T) => T,
    props: R2BackupTokenProps,
  ): R2BackupTokenSlot {
    const env = props.environmentName;
    // Both slots carry the same name: Cloudflare allows it, and the runbook tells them apart by id.
    const token = register(
      new AccountToken(scope, 'token', {
        accountId: props.cloudflareAccountId,
        name: `ghost-backup-r2-${env}`,
        policies: [
          {
            effect: 'allow',
            permissionGroups: [{ id: props.permissionGroups.bucketItemWrite }, { id: props.permissionGroups.bucketItemRead }],
            // The bucket name by reference, so the token is created after the bucket it names.
            resources: JSON.stringify({ [r2BucketResourceKey(props.cloudflareAccountId, props.bucket.name)]: '*' }),
          },
        ],
        ...(props.expiresOn !== undefined ? { expiresOn: props.expiresOn } : {}),
      }),
    );
    // R2's S3-compatible credentials of an API token: the access key id is the token id, the secret
    // access key is the SHA-256 hex digest of the token value. The GitHub environment secret reads the
    // local; the output spells the expression out, so RAXX-OUT1 sees the token value it carries.
    const secret = new TerraformLocal(scope, 'secret', Fn.sha256(token.value));
    secret.overrideLogicalId(`r2_secret_access_key_${env}_${slot}`);
    return { credential: token, accessKeyId: token.id, secretAccessKey: secret.asString };
  }
}
