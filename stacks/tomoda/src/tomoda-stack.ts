/**
 * Tomoda's AWS identities and their projection into the cluster (tomoda-iam-uploader-eso.txt):
 * two IAM users per environment, the uploader secret, and the ESO objects that deliver it.
 */
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { EnvironmentConfig, OVERRIDE_VARIABLES, TomodaIdentityPhase, tomodaIdentityPhase } from '@raxx/config';
import { RaxxStack, accountAwsProvider } from '@raxx/constructs';
import { Construct } from 'constructs';
import { ClusterOidcProvider } from './cluster-oidc-provider';
import { EsoCluster } from './eso-cluster';
import { EsoReader } from './eso-reader';
import { EsoReaderRole } from './eso-reader-role';
import { Uploader } from './uploader';
import { UploaderRole } from './uploader-role';
import { UPLOADER_CONFIG_KEYS, UploaderSecret } from './uploader-secret';

/** Props of {@link TomodaStack}. */
export interface TomodaStackProps {
  /** The environment this stack is instantiated for; every name carries its suffix. */
  readonly environment: EnvironmentConfig;
  /** Terraform Cloud organization. @default - local backend */
  readonly terraformCloudOrganization?: string;
}

/** Name of the stack of one environment (`tomoda-<env>`). */
export function tomodaStackName(environment: EnvironmentConfig): string {
  return `tomoda-${environment.name}`;
}

/** What other stacks may take from a Tomoda stack: known at synthesis, so taking it reads no state. */
export interface TomodaPublished {
  /** Name of the static assets bucket (`tomoda-assets-<env>`). */
  readonly assetsBucket: string;
}

/**
 * `tomoda-<env>`: the uploader, the ESO reader, the uploader secret and the cluster side. The
 * identities are IAM users with access keys (the seed), roles federated with the cluster, or both
 * during the migration: `environment.tomoda.identity.mode` (tomoda-identity.ts of @raxx/config).
 */
export class TomodaStack extends RaxxStack {
  /** The environment the stack was built for (names, account and region of its resources). */
  public readonly environment: EnvironmentConfig;
  /** Plain values for other stacks (never tokens). */
  public readonly published: TomodaPublished;
  /** Name of the static assets bucket (token of `aws_s3_bucket.static_assets.bucket`). */
  public readonly bucketName: string;
  /** Name of the uploader secret in Secrets Manager (`tomoda-s3-uploader-<env>`). */
  public readonly uploaderSecretName: string;
  /** ARN of the uploader secret (token). */
  public readonly uploaderSecretArn: string;
  /** What the identity declaration puts in the stack (roles, SecretStore auth, keys). */
  public readonly identityPhase: TomodaIdentityPhase;
  /** The uploader as an IAM user with keys. @default - undefined once the keys are gone (`workload-identity`) */
  public readonly uploader: Uploader | undefined;
  /** The ESO reader as an IAM user with keys. @default - undefined once the keys are gone (`workload-identity`) */
  public readonly esoReader: EsoReader | undefined;
  /** The cluster's OIDC provider. @default - undefined in `access-keys` mode */
  public readonly clusterOidcProvider: ClusterOidcProvider | undefined;
  /** The uploader as a role. @default - undefined in `access-keys` mode */
  public readonly uploaderRole: UploaderRole | undefined;
  /** The ESO reader as a role, with its service account. @default - undefined in `access-keys` mode */
  public readonly esoReaderRole: EsoReaderRole | undefined;
  /** The uploader secret. */
  public readonly uploaderSecret: UploaderSecret;
  /** The cluster-side ESO objects. */
  public readonly esoCluster: EsoCluster;

  constructor(scope: Construct, props: TomodaStackProps) {
    super(scope, tomodaStackName(props.environment), { terraformCloudOrganization: props.terraformCloudOrganization });
    const env = props.environment;
    this.environment = env;
    const tomoda = env.tomoda;

    accountAwsProvider(this, { accountId: env.awsAccountId, region: env.awsRegion, accountIdProp: 'TomodaStack: environment.awsAccountId' });
    new KubernetesProvider(this, 'kubernetes', { configPath: '~/.kube/config', configContext: tomoda.kubeContext });

    const assetsBucket = `${tomoda.projectName}-assets-${env.name}`;
    const bucket = new S3Bucket(this, 'static-assets', { bucket: assetsBucket });
    bucket.overrideLogicalId('static_assets');
    this.bucketName = bucket.bucket;
    this.published = { assetsBucket };

    this.uploaderSecret = new UploaderSecret(this, 'uploader-secret', {
      projectName: tomoda.projectName,
      environmentName: env.name,
      bucket,
      region: env.awsRegion,
      assetsDomain: tomoda.assetsDomain,
    });
    this.uploaderSecretName = this.uploaderSecret.secretName;
    this.uploaderSecretArn = this.uploaderSecret.secret.arn;

    const phase = (this.identityPhase = tomodaIdentityPhase(tomoda.identity.mode));
    const keys = phase.keys !== 'absent';
    const keysInactive = phase.keys === 'inactive';
    this.uploader = keys
      ? new Uploader(this, 'uploader', {
          projectName: tomoda.projectName,
          environmentName: env.name,
          bucket,
          secret: this.uploaderSecret,
          key: env.credentials.uploaderKey,
          keySlotsVariable: OVERRIDE_VARIABLES.credentialSlots(env.name, 'uploaderKey'),
          ...(keysInactive ? { keysInactive } : {}),
        })
      : undefined;

    this.esoReader = keys
      ? new EsoReader(this, 'eso-reader', {
          projectName: tomoda.projectName,
          environmentName: env.name,
          uploaderSecret: this.uploaderSecret.secret,
          key: env.credentials.esoReaderKey,
          keySlotsVariable: OVERRIDE_VARIABLES.credentialSlots(env.name, 'esoReaderKey'),
          ...(keysInactive ? { keysInactive } : {}),
        })
      : undefined;

    if (phase.roles) {
      const identity = tomoda.identity;
      const provider = new ClusterOidcProvider(this, 'cluster-oidc-provider', { accountId: env.awsAccountId, issuer: identity.oidcIssuer, audience: identity.audience, source: identity.oidcProvider });
      this.clusterOidcProvider = provider;
      this.esoReaderRole = new EsoReaderRole(this, 'eso-reader-role', {
        projectName: tomoda.projectName,
        environmentName: env.name,
        uploaderSecret: this.uploaderSecret.secret,
        provider,
        serviceAccount: identity.esoServiceAccount,
        secretStoreNamespace: tomoda.namespace,
      });
      this.uploaderRole = new UploaderRole(this, 'uploader-role', {
        projectName: tomoda.projectName,
        environmentName: env.name,
        bucket,
        provider,
        serviceAccount: identity.backendServiceAccount,
        ...(this.uploader ? { policyDocument: this.uploader.policyDocument } : {}),
      });
    }

    const readerRole = this.esoReaderRole;
    this.esoCluster = new EsoCluster(this, 'eso-cluster', {
      tomoda,
      region: env.awsRegion,
      ...(this.esoReader ? { esoReaderKey: this.esoReader.accessKey } : {}),
      ...(phase.secretStoreAuth === 'jwt' && readerRole ? { jwtAuth: { serviceAccount: readerRole.serviceAccount, dependsOn: [readerRole.policy] } } : {}),
      uploaderSecret: this.uploaderSecret.secret,
      uploaderSecretVersion: this.uploader ? this.uploader.keys.active.secretVersion : this.uploaderSecret.configVersion(this),
      ...(this.uploader ? {} : { projectedKeys: UPLOADER_CONFIG_KEYS }),
    });
  }
}
