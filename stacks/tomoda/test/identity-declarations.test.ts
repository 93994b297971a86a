/**
 * What each value of RAXX_<ENV>_TOMODA_IDENTITY synthesizes: the migration from access keys to
 * federated identities, one reviewed declaration per phase (tomoda-identity.ts of @raxx/config).
 */
import { TOMODA_IDENTITY_MODES, TomodaIdentityMode } from '@raxx/config';
import { addresses, referencedAddresses, synthTomoda, Synthesized } from './synth';

const ISSUER = 'container.googleapis.com/v1/projects/raxx-tomoda-prod/locations/us-central1/clusters/tomoda-prod';
const synth = (mode: TomodaIdentityMode, vars: NodeJS.ProcessEnv = {}) => synthTomoda('prod', { RAXX_PROD_TOMODA_IDENTITY: mode, ...vars });
const declared = Object.fromEntries(TOMODA_IDENTITY_MODES.map((mode) => [mode, synth(mode)])) as Record<TomodaIdentityMode, ReturnType<typeof synth>>;

const SEED = [
  'aws_iam_access_key.eso_reader_key_a',
  'aws_iam_access_key.uploader_key_a',
  'aws_iam_user.eso_reader',
  'aws_iam_user.uploader',
  'aws_iam_user_policy.eso_reader_policy',
  'aws_iam_user_policy.uploader_policy',
  'aws_secretsmanager_secret_version.s3_uploader_creds_a',
  'kubernetes_secret_v1.eso_bootstrap',
];
const COMMON = [
  'aws_s3_bucket.static_assets',
  'aws_secretsmanager_secret.s3_uploader_creds',
  'data.aws_iam_policy_document.uploader_policy',
  'kubernetes_manifest.secret_store',
  'kubernetes_manifest.uploader_external_secret',
];
const ROLES = [
  'aws_iam_openid_connect_provider.tomoda_cluster',
  'aws_iam_role.eso_reader',
  'aws_iam_role.uploader',
  'aws_iam_role_policy.eso_reader_policy',
  'aws_iam_role_policy.uploader_policy',
  'kubernetes_service_account_v1.eso_reader',
];

const storeAuth = (json: Synthesized) => json.resource.kubernetes_manifest.secret_store.manifest.spec.provider.aws.auth;
const keyStatus = (json: Synthesized) => Object.values(json.resource.aws_iam_access_key ?? {}).map((key) => (key as { status: string }).status);

describe('the identity declarations, in migration order', () => {
  test('access-keys (default): the seed, byte for byte the stack without the setting', () => {
    expect(declared['access-keys'].text).toBe(synthTomoda('prod').text);
    expect(addresses(declared['access-keys'].json)).toEqual([...SEED, ...COMMON].sort());
    expect(Object.keys(storeAuth(declared['access-keys'].json))).toEqual(['secretRef']);
  });

  test('access-keys+roles (phase 1): adds the provider, the roles and the ESO service account; every seed address stays, so the plan destroys nothing', () => {
    const { json } = declared['access-keys+roles'];
    expect(addresses(json)).toEqual([...SEED, ...COMMON, ...ROLES].sort());
    expect(storeAuth(json)).toEqual(storeAuth(declared['access-keys'].json));
    expect(keyStatus(json)).toEqual(['Active', 'Active']);
    // Everything the seed declares is synthesized exactly as before: the plan only adds.
    const seed = declared['access-keys'].json.resource;
    for (const [type, byName] of Object.entries(seed)) for (const [name, block] of Object.entries(byName as object)) expect([type, name, json.resource[type][name]]).toEqual([type, name, block]);
  });

  test('workload-identity+keys-active (phase 2, and 3 outside Terraform): the SecretStore switches in place to the ESO service account\'s token; keys stay active', () => {
    const { json } = declared['workload-identity+keys-active'];
    expect(addresses(json)).toEqual(addresses(declared['access-keys+roles'].json));
    expect(storeAuth(json)).toEqual({ jwt: { serviceAccountRef: { name: '${kubernetes_service_account_v1.eso_reader.metadata[0].name}' } } });
    expect(json.resource.kubernetes_manifest.secret_store.manifest.spec.provider.aws.role).toBeUndefined();
    expect(json.resource.kubernetes_manifest.secret_store.depends_on).toEqual(['aws_iam_role_policy.eso_reader_policy']);
    expect(keyStatus(json)).toEqual(['Active', 'Active']);
    expect(json.resource.kubernetes_manifest.uploader_external_secret).toEqual(declared['access-keys'].json.resource.kubernetes_manifest.uploader_external_secret);
  });

  test('workload-identity+keys-inactive (phase 4): the same addresses, both keys Inactive in place', () => {
    const { json } = declared['workload-identity+keys-inactive'];
    expect(addresses(json)).toEqual(addresses(declared['access-keys+roles'].json));
    expect(keyStatus(json)).toEqual(['Inactive', 'Inactive']);
    expect(storeAuth(json)).toEqual(storeAuth(declared['workload-identity+keys-active'].json));
  });

  test('workload-identity+keys-inactive also switches off the standby slot of a key mid-rotation', () => {
    const { json } = synth('workload-identity+keys-inactive', { RAXX_PROD_UPLOADER_KEY_SLOTS: 'b+active-standby' });
    expect(json.resource.aws_iam_access_key.uploader_key_a.status).toBe('Inactive');
    expect(json.resource.aws_iam_access_key.uploader_key_b.status).toBe('Inactive');
  });

  test('workload-identity (phase 5): no user, no key, no bootstrap Secret, no key in Secrets Manager; the secret keeps the bucket configuration', () => {
    const { json } = declared['workload-identity'];
    expect(addresses(json)).toEqual([...COMMON, ...ROLES, 'aws_secretsmanager_secret_version.s3_uploader_config'].sort());
    expect(json.resource.aws_secretsmanager_secret_version.s3_uploader_config.secret_string).toBe(
      '${jsonencode({"S3_BUCKET" = aws_s3_bucket.static_assets.id, "S3_REGION" = "us-east-1", "S3_BASE_URL" = "https://assets.tomoda.app"})}',
    );
    const external = json.resource.kubernetes_manifest.uploader_external_secret;
    expect(external.manifest.spec.data.map((d: { secretKey: string }) => d.secretKey)).toEqual(['S3_BUCKET', 'S3_REGION', 'S3_BASE_URL']);
    expect(external.manifest.spec.data[0].remoteRef.version).toBe('uuid/${aws_secretsmanager_secret_version.s3_uploader_config.version_id}');
    expect(external.depends_on).toEqual(['aws_secretsmanager_secret_version.s3_uploader_config']);
    expect(JSON.stringify(json)).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|aws_iam_access_key|eso_reader_access_key_id/);
    for (const ref of referencedAddresses(json)) expect(addresses(json)).toContain(ref);
  });
});

describe('the roles and their trust (every declaration from phase 1)', () => {
  const { json } = declared['workload-identity'];
  const trust = (role: string) => JSON.parse(json.resource.aws_iam_role[role].assume_role_policy);

  test('the cluster is an OIDC provider for its issuer, client id sts.amazonaws.com, no thumbprint', () => {
    expect(json.resource.aws_iam_openid_connect_provider.tomoda_cluster).toEqual({
      url: `https://${ISSUER}`,
      client_id_list: ['sts.amazonaws.com'],
    });
  });

  test('RAXX_<ENV>_TOMODA_OIDC_PROVIDER=existing reads the provider instead, and the trusts name the data source', () => {
    const existing = synth('workload-identity', { RAXX_PROD_TOMODA_OIDC_PROVIDER: 'existing' }).json;
    expect(existing.resource.aws_iam_openid_connect_provider).toBeUndefined();
    expect(existing.data.aws_iam_openid_connect_provider.tomoda_cluster).toMatchObject({ url: `https://${ISSUER}` });
    expect(JSON.parse(existing.resource.aws_iam_role.uploader.assume_role_policy).Statement[0].Principal).toEqual({ Federated: '${data.aws_iam_openid_connect_provider.tomoda_cluster.arn}' });
  });

  test.each([
    ['uploader', 'tomoda-uploader-prod', 'system:serviceaccount:tomoda-prod:tomoda-backend'],
    ['eso_reader', 'tomoda-eso-reader-prod', 'system:serviceaccount:tomoda-prod:tomoda-eso-reader'],
  ])('aws_iam_role.%s (%s) trusts only AssumeRoleWithWebIdentity from the provider, for %s with the audience', (role, name, subject) => {
    expect(json.resource.aws_iam_role[role].name).toBe(name);
    expect(trust(role)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: '${aws_iam_openid_connect_provider.tomoda_cluster.arn}' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { [`${ISSUER}:sub`]: subject, [`${ISSUER}:aud`]: 'sts.amazonaws.com' } },
        },
      ],
    });
  });

  test('the roles carry exactly the seed\'s permission policies', () => {
    expect(json.resource.aws_iam_role_policy.eso_reader_policy).toMatchObject({
      name: 'secrets-manager-read-only',
      role: '${aws_iam_role.eso_reader.name}',
      policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '${aws_secretsmanager_secret.s3_uploader_creds.arn}' }] }),
    });
    expect(json.resource.aws_iam_role_policy.uploader_policy).toMatchObject({ name: 'tomoda-uploader-prod-put-only', role: '${aws_iam_role.uploader.name}', policy: '${data.aws_iam_policy_document.uploader_policy.json}' });
    expect(json.data.aws_iam_policy_document.uploader_policy.statement).toEqual([
      { sid: 'AllowS3Upload', effect: 'Allow', actions: ['s3:PutObject', 's3:PutObjectAcl'], resources: ['${aws_s3_bucket.static_assets.arn}/*'] },
    ]);
    // While the user exists, both read the same document.
    expect(declared['access-keys+roles'].json.data.aws_iam_policy_document.uploader_policy).toEqual(declared['access-keys'].json.data.aws_iam_policy_document.uploader_policy);
  });

  test('ESO\'s service account names the reader role and the audience, and mounts no token', () => {
    expect(json.resource.kubernetes_service_account_v1.eso_reader).toMatchObject({
      metadata: {
        name: 'tomoda-eso-reader',
        namespace: 'tomoda-prod',
        annotations: { 'eks.amazonaws.com/role-arn': '${aws_iam_role.eso_reader.arn}', 'eks.amazonaws.com/audience': 'sts.amazonaws.com' },
      },
      automount_service_account_token: false,
    });
  });

  test('the backend gets its role ARN, audience and projected token volume as outputs, none sensitive, each described', () => {
    const outputs = json.output;
    expect(Object.keys(outputs).sort()).toEqual(['uploader_pod_identity', 'uploader_role_arn', 'uploader_token_audience']);
    for (const output of Object.values(outputs) as { sensitive?: boolean; description: string }[]) {
      expect(output.sensitive).toBeUndefined();
      expect(output.description.length).toBeGreaterThan(20);
    }
    expect(outputs.uploader_role_arn.value).toBe('${aws_iam_role.uploader.arn}');
    expect(outputs.uploader_token_audience.value).toBe('sts.amazonaws.com');
    expect(outputs.uploader_pod_identity.value.volumes[0].projected.sources[0].serviceAccountToken).toEqual({ audience: 'sts.amazonaws.com', expirationSeconds: 3600, path: 'token' });
    expect(outputs.uploader_pod_identity.value.serviceAccountName).toBe('tomoda-backend');
  });

  test('other environments are untouched', () => {
    expect(synthTomoda('staging', { RAXX_PROD_TOMODA_IDENTITY: 'workload-identity' }).text).toBe(synthTomoda('staging').text);
  });
});
