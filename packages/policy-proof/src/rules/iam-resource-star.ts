import { RuleResult, StatementSubject } from './rule';

/**
 * An Allow statement of an identity policy must name its resources: `Resource: "*"` (or `NotResource`)
 * is a finding, to be allowed per statement with a reason (actions that support no resource-level
 * permission, or a condition that does the scoping).
 */
export function iamResourceStar({ statement, origin }: StatementSubject): RuleResult {
  if (statement.effect !== 'Allow' || origin === 'trust') return 'not-applicable';
  if (statement.notResources.length > 0) return ['NotResource'];
  return statement.resources.includes('*') ? ['Resource::*'] : 'compliant';
}
