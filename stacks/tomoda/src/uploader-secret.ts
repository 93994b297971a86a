/**
 * The uploader's credentials persisted into AWS Secrets Manager as a JSON blob, scoped to one
 * environment (tomoda-iam-uploader-eso.txt, `aws_secretsmanager_secret.s3_uploader_creds`).
 */
import { IamAccessKey } from '@cdktf/provider-aws/lib/iam-access-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import type { CredentialSlot } from '@raxx/config';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { moveStateFrom } from '@raxx/constructs';

/** The keys of the secret's JSON blob, in the seed's order; ESO projects each one into the cluster. */
export const UPLOADER_SECRET_KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'S3_BUCKET', 'S3_REGION', 'S3_BASE_URL'] as const;

/** One key of the uploader secret. */
export type UploaderSecretKey = (typeof UPLOADER_SECRET_KEYS)[number];

/**
 * The keys of the secret once the uploader is a role (`workload-identity`): the seed's blob without the
 * key pair. The backend still reads its bucket, region and base URL from the projected Secret, and ESO
 * still has the one secret to read, with the reader's seed permission unchanged.
 */
export const UPLOADER_CONFIG_KEYS = ['S3_BUCKET', 'S3_REGION', 'S3_BASE_URL'] as const satisfies readonly UploaderSecretKey[];

/** Logical id of the version that holds the configuration without keys (`workload-identity`). */
export const CONFIG_VERSION_LOGICAL_ID = 's3_uploader_config';

/** Props of {@link UploaderSecret}. */
export interface UploaderSecretProps {
  /** `var.project_name` of the seed: prefix of the secret name. */
  readonly projectName: string;
  /** Environment name, the suffix of the secret name. */
  readonly environmentName: string;
  /** The bucket the uploader writes to (`S3_BUCKET`). */
  readonly bucket: S3Bucket;
  /** AWS region of the bucket (`S3_REGION`). */
  readonly region: string;
  /** Host of the public assets URL (`S3_BASE_URL` is `https://<assetsDomain>`). */
  readonly assetsDomain: string;
}

/** Logical id of the single secret version before the uploader key had two slots. */
export const PREVIOUS_VERSION_LOGICAL_ID = 's3_uploader_creds';

/**
 * `aws_secretsmanager_secret.s3_uploader_creds` and, per key slot, its version
 * `aws_secretsmanager_secret_version.s3_uploader_creds_<slot>`.
 */
export class UploaderSecret extends Construct {
  /** `aws_secretsmanager_secret.s3_uploader_creds`. */
  public readonly secret: SecretsmanagerSecret;
  /** Name of the secret (`tomoda-s3-uploader-<env>`), a plain string. */
  public readonly secretName: string;
  private readonly props: UploaderSecretProps;

  constructor(scope: Construct, id: string, props: UploaderSecretProps) {
    super(scope, id);
    this.props = props;
    this.secretName = `${props.projectName}-s3-uploader-${props.environmentName}`;

    this.secret = new SecretsmanagerSecret(this, 'secret', { name: this.secretName });
    this.secret.overrideLogicalId('s3_uploader_creds');
  }

  /**
   * The secret's version that holds the key of one slot: `aws_secretsmanager_secret_version.s3_uploader_creds_<slot>`.
   *
   * One version per slot, because `secret_string` forces replacement (aws provider 6.25): a single
   * version that followed the active key would be destroyed and re-created at every switch. With one
   * per slot, switching is an in-place change of the ExternalSecret, which reads the active slot's
   * version by id (`remoteRef.version = uuid/<version_id>`, eso-cluster.ts), and deleting the old slot
   * deletes its version. Slot `a` takes over the state of the single version it replaces (`moved`).
   */
  public versionFor(scope: Construct, slot: CredentialSlot, accessKey: IamAccessKey): SecretsmanagerSecretVersion {
    const blob: Record<UploaderSecretKey, string> = {
      AWS_ACCESS_KEY_ID: accessKey.id,
      AWS_SECRET_ACCESS_KEY: accessKey.secret,
      ...this.config(),
    };
    const version = new SecretsmanagerSecretVersion(scope, 'secret-version', {
      secretId: this.secret.id,
      secretString: Fn.jsonencode(blob),
    });
    version.overrideLogicalId(`${PREVIOUS_VERSION_LOGICAL_ID}_${slot}`);
    if (slot === 'a') moveStateFrom(version, `aws_secretsmanager_secret_version.${PREVIOUS_VERSION_LOGICAL_ID}`);
    return version;
  }

  /**
   * The version without keys, `aws_secretsmanager_secret_version.s3_uploader_config`: phase 5 of the
   * move to federated identities (`workload-identity`), when the key slots and their versions are gone.
   * The ExternalSecret reads it by id, as it reads a slot's version.
   */
  public configVersion(scope: Construct): SecretsmanagerSecretVersion {
    const version = new SecretsmanagerSecretVersion(scope, 'config-version', {
      secretId: this.secret.id,
      secretString: Fn.jsonencode(this.config()),
    });
    version.overrideLogicalId(CONFIG_VERSION_LOGICAL_ID);
    return version;
  }

  private config(): Record<(typeof UPLOADER_CONFIG_KEYS)[number], string> {
    const { bucket, region, assetsDomain } = this.props;
    return { S3_BUCKET: bucket.id, S3_REGION: region, S3_BASE_URL: `https://${assetsDomain}` };
  }
}
