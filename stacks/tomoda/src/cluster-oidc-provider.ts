/**
 * The environment's GKE cluster as an IAM OIDC identity provider: what lets AWS accept the cluster's
 * service account tokens (`sts:AssumeRoleWithWebIdentity`), the seed's "IRSA-style federated
 * identities" way out (tomoda-iam-uploader-eso.txt, "Rotation").
 *
 * GKE publishes the issuer's discovery document at `<issuer>/.well-known/openid-configuration` and its
 * keys at the document's `jwks_uri`, on container.googleapis.com. No `thumbprint_list`: it is optional
 * in aws provider 6.x, and AWS verifies the JWKS endpoint's TLS certificate against its library of
 * trusted root CAs, using thumbprints only for a certificate no trusted CA signed (IAM API reference,
 * CreateOpenIDConnectProvider).
 */
import { DataAwsIamOpenidConnectProvider } from '@cdktf/provider-aws/lib/data-aws-iam-openid-connect-provider';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import type { OidcProviderSource } from '@raxx/config';
import { issuerHostPath } from '@raxx/config';
import { iamOidcProviderArn } from '@raxx/constructs';
import { Construct } from 'constructs';

/** Logical id of the provider (resource or data source). */
export const CLUSTER_OIDC_PROVIDER_LOGICAL_ID = 'tomoda_cluster';

/** Props of {@link ClusterOidcProvider}. */
export interface ClusterOidcProviderProps {
  /** Account of the provider. */
  readonly accountId: string;
  /** The cluster's issuer (`https://container.googleapis.com/v1/projects/<p>/locations/<l>/clusters/<c>`). */
  readonly issuer: string;
  /** Client id (audience) the provider accepts. */
  readonly audience: string;
  /**
   * `create` the provider, or read the `existing` one (IAM holds one provider per URL and account:
   * a second stack of the same cluster and account reads it). An existing provider must list the
   * audience among its client ids.
   */
  readonly source: OidcProviderSource;
}

/** `aws_iam_openid_connect_provider.tomoda_cluster`, or `data.aws_iam_openid_connect_provider.tomoda_cluster`. */
export class ClusterOidcProvider extends Construct {
  /** ARN of the provider (`arn:aws:iam::<account>:oidc-provider/<issuer host and path>`): the `Federated` principal of the trusts. */
  public readonly arn: string;
  /** The same ARN as a plain string, known at synthesis (for proofs and other stacks; never a token). */
  public readonly providerArn: string;
  /** The issuer, as configured. */
  public readonly issuer: string;
  /** `<issuer host and path>`: the prefix of the token's condition keys (`<prefix>:sub`, `<prefix>:aud`). */
  public readonly conditionKeyPrefix: string;
  /** The audience the trusts require. */
  public readonly audience: string;
  /** The resource, or the data source of an existing provider. */
  public readonly provider: IamOpenidConnectProvider | DataAwsIamOpenidConnectProvider;

  constructor(scope: Construct, id: string, props: ClusterOidcProviderProps) {
    super(scope, id);
    if (!props.issuer.startsWith('https://')) throw new Error(`ClusterOidcProvider: issuer must be an https URL, got ${JSON.stringify(props.issuer)}`);
    if (props.audience === '') throw new Error('ClusterOidcProvider: audience must not be empty');
    this.issuer = props.issuer;
    this.audience = props.audience;
    this.conditionKeyPrefix = issuerHostPath(props.issuer);
    this.provider =
      props.source === 'create'
        ? new IamOpenidConnectProvider(this, 'provider', { url: props.issuer, clientIdList: [props.audience] })
        : new DataAwsIamOpenidConnectProvider(this, 'provider', { url: props.issuer });
    this.provider.overrideLogicalId(CLUSTER_OIDC_PROVIDER_LOGICAL_ID);
    this.arn = this.provider.arn;
    this.providerArn = iamOidcProviderArn(props.accountId, props.issuer);
  }
}
