import { actionPattern } from '../iam-catalog';
import { RuleResult, StatementSubject, findings } from './rule';

/** Operators that require the claim to be present and to match (not `...IfExists`, not `ForAllValues:`, not negated). */
const MATCHING_OPERATORS = new Set(['stringequals', 'stringlike', 'foranyvalue:stringequals', 'foranyvalue:stringlike']);

/** `arn:aws:iam::<account>:oidc-provider/<issuer host and path>` (or a built-in provider's name) -> the prefix of its claim keys. */
function claimPrefix(federated: string): string {
  const provider = /^arn:[^:]+:iam::\d{12}:oidc-provider\/(.+)$/.exec(federated)?.[1];
  return (provider ?? federated).toLowerCase();
}

/**
 * A trust statement that allows `sts:AssumeRoleWithWebIdentity` to a `Federated` principal must
 * condition both the token's subject and audience on that provider's claims (`<issuer>:sub` and
 * `<issuer>:aud`, with a matching operator): without `sub`, every identity of the issuer (every service
 * account of the cluster, every repository of GitHub) may assume the role; without `aud`, a token minted
 * for another audience is accepted. Findings name the missing key: `Condition::<issuer>:sub`.
 */
export function iamWebIdentityTrustConditions({ statement, origin }: StatementSubject): RuleResult {
  if (origin !== 'trust' || statement.effect !== 'Allow') return 'not-applicable';
  if (!statement.actions.some((action) => actionPattern(action).test('sts:AssumeRoleWithWebIdentity'))) return 'not-applicable';
  const principal = statement.principal;
  const federated = principal === undefined || principal === '*' ? [] : [principal.Federated ?? []].flat();
  if (federated.length === 0) return 'not-applicable';
  const conditioned = new Set(
    statement.conditions
      .filter((c) => MATCHING_OPERATORS.has(c.operator.toLowerCase()) && c.values.length > 0 && !c.values.includes('*'))
      .map((c) => c.key.toLowerCase()),
  );
  return findings(
    federated.flatMap((provider) =>
      ['sub', 'aud'].map((claim) => `${claimPrefix(provider)}:${claim}`).filter((key) => !conditioned.has(key)).map((key) => `Condition::${key}`),
    ),
  );
}
