import { RuleResult, StatementSubject, findings } from './rule';

/**
 * An Allow statement must name its actions: no service-wide wildcard (`s3:*`) and no partial one
 * (`s3:Get*`), which grows silently as AWS adds actions.
 */
export function iamNoServiceWildcard({ statement }: StatementSubject): RuleResult {
  if (statement.effect !== 'Allow' || statement.actions.length === 0) return 'not-applicable';
  return findings(statement.actions.filter((action) => action !== '*' && /[*?]/.test(action)).map((action) => `Action::${action}`));
}
