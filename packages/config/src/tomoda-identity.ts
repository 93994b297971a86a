/**
 * How Tomoda's two identities (tomoda-iam-uploader-eso.txt: the uploader and the ESO reader)
 * authenticate to AWS, per environment: the seed's long-lived access keys, or federated identities
 * from the GKE cluster (the seed's own way out: "or IRSA-style federated identities").
 *
 * The move from one to the other is a sequence of reviewed declarations, each a value of the same
 * setting (`RAXX_<ENV>_TOMODA_IDENTITY`), so every phase of the migration is one configuration change
 * with its own plan:
 *
 *   access-keys                        the seed: IAM users, keys, bootstrap Secret, keys in Secrets Manager
 *   access-keys+roles                  phase 1: + OIDC provider, roles, ESO service account (the plan destroys nothing)
 *   workload-identity+keys-active      phase 2: the SecretStore authenticates with the service account's token
 *                                      (in place); phase 3, the backend's switch to its role, happens outside
 *                                      Terraform under this same declaration
 *   workload-identity+keys-inactive    phase 4: both users' keys Inactive (in place, reversible)
 *   workload-identity                  phase 5: users, keys, bootstrap Secret and stored keys deleted
 *
 * Pure values: parsing returns undefined when malformed; overrides.ts turns that into a
 * ConfigurationError naming the variable.
 */

/** One declaration of the identity setting, in migration order (the first is the default). */
export const TOMODA_IDENTITY_MODES = [
  'access-keys',
  'access-keys+roles',
  'workload-identity+keys-active',
  'workload-identity+keys-inactive',
  'workload-identity',
] as const;

/** A value of `RAXX_<ENV>_TOMODA_IDENTITY`. */
export type TomodaIdentityMode = (typeof TOMODA_IDENTITY_MODES)[number];

/** How the SecretStore authenticates: the bootstrap Secret's key (`secretRef`) or a service account token (`jwt`). */
export type SecretStoreAuth = 'secret-ref' | 'jwt';

/** State of the IAM users' access keys (and of what holds them: the bootstrap Secret, the stored copy). */
export type AccessKeysState = 'active' | 'inactive' | 'absent';

/** What one declaration puts in the stack. */
export interface TomodaIdentityPhase {
  /** The declaration. */
  readonly mode: TomodaIdentityMode;
  /** Index in {@link TOMODA_IDENTITY_MODES}: 0 for the seed, 5 once the migration is complete (phase 3 shares 2's declaration). */
  readonly phase: 0 | 1 | 2 | 4 | 5;
  /** Whether the OIDC provider, the two roles and the ESO service account exist. */
  readonly roles: boolean;
  /** How the SecretStore authenticates. */
  readonly secretStoreAuth: SecretStoreAuth;
  /** The users' keys: `active`, `inactive` (status Inactive, in place) or `absent` (users, keys, bootstrap Secret and stored keys deleted). */
  readonly keys: AccessKeysState;
}

const PHASES: Readonly<Record<TomodaIdentityMode, TomodaIdentityPhase>> = {
  'access-keys': { mode: 'access-keys', phase: 0, roles: false, secretStoreAuth: 'secret-ref', keys: 'active' },
  'access-keys+roles': { mode: 'access-keys+roles', phase: 1, roles: true, secretStoreAuth: 'secret-ref', keys: 'active' },
  'workload-identity+keys-active': { mode: 'workload-identity+keys-active', phase: 2, roles: true, secretStoreAuth: 'jwt', keys: 'active' },
  'workload-identity+keys-inactive': { mode: 'workload-identity+keys-inactive', phase: 4, roles: true, secretStoreAuth: 'jwt', keys: 'inactive' },
  'workload-identity': { mode: 'workload-identity', phase: 5, roles: true, secretStoreAuth: 'jwt', keys: 'absent' },
};

/** What `mode` puts in the stack. */
export function tomodaIdentityPhase(mode: TomodaIdentityMode): TomodaIdentityPhase {
  return PHASES[mode];
}

/** The mode named `value`; undefined when it is not one. */
export function parseTomodaIdentityMode(value: string): TomodaIdentityMode | undefined {
  return (TOMODA_IDENTITY_MODES as readonly string[]).includes(value) ? (value as TomodaIdentityMode) : undefined;
}

/** Whether the environment's OIDC provider is created by the stack or already exists in the account (one per issuer and account). */
export type OidcProviderSource = 'create' | 'existing';

/** The values of `RAXX_<ENV>_TOMODA_OIDC_PROVIDER`. */
export const OIDC_PROVIDER_SOURCES: readonly OidcProviderSource[] = ['create', 'existing'];

/** A Kubernetes service account. */
export interface ServiceAccountRef {
  /** Namespace of the service account. */
  readonly namespace: string;
  /** Name of the service account. */
  readonly name: string;
}

/**
 * GKE's issuer of a cluster's service account tokens
 * (`https://container.googleapis.com/v1/projects/<project>/locations/<location>/clusters/<cluster>`,
 * its discovery document at `<issuer>/.well-known/openid-configuration`).
 */
export const GKE_ISSUER = /^https:\/\/container\.googleapis\.com\/v1\/projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/locations\/[a-z0-9-]+\/clusters\/[a-z](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/** The issuer's GKE form, for messages. */
export const GKE_ISSUER_FORM = 'https://container.googleapis.com/v1/projects/<project>/locations/<location>/clusters/<cluster>';

/** The audience ESO requests for the service account token when nothing overrides it (`defaultTokenAudience`), and the OIDC provider's client id. */
export const STS_AUDIENCE = 'sts.amazonaws.com';

/** Tomoda's identity declaration of one environment. */
export interface TomodaIdentityConfig {
  /** The declaration (`RAXX_<ENV>_TOMODA_IDENTITY`). @default 'access-keys' */
  readonly mode: TomodaIdentityMode;
  /** The cluster's OIDC issuer (`RAXX_<ENV>_TOMODA_OIDC_ISSUER`). @default - a placeholder GKE issuer per environment */
  readonly oidcIssuer: string;
  /** Create the IAM OIDC provider, or read the one that exists (`RAXX_<ENV>_TOMODA_OIDC_PROVIDER`). @default 'create' */
  readonly oidcProvider: OidcProviderSource;
  /** `aud` of the tokens the roles accept, and the provider's client id. @default 'sts.amazonaws.com' */
  readonly audience: string;
  /**
   * The service account ESO requests tokens for. A SecretStore (namespaced) takes it from its own
   * namespace, so its namespace is Tomoda's. @default - `tomoda-eso-reader` in Tomoda's namespace
   */
  readonly esoServiceAccount: ServiceAccountRef;
  /** The backend's service account, whose projected token assumes the uploader role. @default - `tomoda-backend` in Tomoda's namespace */
  readonly backendServiceAccount: ServiceAccountRef;
}

/** Placeholder GCP projects of the clusters (documentation values, like the account ids). */
const GKE_PROJECT_PLACEHOLDERS: Readonly<Record<string, string>> = { dev: 'raxx-tomoda-dev', staging: 'raxx-tomoda-staging', prod: 'raxx-tomoda-prod' };

/** The default declaration of environment `name` whose Tomoda namespace is `namespace`: the seed's keys. */
export function defaultTomodaIdentity(name: string, namespace: string): TomodaIdentityConfig {
  const project = GKE_PROJECT_PLACEHOLDERS[name] ?? `raxx-tomoda-${name}`;
  return {
    mode: 'access-keys',
    oidcIssuer: `https://container.googleapis.com/v1/projects/${project}/locations/us-central1/clusters/tomoda-${name}`,
    oidcProvider: 'create',
    audience: STS_AUDIENCE,
    esoServiceAccount: { namespace, name: 'tomoda-eso-reader' },
    backendServiceAccount: { namespace, name: 'tomoda-backend' },
  };
}

/** `https://host/path` -> `host/path`: the prefix of the issuer's condition keys (`<host/path>:sub`) and the tail of its provider ARN. */
export function issuerHostPath(issuer: string): string {
  return issuer.replace(/^https:\/\//, '').replace(/\/$/, '');
}

/** `system:serviceaccount:<namespace>:<name>`: the `sub` claim of a Kubernetes service account token. */
export function serviceAccountSubject(account: ServiceAccountRef): string {
  return `system:serviceaccount:${account.namespace}:${account.name}`;
}
