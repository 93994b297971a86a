/**
 * The trust policy of a role that one Kubernetes service account assumes with its token: only
 * `sts:AssumeRoleWithWebIdentity`, only from the cluster's OIDC provider, only with the token's `sub`
 * equal to that service account and its `aud` equal to the audience (exact matches, no wildcard).
 */
import type { ServiceAccountRef } from '@raxx/config';
import { serviceAccountSubject } from '@raxx/config';
import { PolicyStatementJson, statement } from '@raxx/constructs';
import { ClusterOidcProvider } from './cluster-oidc-provider';

/** The one statement of the trust policy. */
export function webIdentityTrust(provider: ClusterOidcProvider, account: ServiceAccountRef): PolicyStatementJson[] {
  return [
    statement({
      principal: { Federated: provider.arn },
      actions: ['sts:AssumeRoleWithWebIdentity'],
      conditions: {
        StringEquals: {
          [`${provider.conditionKeyPrefix}:sub`]: serviceAccountSubject(account),
          [`${provider.conditionKeyPrefix}:aud`]: provider.audience,
        },
      },
    }),
  ];
}
