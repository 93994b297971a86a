/**
 * `tomoda-uploader-{env}`: the identity the tomoda backend uses to write user-generated content
 * (tomoda-iam-uploader-eso.txt, section "tomoda-uploader-{env}"). PutObject-only.
 */
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamAccessKey } from '@cdktf/provider-aws/lib/iam-access-key';
import { IamUser } from '@cdktf/provider-aws/lib/iam-user';
import { IamUserPolicy } from '@cdktf/provider-aws/lib/iam-user-policy';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import type { RotatedCredentialConfig } from '@raxx/config';
import { IAM_ACCESS_KEY_STATUS, TwoSlotCredential } from '@raxx/constructs';
import { deactivateKeys } from './deactivate-keys';
import { Construct } from 'constructs';
import { UploaderSecret } from './uploader-secret';

/** Rotation target name of the uploader's key (and prefix of its slot addresses `uploader_key_a`, `uploader_key_b`). */
export const UPLOADER_KEY = 'uploader_key';

/** One slot of the uploader's key: the key and the secret version that holds it. */
export interface UploaderKeySlot {
  /** `aws_iam_access_key.uploader_key_<slot>`. */
  readonly credential: IamAccessKey;
  /** `aws_secretsmanager_secret_version.s3_uploader_creds_<slot>`. */
  readonly secretVersion: SecretsmanagerSecretVersion;
}

/** Props of {@link Uploader}. */
export interface UploaderProps {
  /** `var.project_name` of the seed: prefix of the user name. */
  readonly projectName: string;
  /** Environment name, the suffix of the user name. */
  readonly environmentName: string;
  /** The static assets bucket the backend writes to (`aws_s3_bucket.static_assets`). */
  readonly bucket: S3Bucket;
  /** The secret the key is persisted into (one version per key slot). */
  readonly secret: UploaderSecret;
  /** Slot state, maximum age and observation window of the key (`credentials.uploaderKey`). */
  readonly key: RotatedCredentialConfig;
  /** Environment variable that overrides the slot state (`RAXX_<ENV>_UPLOADER_KEY_SLOTS`). */
  readonly keySlotsVariable: string;
  /**
   * Switch every slot's key off in place (`status = Inactive`): phase 4 of the move to federated
   * identities (`workload-identity+keys-inactive`), once the backend uses its role. @default false
   */
  readonly keysInactive?: boolean;
}

/**
 * The seed's one statement of `data.aws_iam_policy_document.uploader_policy`: the user's policy and,
 * in workload-identity mode, the uploader role's (uploader-role.ts), so both can do exactly the same.
 */
export function uploaderPolicyStatements(bucket: S3Bucket): DataAwsIamPolicyDocumentStatement[] {
  return [
    {
      sid: 'AllowS3Upload',
      effect: 'Allow',
      actions: ['s3:PutObject', 's3:PutObjectAcl'],
      resources: [`${bucket.arn}/*`],
    },
  ];
}

/** The uploader IAM user, its PutObject-only policy and its access key in two slots. */
export class Uploader extends Construct {
  /** `data.aws_iam_policy_document.uploader_policy`. */
  public readonly policyDocument: DataAwsIamPolicyDocument;
  /** `aws_iam_user.uploader`. */
  public readonly user: IamUser;
  /** The key in two slots, each persisted into its own version of the uploader secret. */
  public readonly keys: TwoSlotCredential<UploaderKeySlot>;
  /** The active slot's key (`aws_iam_access_key.uploader_key_<active>`): the key consumers read. */
  public readonly accessKey: IamAccessKey;
  /** Name of the IAM user (`tomoda-uploader-<env>`). */
  public readonly userName: string;

  constructor(scope: Construct, id: string, props: UploaderProps) {
    super(scope, id);
    this.userName = `${props.projectName}-uploader-${props.environmentName}`;

    // User
    this.user = new IamUser(this, 'user', { name: this.userName });
    this.user.overrideLogicalId('uploader');

    // Access key, in two slots (AWS allows a user two keys). The seed's rotation (`terraform taint
    // aws_iam_access_key.uploader_key`, then `terraform apply`) remains the emergency path, on the
    // active slot; the routine rotation switches slots (`rotate plan --strategy two-slot`).
    this.keys = new TwoSlotCredential<UploaderKeySlot>(this, 'keys', {
      name: UPLOADER_KEY,
      config: props.key,
      slotsVariable: props.keySlotsVariable,
      status: IAM_ACCESS_KEY_STATUS,
      previousLogicalId: UPLOADER_KEY,
      createSlot: (scope, slot) => {
        const key = slot.credential(new IamAccessKey(scope, 'key', { user: this.user.name }));
        return { credential: key, secretVersion: props.secret.versionFor(scope, slot.slot, key) };
      },
    });
    this.accessKey = this.keys.active.credential;
    if (props.keysInactive) deactivateKeys(this.keys);

    // Policy, exactly the seed's statement. Notably absent (seed, "Notably absent"):
    //   - no s3:ListBucket: a leaked credential cannot enumerate existing objects;
    //   - no s3:DeleteObject: the backend cannot remove previously uploaded content (a PutObject to the
    //     same key is still an overwrite, and with versioning off there is no soft-delete recovery);
    //   - no s3:GetObject: the backend never reads back from S3 directly, it links clients to the
    //     CloudFront URL. Kept here, commented out, to document the intentional exclusion:
    //       // 's3:GetObject',
    this.policyDocument = new DataAwsIamPolicyDocument(this, 'policy-document', { statement: uploaderPolicyStatements(props.bucket) });
    this.policyDocument.overrideLogicalId('uploader_policy');

    const policy = new IamUserPolicy(this, 'policy', {
      name: `${this.userName}-put-only`,
      user: this.user.name,
      policy: this.policyDocument.json,
    });
    policy.overrideLogicalId('uploader_policy');
  }
}
