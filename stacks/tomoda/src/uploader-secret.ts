/**
 * The uploader's credentials persisted into AWS Secrets Manager as a JSON blob, scoped to one
 * environment (tomoda-iam-uploader-eso.txt, `aws_secretsmanager_secret.s3_uploader_creds`).
 */
import { IamAccessKey } from '@cdktf/provider-aws/lib/iam-access-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';

/** The keys of the secret's JSON blob, in the seed's order; ESO projects each one into the cluster. */
export const UPLOADER_SECRET_KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'S3_BUCKET', 'S3_REGION', 'S3_BASE_URL'] as const;

/** One key of the uploader secret. */
export type UploaderSecretKey = (typeof UPLOADER_SECRET_KEYS)[number];

/** Props of {@link UploaderSecret}. */
export interface UploaderSecretProps {
  /** `var.project_name` of the seed: prefix of the secret name. */
  readonly projectName: string;
  /** Environment name, the suffix of the secret name. */
  readonly environmentName: string;
  /** The uploader's access key (`aws_iam_access_key.uploader_key`). */
  readonly accessKey: IamAccessKey;
  /** The bucket the uploader writes to (`S3_BUCKET`). */
  readonly bucket: S3Bucket;
  /** AWS region of the bucket (`S3_REGION`). */
  readonly region: string;
  /** Host of the public assets URL (`S3_BASE_URL` is `https://<assetsDomain>`). */
  readonly assetsDomain: string;
}

/** `aws_secretsmanager_secret.s3_uploader_creds` and its version. */
export class UploaderSecret extends Construct {
  /** `aws_secretsmanager_secret.s3_uploader_creds`. */
  public readonly secret: SecretsmanagerSecret;
  /** `aws_secretsmanager_secret_version.s3_uploader_creds`. */
  public readonly version: SecretsmanagerSecretVersion;
  /** Name of the secret (`tomoda-s3-uploader-<env>`), a plain string. */
  public readonly secretName: string;

  constructor(scope: Construct, id: string, props: UploaderSecretProps) {
    super(scope, id);
    this.secretName = `${props.projectName}-s3-uploader-${props.environmentName}`;

    this.secret = new SecretsmanagerSecret(this, 'secret', { name: this.secretName });
    this.secret.overrideLogicalId('s3_uploader_creds');

    const blob: Record<UploaderSecretKey, string> = {
      AWS_ACCESS_KEY_ID: props.accessKey.id,
      AWS_SECRET_ACCESS_KEY: props.accessKey.secret,
      S3_BUCKET: props.bucket.id,
      S3_REGION: props.region,
      S3_BASE_URL: `https://${props.assetsDomain}`,
    };
    // `secret_string` forces replacement (aws provider 6.25): after the uploader key is replaced, the
    // apply puts a new version that becomes AWSCURRENT; ESO reads AWSCURRENT, so the secret's name,
    // ARN and the reader's policy stay unchanged across rotations.
    this.version = new SecretsmanagerSecretVersion(this, 'version', {
      secretId: this.secret.id,
      secretString: Fn.jsonencode(blob),
    });
    this.version.overrideLogicalId('s3_uploader_creds');
  }
}
