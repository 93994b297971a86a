import {
  ConfigurationError,
  ENVIRONMENT_NAMES,
  TOMODA_IDENTITY_MODES,
  issuerHostPath,
  loadPlatformConfig,
  serviceAccountSubject,
  tomodaIdentityPhase,
} from '../src';

describe("Tomoda's identity declaration", () => {
  it('is the seed (access keys) by default, in every environment, each with its own placeholder GKE issuer', () => {
    const config = loadPlatformConfig({});
    const identities = ENVIRONMENT_NAMES.map((env) => config.environments[env].tomoda.identity);
    expect(identities.map((i) => i.mode)).toEqual(['access-keys', 'access-keys', 'access-keys']);
    expect(identities.map((i) => i.oidcIssuer)).toEqual([
      'https://container.googleapis.com/v1/projects/raxx-tomoda-dev/locations/us-central1/clusters/tomoda-dev',
      'https://container.googleapis.com/v1/projects/raxx-tomoda-staging/locations/us-central1/clusters/tomoda-staging',
      'https://container.googleapis.com/v1/projects/raxx-tomoda-prod/locations/us-central1/clusters/tomoda-prod',
    ]);
    expect(config.environments.prod.tomoda.identity).toMatchObject({
      oidcProvider: 'create',
      audience: 'sts.amazonaws.com',
      esoServiceAccount: { namespace: 'tomoda-prod', name: 'tomoda-eso-reader' },
      backendServiceAccount: { namespace: 'tomoda-prod', name: 'tomoda-backend' },
    });
  });

  it('RAXX_<ENV>_TOMODA_IDENTITY, _OIDC_ISSUER and _OIDC_PROVIDER override one environment only', () => {
    const issuer = 'https://container.googleapis.com/v1/projects/acme-tomoda/locations/europe-west1/clusters/tomoda';
    const config = loadPlatformConfig({ RAXX_PROD_TOMODA_IDENTITY: 'workload-identity', RAXX_PROD_TOMODA_OIDC_ISSUER: issuer, RAXX_PROD_TOMODA_OIDC_PROVIDER: 'existing' });
    expect(config.environments.prod.tomoda.identity).toMatchObject({ mode: 'workload-identity', oidcIssuer: issuer, oidcProvider: 'existing' });
    expect(config.environments.staging.tomoda.identity.mode).toBe('access-keys');
    expect(config.environments.dev.tomoda.identity.oidcProvider).toBe('create');
  });

  it('a malformed value stops with one line naming the variable', () => {
    const error = (vars: NodeJS.ProcessEnv) => {
      try {
        loadPlatformConfig(vars);
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigurationError);
        return (e as Error).message;
      }
      throw new Error('no error');
    };
    expect(error({ RAXX_DEV_TOMODA_IDENTITY: 'irsa' })).toBe(
      'RAXX_DEV_TOMODA_IDENTITY="irsa" is not an identity mode: access-keys, access-keys+roles, workload-identity+keys-active, workload-identity+keys-inactive, workload-identity',
    );
    expect(error({ RAXX_DEV_TOMODA_OIDC_ISSUER: 'https://oidc.eks.us-east-1.amazonaws.com/id/ABC' })).toBe(
      'RAXX_DEV_TOMODA_OIDC_ISSUER="https://oidc.eks.us-east-1.amazonaws.com/id/ABC" is not a GKE issuer such as https://container.googleapis.com/v1/projects/<project>/locations/<location>/clusters/<cluster>',
    );
    expect(error({ RAXX_DEV_TOMODA_OIDC_ISSUER: 'http://container.googleapis.com/v1/projects/raxx-tomoda/locations/us-central1/clusters/c' })).toMatch(/^RAXX_DEV_TOMODA_OIDC_ISSUER=.* is not a GKE issuer/);
    expect(error({ RAXX_STAGING_TOMODA_OIDC_PROVIDER: 'yes' })).toBe('RAXX_STAGING_TOMODA_OIDC_PROVIDER="yes" is not an OIDC provider source: create or existing');
    expect(error({ RAXX_DEV_TOMODA_IDENTITY: 'x\ny' })).not.toContain('\n');
  });

  it('the declarations are the phases of the migration: roles first, then the store, then the keys off, then gone', () => {
    expect(TOMODA_IDENTITY_MODES.map((mode) => tomodaIdentityPhase(mode))).toEqual([
      { mode: 'access-keys', phase: 0, roles: false, secretStoreAuth: 'secret-ref', keys: 'active' },
      { mode: 'access-keys+roles', phase: 1, roles: true, secretStoreAuth: 'secret-ref', keys: 'active' },
      { mode: 'workload-identity+keys-active', phase: 2, roles: true, secretStoreAuth: 'jwt', keys: 'active' },
      { mode: 'workload-identity+keys-inactive', phase: 4, roles: true, secretStoreAuth: 'jwt', keys: 'inactive' },
      { mode: 'workload-identity', phase: 5, roles: true, secretStoreAuth: 'jwt', keys: 'absent' },
    ]);
  });

  it('names the condition-key prefix and the token subject as AWS and Kubernetes spell them', () => {
    expect(issuerHostPath('https://container.googleapis.com/v1/projects/p1234/locations/l/clusters/c')).toBe('container.googleapis.com/v1/projects/p1234/locations/l/clusters/c');
    expect(serviceAccountSubject({ namespace: 'tomoda-dev', name: 'tomoda-backend' })).toBe('system:serviceaccount:tomoda-dev:tomoda-backend');
  });
});
