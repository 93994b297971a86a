/**
 * The proof of the pazpaz stacks (pazpaz-ecs-iam-roles.txt): their access sentences and the two
 * Resource "*" statements the seed needs, each with its reason. No rule of their own.
 * It imports its stack by package name (@raxx/stack-pazpaz), never `../src`: compiled, proof/ lands in dist/proof/.
 */
import type { EnvironmentName } from '@raxx/config';
import { ENVIRONMENT_NAMES } from '@raxx/config';
import type { NagException, StackProof } from '@raxx/policy-proof';
import type { PazpazStack } from '@raxx/stack-pazpaz';
import { PAZPAZ_SEED, pazpazSentences } from './pazpaz-sentences';

export * from './pazpaz-sentences';

/** The exceptions of one environment's stack. */
export function pazpazExceptions(stack: PazpazStack): NagException[] {
  return [
    {
      id: 'RAXX-IAM3',
      stack: stack.stackName,
      address: 'aws_iam_role_policy.task_execution',
      sid: 'ECRAccess',
      appliesTo: ['Resource::*'],
      reason: 'ecr:GetAuthorizationToken supports no resource; AmazonECSTaskExecutionRolePolicy already grants these four on *.',
    },
    {
      id: 'RAXX-IAM3',
      stack: stack.stackName,
      address: 'aws_iam_role_policy.backend_task',
      sid: 'CloudWatchMetrics',
      appliesTo: ['Resource::*'],
      reason: 'cloudwatch:PutMetricData supports no resource-level permission; the cloudwatch:namespace condition scopes it.',
    },
  ];
}

/** The proof of every environment's pazpaz stack. */
export function pazpazProof(stacks: Readonly<Record<EnvironmentName, PazpazStack>>): StackProof {
  return {
    seed: PAZPAZ_SEED,
    sentences: ENVIRONMENT_NAMES.flatMap((env) => pazpazSentences(stacks, env)),
    exceptions: ENVIRONMENT_NAMES.flatMap((env) => pazpazExceptions(stacks[env])),
    rules: [],
  };
}
