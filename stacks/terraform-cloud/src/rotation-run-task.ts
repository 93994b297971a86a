/**
 * The run task that reviews every run of a credential workspace (`rotate run-task serve`): verifies a
 * rotation against its prediction and runs the IAM rule pack on the planned policies. Its HMAC key
 * is an ephemeral, sensitive variable, never a literal, sent with the write-only argument
 * `hmac_key_wo` (Terraform >= 1.11): it is in neither the plan nor the state.
 *
 * tfe 0.71 (the prebuilt binding's provider) has `hmac_key_wo` but no `hmac_key_wo_version`: a
 * write-only value is not in state, so Terraform cannot see it change. The key's version
 * (RunTaskConfig.hmacKeyVersion) is the input of a `terraform_data`; bumping it updates that
 * resource, and `replace_triggered_by` recreates the run task with the key (its attachments follow).
 */
import { OrganizationRunTask } from '@cdktf/provider-tfe/lib/organization-run-task';
import { WorkspaceRunTask } from '@cdktf/provider-tfe/lib/workspace-run-task';
import type { RunTaskConfig } from '@raxx/config';
import { DataResource, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import type { StackWorkspace } from './stack-workspace';
import { logicalIdOf } from './stack-workspace';

/** Name of the ephemeral, sensitive variable holding the HMAC key (`TF_VAR_run_task_hmac_key`). */
export const HMAC_KEY_VARIABLE = 'run_task_hmac_key';

/** Logical id of the `terraform_data` that holds the key's version (its change recreates the run task). */
export const HMAC_KEY_VERSION_RESOURCE = 'run_task_hmac_key_version';

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
  /** The ephemeral, sensitive HMAC key variable. */
  public readonly hmacKey: TerraformVariable;
  /** The organization run task. */
  public readonly task: OrganizationRunTask;

  constructor(scope: Construct, id: string, props: RotationRunTaskProps) {
    super(scope, id);
    this.hmacKey = new TerraformVariable(this, 'hmac-key', {
      type: 'string',
      sensitive: true,
      nullable: false,
      description:
        'HMAC key of the run task: the same value as RAXX_RUN_TASK_HMAC_KEY of the server (openssl rand -hex 32); set with TF_VAR_run_task_hmac_key. Ephemeral: sent with hmac_key_wo, never in plan or state; bump RAXX_RUN_TASK_HMAC_KEY_VERSION to send a new one',
    });
    this.hmacKey.overrideLogicalId(HMAC_KEY_VARIABLE);
    // Terraform 1.10+: the value is never written to a plan or state (cdktf has no ephemeral option).
    this.hmacKey.addOverride('ephemeral', true);
    const keyVersion = new DataResource(this, 'hmac-key-version', {});
    keyVersion.overrideLogicalId(HMAC_KEY_VERSION_RESOURCE);
    // The binding renders a number `input` as a map; the override writes the number itself.
    keyVersion.addOverride('input', props.config.hmacKeyVersion);
    const task = new OrganizationRunTask(this, 'task', {
      name: props.config.name,
      organization: props.organization,
      url: props.config.url,
      hmacKeyWo: this.hmacKey.stringValue,
      category: 'task',
      enabled: true,
      description: 'Verifies a key rotation against its predicted blast radius and runs the IAM rule pack on the planned policies (tools/rotate run-task)',
    });
    task.overrideLogicalId('rotate_verify');
    // A bare address: Terraform refuses cdktf's "${terraform_data.x}" form in replace_triggered_by.
    task.addOverride('lifecycle.replace_triggered_by', [`terraform_data.${HMAC_KEY_VERSION_RESOURCE}`]);
    this.task = task;
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
