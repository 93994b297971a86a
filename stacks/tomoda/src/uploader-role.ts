/**
 * `tomoda-uploader-{env}` as a role (workload-identity mode): the identity the backend assumes with
 * its service account's projected token to write user-generated content, instead of an access key
 * projected through ESO. Same permission as the user: the seed's PutObject-only statement, from the
 * same `data.aws_iam_policy_document.uploader_policy` (tomoda-iam-uploader-eso.txt,
 * "tomoda-uploader-{env}"; uploader.ts lists what is notably absent).
 *
 * The backend's Deployment is not managed here. What it needs to assume the role is published as
 * outputs: the role ARN, the audience, and the projected service-account-token volume (GKE runs no
 * EKS pod identity webhook, so the pod spec carries the volume and the two variables the AWS SDKs'
 * web identity provider reads, `AWS_ROLE_ARN` and `AWS_WEB_IDENTITY_TOKEN_FILE`).
 */
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import type { ServiceAccountRef } from '@raxx/config';
import { policyJson } from '@raxx/constructs';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { ClusterOidcProvider } from './cluster-oidc-provider';
import { uploaderPolicyStatements } from './uploader';
import { webIdentityTrust } from './web-identity-trust';

/** Where the backend mounts the token (the path the EKS webhook uses, so the usual tooling finds it). */
export const WEB_IDENTITY_TOKEN_DIR = '/var/run/secrets/eks.amazonaws.com/serviceaccount';
/** Lifetime the backend requests for its projected token; the kubelet renews it at 80%. */
export const WEB_IDENTITY_TOKEN_SECONDS = 3600;

/** Props of {@link UploaderRole}. */
export interface UploaderRoleProps {
  /** `var.project_name` of the seed: prefix of the role name. */
  readonly projectName: string;
  /** Environment name, the suffix of the role name. */
  readonly environmentName: string;
  /** The static assets bucket the backend writes to. */
  readonly bucket: S3Bucket;
  /** The cluster's OIDC provider. */
  readonly provider: ClusterOidcProvider;
  /** The backend's service account, the only one that may assume the role. */
  readonly serviceAccount: ServiceAccountRef;
  /**
   * The user's `data.aws_iam_policy_document.uploader_policy`, while the user exists (phases 1 to 4).
   * @default - the role declares the document itself (phase 5, no user)
   */
  readonly policyDocument?: DataAwsIamPolicyDocument;
}

/** `aws_iam_role.uploader`, `aws_iam_role_policy.uploader_policy` and the backend's outputs. */
export class UploaderRole extends Construct {
  /** `aws_iam_role.uploader`. */
  public readonly role: IamRole;
  /** `data.aws_iam_policy_document.uploader_policy`. */
  public readonly policyDocument: DataAwsIamPolicyDocument;
  /** Name of the role (`tomoda-uploader-<env>`). */
  public readonly roleName: string;

  constructor(scope: Construct, id: string, props: UploaderRoleProps) {
    super(scope, id);
    this.roleName = `${props.projectName}-uploader-${props.environmentName}`;

    // Role
    this.role = new IamRole(this, 'role', { name: this.roleName, assumeRolePolicy: policyJson(webIdentityTrust(props.provider, props.serviceAccount)) });
    this.role.overrideLogicalId('uploader');

    // Policy: the user's document, or the same statement once the user is gone.
    this.policyDocument = props.policyDocument ?? new DataAwsIamPolicyDocument(this, 'policy-document', { statement: uploaderPolicyStatements(props.bucket) });
    if (!props.policyDocument) this.policyDocument.overrideLogicalId('uploader_policy');
    const policy = new IamRolePolicy(this, 'policy', { name: `${this.roleName}-put-only`, role: this.role.name, policy: this.policyDocument.json });
    policy.overrideLogicalId('uploader_policy');

    // Outputs for the backend. Not key material: none is sensitive.
    const roleArn = new TerraformOutput(this, 'role-arn', {
      value: this.role.arn,
      description: `ARN of ${this.roleName}, the role the backend assumes with its service account token (AWS_ROLE_ARN).`,
    });
    roleArn.overrideLogicalId('uploader_role_arn');
    const audience = new TerraformOutput(this, 'audience', {
      value: props.provider.audience,
      description: 'Audience of the backend\'s projected service account token (serviceAccountToken.audience); the role accepts no other.',
    });
    audience.overrideLogicalId('uploader_token_audience');
    const tokenFile = `${WEB_IDENTITY_TOKEN_DIR}/token`;
    const podSpec = new TerraformOutput(this, 'pod-spec', {
      value: {
        serviceAccountName: props.serviceAccount.name,
        volumes: [
          {
            name: 'aws-iam-token',
            projected: { sources: [{ serviceAccountToken: { audience: props.provider.audience, expirationSeconds: WEB_IDENTITY_TOKEN_SECONDS, path: 'token' } }] },
          },
        ],
        volumeMounts: [{ name: 'aws-iam-token', mountPath: WEB_IDENTITY_TOKEN_DIR, readOnly: true }],
        env: [
          { name: 'AWS_ROLE_ARN', value: this.role.arn },
          { name: 'AWS_WEB_IDENTITY_TOKEN_FILE', value: tokenFile },
        ],
      },
      description: `Pod spec snippet of the backend (namespace ${props.serviceAccount.namespace}): its service account, the projected token volume and mount, and the two variables the AWS SDK reads to assume ${this.roleName}.`,
    });
    podSpec.overrideLogicalId('uploader_pod_identity');
  }
}
