/**
 * The run task that reviews every run of a credential workspace (`rotate run-task serve`): verifies a
 * rotation against its prediction and runs the IAM rule pack on the planned policies. Its HMAC key
 * is a sensitive variable, never a literal.
 */
import { OrganizationRunTask } from '@cdktf/provider-tfe/lib/organization-run-task';
import { WorkspaceRunTask } from '@cdktf/provider-tfe/lib/workspace-run-task';
import type { RunTaskConfig } from '@raxx/config';
import { TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import type { StackWorkspace } from './stack-workspace';
import { logicalIdOf } from './stack-workspace';

/** Name of the sensitive variable holding the HMAC key (`TF_VAR_run_task_hmac_key`). */
export const HMAC_KEY_VARIABLE = 'run_task_hmac_key';

/** Props of {@link RotationRunTask}. */
export interface RotationRunTaskProps {
  readonly organization: string;
  readonly config: RunTaskConfig;
}

/** How a failed result acts on a run. */
export type EnforcementLevel = 'advisory' | 'mandatory';

/** The organization run task, attached post_plan to workspaces with {@link RotationRunTask.attach}. */
export class RotationRunTask extends Construct {
  /** Run task id (token). */
  public readonly id: string;
  /** The sensitive HMAC key variable. */
  public readonly hmacKey: TerraformVariable;

  constructor(scope: Construct, id: string, props: RotationRunTaskProps) {
    super(scope, id);
    this.hmacKey = new TerraformVariable(this, 'hmac-key', {
      type: 'string',
      sensitive: true,
      nullable: false,
      description: 'HMAC key of the run task: the same value as RAXX_RUN_TASK_HMAC_KEY of the server (openssl rand -hex 32); set with TF_VAR_run_task_hmac_key',
    });
    this.hmacKey.overrideLogicalId(HMAC_KEY_VARIABLE);
    const task = new OrganizationRunTask(this, 'task', {
      name: props.config.name,
      organization: props.organization,
      url: props.config.url,
      hmacKey: this.hmacKey.stringValue,
      category: 'task',
      enabled: true,
      description: 'Verifies a key rotation against its predicted blast radius and runs the IAM rule pack on the planned policies (tools/rotate run-task)',
    });
    task.overrideLogicalId('rotate_verify');
    this.id = task.id;
  }

  /** Runs the task after every plan of `workspace`; a failed result blocks the run when `mandatory`. */
  public attach(workspace: StackWorkspace, enforcementLevel: EnforcementLevel): WorkspaceRunTask {
    const attachment = new WorkspaceRunTask(this, `attach-${workspace.stackName}`, {
      workspaceId: workspace.id,
      taskId: this.id,
      stages: ['post_plan'],
      enforcementLevel,
    });
    attachment.overrideLogicalId(logicalIdOf(workspace.stackName));
    return attachment;
  }
}
