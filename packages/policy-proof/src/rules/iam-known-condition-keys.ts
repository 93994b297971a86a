import { RuleResult, StatementSubject, findings } from './rule';

/**
 * Every condition key must be known to IAM: a condition on a key no request carries is never true
 * (or, with `...IfExists`, always true), so a misspelt key silently changes the policy.
 */
export function iamKnownConditionKeys({ statement, catalog }: StatementSubject): RuleResult {
  if (statement.conditions.length === 0) return 'not-applicable';
  return findings(statement.conditions.filter((c) => !catalog.conditionKeyKnown(c.key)).map((c) => `ConditionKey::${c.key}`));
}
