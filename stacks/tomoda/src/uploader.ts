/**
 * `tomoda-uploader-{env}`: the identity the tomoda backend uses to write user-generated content
 * (tomoda-iam-uploader-eso.txt, section "tomoda-uploader-{env}"). PutObject-only.
 */
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamAccessKey } from '@cdktf/provider-aws/lib/iam-access-key';
import { IamUser } from '@cdktf/provider-aws/lib/iam-user';
import { IamUserPolicy } from '@cdktf/provider-aws/lib/iam-user-policy';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { Construct } from 'constructs';

/** Props of {@link Uploader}. */
export interface UploaderProps {
  /** `var.project_name` of the seed: prefix of the user name. */
  readonly projectName: string;
  /** Environment name, the suffix of the user name. */
  readonly environmentName: string;
  /** The static assets bucket the backend writes to (`aws_s3_bucket.static_assets`). */
  readonly bucket: S3Bucket;
}

/** The uploader IAM user, its PutObject-only policy and its access key. */
export class Uploader extends Construct {
  /** `data.aws_iam_policy_document.uploader_policy`. */
  public readonly policyDocument: DataAwsIamPolicyDocument;
  /** `aws_iam_user.uploader`. */
  public readonly user: IamUser;
  /** `aws_iam_access_key.uploader_key`: the key persisted into Secrets Manager. */
  public readonly accessKey: IamAccessKey;
  /** Name of the IAM user (`tomoda-uploader-<env>`). */
  public readonly userName: string;

  constructor(scope: Construct, id: string, props: UploaderProps) {
    super(scope, id);
    this.userName = `${props.projectName}-uploader-${props.environmentName}`;

    // User
    this.user = new IamUser(this, 'user', { name: this.userName });
    this.user.overrideLogicalId('uploader');

    // Access key. Rotation (seed, "Rotation"): `terraform taint aws_iam_access_key.uploader_key`, then
    // `terraform apply`; ESO syncs the new value into the cluster within its refresh interval.
    this.accessKey = new IamAccessKey(this, 'key', { user: this.user.name });
    this.accessKey.overrideLogicalId('uploader_key');

    // Policy, exactly the seed's statement. Notably absent (seed, "Notably absent"):
    //   - no s3:ListBucket: a leaked credential cannot enumerate existing objects;
    //   - no s3:DeleteObject: the backend cannot remove previously uploaded content (a PutObject to the
    //     same key is still an overwrite, and with versioning off there is no soft-delete recovery);
    //   - no s3:GetObject: the backend never reads back from S3 directly, it links clients to the
    //     CloudFront URL. Kept here, commented out, to document the intentional exclusion:
    //       // 's3:GetObject',
    this.policyDocument = new DataAwsIamPolicyDocument(this, 'policy-document', {
      statement: [
        {
          sid: 'AllowS3Upload',
          effect: 'Allow',
          actions: ['s3:PutObject', 's3:PutObjectAcl'],
          resources: [`${props.bucket.arn}/*`],
        },
      ],
    });
    this.policyDocument.overrideLogicalId('uploader_policy');

    const policy = new IamUserPolicy(this, 'policy', {
      name: `${this.userName}-put-only`,
      user: this.user.name,
      policy: this.policyDocument.json,
    });
    policy.overrideLogicalId('uploader_policy');
  }
}
