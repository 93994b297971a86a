import { RuleResult, StatementSubject, findings } from './rule';

/** An Allow statement must not grant every action (`Action: "*"`) nor use `NotAction`. */
export function iamNoWildcardAction({ statement }: StatementSubject): RuleResult {
  if (statement.effect !== 'Allow') return 'not-applicable';
  return findings([
    ...statement.actions.filter((action) => action === '*').map(() => 'Action::*'),
    ...statement.notActions.map((action) => `NotAction::${action}`),
  ]);
}
