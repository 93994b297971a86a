import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { EnvironmentConfig } from '@raxx/config';
import { PolicyStatementJson, policyJson, statement } from '@raxx/constructs';
import { Construct } from 'constructs';
import { ecsTasksTrustPolicy } from './trust-policy';

/** AWS managed policy the seed attaches to the execution role. */
export const ECS_TASK_EXECUTION_MANAGED_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';
/** Name of the execution role's inline policy (the seed's `put-role-policy --policy-name`). */
export const TASK_EXECUTION_POLICY_NAME = 'pazpaz-execution-secrets';

/** Name of the environment's execution role: the seed's name, suffixed per "Environment Separation". */
export function taskExecutionRoleName(environment: EnvironmentConfig): string {
  return `pazpaz-ecs-task-execution-role-${environment.name}`;
}

/**
 * The execution role's permissions, as the seed's "Permissions Policy" of section 1 lists them
 * (pazpaz-ecs-iam-roles.txt). The seed's `*` account and `*` region are replaced by the environment's
 * own, and the log group by the environment's. The secret names are the seed's literal ones
 * (`pazpaz/database-url-*`, `pazpaz/redis-url-*`: what section 4 creates and the task definition of
 * section 5 reads), without an environment segment: each environment has its own account, so the
 * account in the ARN is what keeps one environment's tasks from another's secrets.
 */
export function taskExecutionStatements(environment: EnvironmentConfig): PolicyStatementJson[] {
  const { awsAccountId: account, awsRegion: region, pazpaz } = environment;
  const secretArn = (name: string) => `arn:aws:secretsmanager:${region}:${account}:secret:${pazpaz.secretPrefix}${name}-*`;
  return [
    statement({
      sid: 'ECRAccess',
      // Left on `*` as in the seed: ecr:GetAuthorizationToken cannot be scoped to a resource, and the
      // AmazonECSTaskExecutionRolePolicy attached below grants these same four actions on `*` anyway.
      actions: ['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
      resources: ['*'],
    }),
    statement({
      sid: 'CloudWatchLogs',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [`arn:aws:logs:${region}:${account}:log-group:${pazpaz.logGroup}:*`],
    }),
    statement({
      sid: 'SecretsManagerForEnv',
      actions: ['secretsmanager:GetSecretValue'],
      resources: [secretArn('database-url'), secretArn('redis-url')],
    }),
  ];
}

/** Props of {@link PazpazTaskExecutionRole}. */
export interface PazpazTaskExecutionRoleProps {
  /** The environment whose account, region, log group and secrets the role is scoped to. */
  readonly environment: EnvironmentConfig;
}

/**
 * `pazpaz-ecs-task-execution-role-<env>`: what ECS itself uses to start a PazPaz task (pull the
 * image from ECR, write the container logs, inject DATABASE_URL and REDIS_URL).
 */
export class PazpazTaskExecutionRole extends Construct {
  /** ARN of the role, the task definition's `executionRoleArn`. */
  public readonly roleArn: string;
  /** Name of the role, known at synthesis. */
  public readonly roleName: string;

  constructor(scope: Construct, id: string, props: PazpazTaskExecutionRoleProps) {
    super(scope, id);
    const { environment } = props;

    const role = new IamRole(this, 'role', {
      name: taskExecutionRoleName(environment),
      description: `ECS task execution role for PazPaz backend (${environment.name})`,
      assumeRolePolicy: ecsTasksTrustPolicy(environment.awsAccountId),
    });
    role.overrideLogicalId('task_execution');

    const managed = new IamRolePolicyAttachment(this, 'managed-policy', {
      role: role.name,
      policyArn: ECS_TASK_EXECUTION_MANAGED_POLICY_ARN,
    });
    managed.overrideLogicalId('task_execution_managed');

    const policy = new IamRolePolicy(this, 'policy', {
      name: TASK_EXECUTION_POLICY_NAME,
      role: role.name,
      policy: policyJson(taskExecutionStatements(environment)),
    });
    policy.overrideLogicalId('task_execution');

    this.roleArn = role.arn;
    this.roleName = taskExecutionRoleName(environment);
  }
}
