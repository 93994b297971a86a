import { NormalizedStatement, PrincipalBlock, normalizedStatements } from '../policy-document';
import { resourceDocuments } from '../policy-resources';
import { ResourceSubject, RuleResult, findings } from './rule';

/**
 * Condition keys that pin who may call (an account, an organization, a principal, a source
 * resource or network): an Allow to `*` with one of them is scoped, without one it is public.
 */
const RESTRICTING_KEYS = new Set(
  [
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:PrincipalServiceName',
    'aws:SourceAccount',
    'aws:SourceArn',
    'aws:SourceOrgID',
    'aws:SourceOrgPaths',
    'aws:SourceOwner',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:SourceIp',
    'aws:userid',
    'kms:CallerAccount',
  ].map((key) => key.toLowerCase()),
);

/** Operators that narrow to the values listed (no negation, no IfExists, which an absent key satisfies). */
const NARROWING_OPERATOR = /^(ForAnyValue:|ForAllValues:)?(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike|IpAddress)$/;

function wildcardPrincipals(principal: PrincipalBlock | undefined): string[] {
  if (principal === undefined) return [];
  if (principal === '*') return ['Principal::*'];
  return Object.entries(principal).flatMap(([type, ids]) => ((typeof ids === 'string' ? [ids] : ids).includes('*') ? [`Principal::${type}:*`] : []));
}

function restricted(statement: NormalizedStatement): boolean {
  return statement.conditions.some(
    (c) => RESTRICTING_KEYS.has(c.key.toLowerCase()) && NARROWING_OPERATOR.test(c.operator) && c.values.length > 0 && !c.values.includes('*'),
  );
}

/**
 * A resource policy (bucket, secret, topic, queue, key, repository, ... and a role's trust policy)
 * must not Allow a wildcard principal (`"*"`, `{"AWS": "*"}`) without a condition that pins the
 * caller (aws:PrincipalOrgID, aws:SourceArn, aws:PrincipalAccount, ...), nor Allow with NotPrincipal:
 * either grants anyone with an AWS account, or anyone at all.
 */
export function resourcePolicyNoWildcardPrincipal({ resource }: ResourceSubject): RuleResult {
  const documents = resourceDocuments(resource).filter((d) => d.kind !== 'identity');
  if (documents.length === 0) return 'not-applicable';
  const readable = documents.flatMap((d) => (d.read.ok === true ? [d.read.document] : []));
  if (readable.length === 0) return 'not-applicable';
  return findings(
    readable.flatMap((document) =>
      normalizedStatements(document)
        .filter((statement) => statement.effect === 'Allow')
        .flatMap((statement) => [
          ...(statement.notPrincipal !== undefined ? ['NotPrincipal'] : []),
          ...(restricted(statement) ? [] : wildcardPrincipals(statement.principal)),
        ]),
    ),
  );
}
