import { EnvironmentConfig } from '@raxx/config';
import { RaxxStack, accountAwsProvider, iamRoleArn } from '@raxx/constructs';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { PazpazBackendTaskRole } from './backend-task-role';
import { PazpazTaskExecutionRole } from './task-execution-role';

/** Name of the environment's stack (`cdktf deploy pazpaz-dev`). */
export function pazpazStackName(environment: EnvironmentConfig): string {
  return `pazpaz-${environment.name}`;
}

/** Props of {@link PazpazStack}. */
export interface PazpazStackProps {
  /** The environment the roles belong to; one stack per environment. */
  readonly environment: EnvironmentConfig;
  /** Terraform Cloud organization: when set, the stack uses its own workspace there. @default - local backend */
  readonly terraformCloudOrganization?: string;
}

function assertUsable(environment: EnvironmentConfig): void {
  const { secretPrefix, attachmentsBucket, logGroup } = environment.pazpaz;
  if (secretPrefix === '' || secretPrefix.includes('*')) {
    throw new Error(`PazpazStack: environment.pazpaz.secretPrefix "${secretPrefix}" must be a non-empty prefix without wildcards (e.g. pazpaz/)`);
  }
  if (attachmentsBucket === '' || /[/*]/.test(attachmentsBucket)) {
    throw new Error(`PazpazStack: environment.pazpaz.attachmentsBucket "${attachmentsBucket}" must be a bucket name (no "/" or "*")`);
  }
  if (!logGroup.startsWith('/') || logGroup.includes('*')) {
    throw new Error(`PazpazStack: environment.pazpaz.logGroup "${logGroup}" must be a log group name such as /ecs/pazpaz-backend-dev`);
  }
}

/** What other stacks may take from a PazPaz stack: known at synthesis, so taking it reads no state. */
export interface PazpazPublished {
  /** ARN of `pazpaz-ecs-task-execution-role-<env>`, equal to the role's `arn`. */
  readonly executionRoleArn: string;
  /** ARN of `pazpaz-backend-task-role-<env>`, equal to the role's `arn`. */
  readonly taskRoleArn: string;
}

/**
 * The two ECS roles of pazpaz-ecs-iam-roles.txt for one environment: the task execution role ECS
 * uses to start the backend and the task role the backend runs as.
 */
export class PazpazStack extends RaxxStack {
  /** ARN of `pazpaz-ecs-task-execution-role-<env>`. */
  public readonly executionRoleArn: string;
  /** ARN of `pazpaz-backend-task-role-<env>`. */
  public readonly taskRoleArn: string;
  /** Name of the execution role, known at synthesis. */
  public readonly executionRoleName: string;
  /** Name of the task role, known at synthesis. */
  public readonly taskRoleName: string;
  /** Plain values for other stacks (never tokens). */
  public readonly published: PazpazPublished;
  /** The environment the roles belong to (account, region and the resources they may touch). */
  public readonly environment: EnvironmentConfig;

  constructor(scope: Construct, props: PazpazStackProps) {
    super(scope, pazpazStackName(props.environment), { terraformCloudOrganization: props.terraformCloudOrganization });
    this.environment = props.environment;
    const { environment } = props;
    assertUsable(environment);

    accountAwsProvider(this, { accountId: environment.awsAccountId, region: environment.awsRegion, accountIdProp: 'PazpazStack: environment.awsAccountId' });

    const executionRole = new PazpazTaskExecutionRole(this, 'task-execution', { environment });
    const taskRole = new PazpazBackendTaskRole(this, 'backend-task', { environment });

    this.executionRoleArn = executionRole.roleArn;
    this.executionRoleName = executionRole.roleName;
    this.taskRoleArn = taskRole.roleArn;
    this.taskRoleName = taskRole.roleName;
    // Both roles have the default path "/" and live in the provider's one allowed account.
    this.published = {
      executionRoleArn: iamRoleArn(environment.awsAccountId, executionRole.roleName),
      taskRoleArn: iamRoleArn(environment.awsAccountId, taskRole.roleName),
    };

    new TerraformOutput(this, 'task_execution_role_arn', {
      value: executionRole.roleArn,
      description: `ARN of the PazPaz ECS task execution role of ${environment.name} (task definition executionRoleArn)`,
    }).overrideLogicalId('task_execution_role_arn');
    new TerraformOutput(this, 'backend_task_role_arn', {
      value: taskRole.roleArn,
      description: `ARN of the PazPaz backend task role of ${environment.name} (task definition taskRoleArn)`,
    }).overrideLogicalId('backend_task_role_arn');
  }
}
