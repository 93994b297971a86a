/**
 * `tomoda-eso-reader-{env}` as a role (workload-identity mode): the identity External Secrets Operator
 * uses to read the uploader secret, assumed with the token of its own Kubernetes service account
 * instead of an access key in a bootstrap Secret (tomoda-iam-uploader-eso.txt: "you cannot bootstrap
 * ESO with ESO"; a federated identity needs no bootstrap). Same permission as the user: the seed's one
 * statement on the one secret.
 *
 * ESO's AWS `jwt` auth (`auth.jwt.serviceAccountRef`) reads the role from the service account's
 * `eks.amazonaws.com/role-arn` annotation and requests the token for the audience in its
 * `eks.amazonaws.com/audience` annotation, `sts.amazonaws.com` when absent (external-secrets
 * pkg/provider/aws/auth/auth.go, `credsFromServiceAccount`, `defaultTokenAudience`). So the service
 * account is part of this identity and is created here, annotated with both.
 */
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import type { ServiceAccountRef } from '@raxx/config';
import { policyJson } from '@raxx/constructs';
import { Construct } from 'constructs';
import { ClusterOidcProvider } from './cluster-oidc-provider';
import { ESO_READER_POLICY_NAME, esoReaderStatements } from './eso-reader';
import { webIdentityTrust } from './web-identity-trust';

/** Annotation ESO (and the EKS convention) reads the role from. */
export const ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/role-arn';
/** Annotation ESO reads the token audience from. */
export const AUDIENCE_ANNOTATION = 'eks.amazonaws.com/audience';

/** Props of {@link EsoReaderRole}. */
export interface EsoReaderRoleProps {
  /** `var.project_name` of the seed: prefix of the role name. */
  readonly projectName: string;
  /** Environment name, the suffix of the role name. */
  readonly environmentName: string;
  /** The one secret the reader may read (`aws_secretsmanager_secret.s3_uploader_creds`). */
  readonly uploaderSecret: SecretsmanagerSecret;
  /** The cluster's OIDC provider. */
  readonly provider: ClusterOidcProvider;
  /** The service account ESO requests tokens for; in the SecretStore's namespace. */
  readonly serviceAccount: ServiceAccountRef;
  /** Namespace of the SecretStore (a namespaced store finds its service account there). */
  readonly secretStoreNamespace: string;
}

/** `aws_iam_role.eso_reader`, `aws_iam_role_policy.eso_reader_policy`, `kubernetes_service_account_v1.eso_reader`. */
export class EsoReaderRole extends Construct {
  /** `aws_iam_role.eso_reader`. */
  public readonly role: IamRole;
  /** `aws_iam_role_policy.eso_reader_policy`. */
  public readonly policy: IamRolePolicy;
  /** `kubernetes_service_account_v1.eso_reader`: the service account the SecretStore names. */
  public readonly serviceAccount: ServiceAccountV1;
  /** Name of the role (`tomoda-eso-reader-<env>`). */
  public readonly roleName: string;

  constructor(scope: Construct, id: string, props: EsoReaderRoleProps) {
    super(scope, id);
    if (props.serviceAccount.namespace !== props.secretStoreNamespace) {
      throw new Error(
        `EsoReaderRole: serviceAccount.namespace must be the SecretStore's namespace ${props.secretStoreNamespace} (ESO looks a namespaced store's service account up there), got ${props.serviceAccount.namespace}`,
      );
    }
    this.roleName = `${props.projectName}-eso-reader-${props.environmentName}`;

    // Role
    this.role = new IamRole(this, 'role', { name: this.roleName, assumeRolePolicy: policyJson(webIdentityTrust(props.provider, props.serviceAccount)) });
    this.role.overrideLogicalId('eso_reader');

    // Policy: the user's, statement for statement (eso-reader.ts).
    this.policy = new IamRolePolicy(this, 'policy', { name: ESO_READER_POLICY_NAME, role: this.role.name, policy: policyJson(esoReaderStatements(props.uploaderSecret)) });
    this.policy.overrideLogicalId('eso_reader_policy');

    // Service account. No token is mounted anywhere for it: ESO asks the API server for one
    // (TokenRequest) each time it builds a client.
    this.serviceAccount = new ServiceAccountV1(this, 'service-account', {
      metadata: {
        name: props.serviceAccount.name,
        namespace: props.serviceAccount.namespace,
        annotations: { [ROLE_ARN_ANNOTATION]: this.role.arn, [AUDIENCE_ANNOTATION]: props.provider.audience },
      },
      automountServiceAccountToken: false,
    });
    this.serviceAccount.overrideLogicalId('eso_reader');
  }
}
