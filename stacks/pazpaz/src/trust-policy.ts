import { policyJson, statement } from '@raxx/constructs';

/** Service principal of ECS tasks (pazpaz-ecs-iam-roles.txt, "Trust Policy"). */
export const ECS_TASKS_SERVICE = 'ecs-tasks.amazonaws.com';

/**
 * The trust policy both PazPaz roles share: ECS tasks may assume the role.
 *
 * Differs from the seed (pazpaz-ecs-iam-roles.txt, "Trust Policy" and `trust-policy-ecs.json`) by
 * one addition: `aws:SourceAccount` must be the environment's own account. Without it the ECS service
 * could be asked to assume the role on behalf of a task in any other account that knows its ARN (the
 * confused-deputy problem); with it, only tasks of this environment's account get credentials.
 */
export function ecsTasksTrustPolicy(awsAccountId: string): string {
  return policyJson([
    statement({
      principal: { Service: ECS_TASKS_SERVICE },
      actions: ['sts:AssumeRole'],
      conditions: { StringEquals: { 'aws:SourceAccount': awsAccountId } },
    }),
  ]);
}
