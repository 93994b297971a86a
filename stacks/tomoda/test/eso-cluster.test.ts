import { loadPlatformConfig } from '@raxx/config';
import { CONSUMERS_ANNOTATION } from '@raxx/constructs';
import { EsoCluster } from '../src';
import { resolveIn, synthTomoda } from './synth';

const { json, stack } = synthTomoda('dev');
const resource = json.resource;
const UPLOADER_SECRET_NAME = '${aws_secretsmanager_secret.s3_uploader_creds.name}';
const ACTIVE_VERSION = 'uuid/${aws_secretsmanager_secret_version.s3_uploader_creds_a.version_id}';

describe('the ESO bootstrap secret', () => {
  it('is written by Terraform from the ESO reader key, so rotating the reader needs no manual step', () => {
    expect(resource.kubernetes_secret_v1.eso_bootstrap).toEqual({
      metadata: {
        name: 'tomoda-eso-aws-credentials',
        namespace: 'tomoda-dev',
        annotations: { 'raxx.io/consumers': 'external-secrets/deployment/external-secrets' },
      },
      type: 'Opaque',
      data: {
        'access-key-id': '${aws_iam_access_key.eso_reader_key_a.id}',
        'secret-access-key': '${aws_iam_access_key.eso_reader_key_a.secret}',
      },
    });
  });

  it('follows the active slot of the reader key', () => {
    const { json: switched } = synthTomoda('dev', { RAXX_DEV_ESO_READER_KEY_SLOTS: 'b+active-standby' });
    expect(switched.resource.kubernetes_secret_v1.eso_bootstrap.data).toEqual({
      'access-key-id': '${aws_iam_access_key.eso_reader_key_b.id}',
      'secret-access-key': '${aws_iam_access_key.eso_reader_key_b.secret}',
    });
  });

  it('names the ESO controller as its consumer, in the controller\'s own namespace', () => {
    expect(resource.kubernetes_secret_v1.eso_bootstrap.metadata.annotations[CONSUMERS_ANNOTATION]).toBe(
      loadPlatformConfig({}).environments.dev.tomoda.esoController,
    );
  });
});

describe('the SecretStore', () => {
  it('reads Secrets Manager in the environment’s region with the bootstrap secret, by reference', () => {
    expect(resource.kubernetes_manifest.secret_store).toEqual({
      manifest: {
        apiVersion: 'external-secrets.io/v1',
        kind: 'SecretStore',
        metadata: { name: 'tomoda-aws-secrets-manager', namespace: 'tomoda-dev' },
        spec: {
          provider: {
            aws: {
              service: 'SecretsManager',
              region: 'us-east-1',
              auth: {
                secretRef: {
                  accessKeyIDSecretRef: { name: '${kubernetes_secret_v1.eso_bootstrap.metadata[0].name}', key: 'access-key-id' },
                  secretAccessKeySecretRef: {
                    name: '${kubernetes_secret_v1.eso_bootstrap.metadata[0].name}',
                    key: 'secret-access-key',
                  },
                },
              },
            },
          },
        },
      },
    });
  });
});

describe('the uploader ExternalSecret', () => {
  const manifest = resource.kubernetes_manifest.uploader_external_secret.manifest;

  it('projects the five keys of the uploader secret into the backend’s Secret', () => {
    expect(manifest).toEqual({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: {
        name: 'tomoda-s3-uploader',
        namespace: 'tomoda-dev',
        annotations: { 'raxx.io/consumers': 'deployment/tomoda-backend' },
      },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { name: '${kubernetes_manifest.secret_store.manifest.metadata.name}', kind: 'SecretStore' },
        target: { name: 'tomoda-s3-uploader', creationPolicy: 'Owner' },
        data: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'S3_BUCKET', 'S3_REGION', 'S3_BASE_URL'].map((key) => ({
          secretKey: key,
          remoteRef: { key: UPLOADER_SECRET_NAME, property: key, version: ACTIVE_VERSION },
        })),
      },
    });
  });

  it('reads the version of the active key slot by id, so switching slots updates it in place', () => {
    const { json: switched } = synthTomoda('dev', { RAXX_DEV_UPLOADER_KEY_SLOTS: 'b+active-standby' });
    const versions = switched.resource.kubernetes_manifest.uploader_external_secret.manifest.spec.data.map(
      (item: { remoteRef: { version: string } }) => item.remoteRef.version,
    );
    expect(new Set(versions)).toEqual(new Set(['uuid/${aws_secretsmanager_secret_version.s3_uploader_creds_b.version_id}']));
  });

  it('names the deployment to restart after a rotation in the consumers annotation', () => {
    expect(CONSUMERS_ANNOTATION).toBe('raxx.io/consumers');
    expect(manifest.metadata.annotations[CONSUMERS_ANNOTATION]).toBe('deployment/tomoda-backend');
  });

  it('reaches the cluster within the configured refresh interval after a rotation', () => {
    expect(manifest.spec.refreshInterval).toBe(loadPlatformConfig({}).environments.dev.tomoda.esoRefreshInterval);
  });

  it('waits for the uploader secret’s version, so its first sync never races the first value', () => {
    expect(resource.kubernetes_manifest.uploader_external_secret.depends_on).toEqual(['aws_secretsmanager_secret_version.s3_uploader_creds_a']);
  });

  it('is applied as manager "Terraform" forcing conflicts, so ESO 1.x owning .spec.refreshInterval (external-secrets issue 5650) does not fail the plan or apply', () => {
    expect(resource.kubernetes_manifest.uploader_external_secret.field_manager).toEqual({ name: 'Terraform', force_conflicts: true });
  });

  it('forces conflicts on the ExternalSecret only: the SecretStore (which ESO updates only for a PushSecret, and whose fields here round-trip unchanged) keeps the provider\'s default', () => {
    expect(resource.kubernetes_manifest.secret_store.field_manager).toBeUndefined();
  });

  it('forces conflicts in every identity and slot declaration', () => {
    for (const vars of [{ RAXX_DEV_UPLOADER_KEY_SLOTS: 'b+active-standby' }, { RAXX_DEV_TOMODA_IDENTITY: 'workload-identity' }]) {
      expect(synthTomoda('dev', vars).json.resource.kubernetes_manifest.uploader_external_secret.field_manager).toEqual({ name: 'Terraform', force_conflicts: true });
    }
  });

  it('refers to the SecretStore by reference, so it is applied after the store', () => {
    expect(resolveIn(stack, stack.esoCluster.secretStore.manifest)).toBe('${kubernetes_manifest.secret_store.manifest}');
    expect(manifest.spec.secretStoreRef.name).toBe('${kubernetes_manifest.secret_store.manifest.metadata.name}');
  });
});

describe('EsoCluster props', () => {
  it('rejects an empty ExternalSecret name, naming the prop', () => {
    const other = synthTomoda('dev').stack;
    const [reader, uploader] = [other.esoReader, other.uploader];
    if (!reader || !uploader) throw new Error('access-keys mode has both users');
    expect(
      () =>
        new EsoCluster(other, 'bad', {
          tomoda: loadPlatformConfig({}).environments.dev.tomoda,
          region: 'us-east-1',
          esoReaderKey: reader.accessKey,
          uploaderSecret: other.uploaderSecret.secret,
          uploaderSecretVersion: uploader.keys.active.secretVersion,
          externalSecretName: '',
        }),
    ).toThrow(/externalSecretName/);
  });
});
