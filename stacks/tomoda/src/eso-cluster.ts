/**
 * The cluster side of the projection (tomoda-iam-uploader-eso.txt: "The backend only ever sees the
 * projected Kubernetes Secret"): the ESO reader's bootstrap Secret, the SecretStore that uses it and
 * the ExternalSecret that projects the five uploader keys into the backend's Secret.
 *
 * `kubernetes_manifest` needs the cluster reachable at plan time and the external-secrets.io/v1 CRDs
 * already installed (it reads their schema to plan), so ESO itself is installed before this stack.
 */
import { IamAccessKey } from '@cdktf/provider-aws/lib/iam-access-key';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import type { TomodaConfig } from '@raxx/config';
import { CONSUMERS_ANNOTATION } from '@raxx/constructs';
import { Fn, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { UPLOADER_SECRET_KEYS, UploaderSecretKey } from './uploader-secret';

/** API version of the ESO CRDs (ESO v1). */
export const ESO_API_VERSION = 'external-secrets.io/v1';

/** The server-side apply field manager of the ExternalSecret: kubernetes provider 2.38's default name (manifest/provider/plan.go). */
export const FIELD_MANAGER = 'Terraform';

/** Keys of the bootstrap Secret, as the SecretStore's `secretRef` names them. */
export const BOOTSTRAP_KEYS = { accessKeyId: 'access-key-id', secretAccessKey: 'secret-access-key' } as const;

/** Props of {@link EsoCluster}. */
export interface EsoClusterProps {
  /** Tomoda's cluster-side names (namespace, Secret names, refresh interval, backend deployment). */
  readonly tomoda: TomodaConfig;
  /** AWS region of Secrets Manager. */
  readonly region: string;
  /**
   * The ESO reader's active key (`aws_iam_access_key.eso_reader_key_<slot>`), written into the bootstrap
   * Secret. @default - no key, no bootstrap Secret (`workload-identity`); then `jwtAuth` is required
   */
  readonly esoReaderKey?: IamAccessKey;
  /**
   * Authenticate the SecretStore with the token of this service account (ESO's AWS `jwt` auth) instead
   * of the bootstrap Secret's key. @default - the bootstrap Secret's key (`secretRef`)
   */
  readonly jwtAuth?: SecretStoreJwtAuth;
  /** The keys of the uploader secret the ExternalSecret projects. @default UPLOADER_SECRET_KEYS (the seed's five) */
  readonly projectedKeys?: readonly UploaderSecretKey[];
  /** The secret ESO reads (`aws_secretsmanager_secret.s3_uploader_creds`). */
  readonly uploaderSecret: SecretsmanagerSecret;
  /**
   * The version of that secret that holds the active uploader key
   * (`aws_secretsmanager_secret_version.s3_uploader_creds_<slot>`): the ExternalSecret reads exactly it,
   * and waits for it.
   */
  readonly uploaderSecretVersion: SecretsmanagerSecretVersion;
  /** Name of the ExternalSecret. @default 'tomoda-s3-uploader' */
  readonly externalSecretName?: string;
}

/** ESO's AWS `jwt` auth of the SecretStore. */
export interface SecretStoreJwtAuth {
  /** The service account ESO requests a token for (annotated with the reader role, eso-reader-role.ts). */
  readonly serviceAccount: ServiceAccountV1;
  /** What must exist before ESO first uses the token (the role's policy). */
  readonly dependsOn: readonly ITerraformDependable[];
}

/** `kubernetes_secret_v1.eso_bootstrap` (while there is a key), `kubernetes_manifest.secret_store`, `kubernetes_manifest.uploader_external_secret`. */
export class EsoCluster extends Construct {
  /** `kubernetes_secret_v1.eso_bootstrap`, while the reader has a key. */
  public readonly bootstrapSecret: SecretV1 | undefined;
  /** `kubernetes_manifest.secret_store`. */
  public readonly secretStore: Manifest;
  /** `kubernetes_manifest.uploader_external_secret`. */
  public readonly externalSecret: Manifest;

  constructor(scope: Construct, id: string, props: EsoClusterProps) {
    super(scope, id);
    const { tomoda } = props;
    const externalSecretName = props.externalSecretName ?? 'tomoda-s3-uploader';
    if (externalSecretName === '') throw new Error('EsoCluster: externalSecretName must not be empty');
    if (!props.esoReaderKey && !props.jwtAuth) throw new Error('EsoCluster: without esoReaderKey (no bootstrap Secret) the SecretStore needs jwtAuth');
    const projectedKeys = props.projectedKeys ?? UPLOADER_SECRET_KEYS;
    if (projectedKeys.length === 0) throw new Error('EsoCluster: projectedKeys must not be empty');

    // The bootstrap Secret holds the reader's key while it has one (see bootstrapSecret below).
    this.bootstrapSecret = props.esoReaderKey ? bootstrapSecret(this, tomoda, props.esoReaderKey) : undefined;

    // By reference, so the store is applied after the Secret (or the service account) it points at exists.
    this.secretStore = new Manifest(this, 'secret-store', {
      ...(props.jwtAuth ? { dependsOn: [...props.jwtAuth.dependsOn] } : {}),
      manifest: {
        apiVersion: ESO_API_VERSION,
        kind: 'SecretStore',
        metadata: { name: tomoda.secretStoreName, namespace: tomoda.namespace },
        spec: {
          provider: {
            aws: {
              service: 'SecretsManager',
              region: props.region,
              auth: props.jwtAuth ? jwtAuth(props.jwtAuth) : secretRefAuth(this.bootstrapSecret as SecretV1),
            },
          },
        },
      },
    });
    this.secretStore.overrideLogicalId('secret_store');

    // The rotation tool reads CONSUMERS_ANNOTATION to know which deployments to restart once the
    // projected Secret changes (the runbook's `kubectl rollout restart deployment/...`).
    // Every key reads the active slot's version by id (ESO: `version: uuid/<VersionId>`), not AWSCURRENT:
    // switching slots is then an in-place update of this manifest. The reference already orders the
    // ExternalSecret after that version; `depends_on` keeps saying so explicitly (without it the first
    // sync could run between the secret's creation and its first value).
    const activeVersion = `uuid/${props.uploaderSecretVersion.versionId}`;
    this.externalSecret = new Manifest(this, 'external-secret', {
      dependsOn: [props.uploaderSecretVersion],
      // ESO 0.20 and later (1.x included) add a finalizer with an Update of the whole ExternalSecret, which
      // writes `refreshInterval` back as Go prints it ("1h" becomes "1h0m0s") and so takes the field over
      // as manager "external-secrets": Terraform's next server-side apply (and the dry run its plan makes)
      // then fails with a conflict on .spec.refreshInterval (external-secrets issue 5650). Terraform
      // declares this spec, so it takes the field back; the provider's default manager name is kept, so
      // objects applied before keep one manager entry. stacks/tomoda/README.md, "Field ownership".
      fieldManager: { name: FIELD_MANAGER, forceConflicts: true },
      manifest: {
        apiVersion: ESO_API_VERSION,
        kind: 'ExternalSecret',
        metadata: {
          name: externalSecretName,
          namespace: tomoda.namespace,
          annotations: { [CONSUMERS_ANNOTATION]: `deployment/${tomoda.backendDeployment}` },
        },
        spec: {
          refreshInterval: tomoda.esoRefreshInterval,
          secretStoreRef: { name: Fn.lookupNested(this.secretStore.manifest, ['metadata', 'name']), kind: 'SecretStore' },
          target: { name: tomoda.backendSecretName, creationPolicy: 'Owner' },
          data: projectedKeys.map((key) => ({
            secretKey: key,
            remoteRef: { key: props.uploaderSecret.name, property: key, version: activeVersion },
          })),
        },
      },
    });
    this.externalSecret.overrideLogicalId('uploader_external_secret');
  }
}

// The seed: "The reader's own access key is fed into the cluster via a bootstrap secret created
// out-of-band (you cannot bootstrap ESO with ESO)", and rotation step 4 "For the ESO reader, the
// cluster-side bootstrap secret must be updated manually". Here Terraform writes the bootstrap
// Secret from the key by reference, so tainting aws_iam_access_key.eso_reader_key and applying
// rewrites it in the same run: step 4 needs no manual action any more. `data` updates in place; ESO
// re-reads a SecretStore's auth Secret whenever it builds a client. Its consumer is the ESO
// controller (CONSUMERS_ANNOTATION, `<namespace>/<kind>/<name>`): restarting it after the reader key
// changes drops any client still built with the old key, before that key is deactivated.
function bootstrapSecret(scope: Construct, tomoda: TomodaConfig, key: IamAccessKey): SecretV1 {
  const secret = new SecretV1(scope, 'bootstrap', {
    metadata: { name: tomoda.esoBootstrapSecretName, namespace: tomoda.namespace, annotations: { [CONSUMERS_ANNOTATION]: tomoda.esoController } },
    type: 'Opaque',
    data: {
      [BOOTSTRAP_KEYS.accessKeyId]: key.id,
      [BOOTSTRAP_KEYS.secretAccessKey]: key.secret,
    },
  });
  secret.overrideLogicalId('eso_bootstrap');
  return secret;
}

/** `auth.secretRef`: the bootstrap Secret's key. */
function secretRefAuth(bootstrap: SecretV1): Record<string, unknown> {
  const bootstrapName = bootstrap.metadata.name;
  return {
    secretRef: {
      accessKeyIDSecretRef: { name: bootstrapName, key: BOOTSTRAP_KEYS.accessKeyId },
      secretAccessKeySecretRef: { name: bootstrapName, key: BOOTSTRAP_KEYS.secretAccessKey },
    },
  };
}

/**
 * `auth.jwt.serviceAccountRef`: ESO requests a token for the service account (in the store's namespace)
 * and calls AssumeRoleWithWebIdentity with the role of its `eks.amazonaws.com/role-arn` annotation.
 * No `spec.provider.aws.role`: ESO would assume that role a second time, with `sts:AssumeRole` from the
 * web-identity session (external-secrets pkg/provider/aws/auth/auth.go, `New`), which the reader
 * role's trust, web identity only, refuses.
 */
function jwtAuth(auth: SecretStoreJwtAuth): Record<string, unknown> {
  return { jwt: { serviceAccountRef: { name: auth.serviceAccount.metadata.name } } };
}
