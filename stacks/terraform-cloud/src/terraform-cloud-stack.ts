/**
 * `terraform-cloud`: the Terraform Cloud side of the app as code, synthesized only when
 * TFC_ORGANIZATION is set. One workspace `raxx-<stack>` per stack of the app, derived from the app
 * itself (its stacks, their providers, their cross-stack references), never from a hand-kept list:
 *  - CLI-driven, in one project, working directory `stacks/<stack>` of the synthesized output;
 *  - agent execution for the stacks that reach a cluster (their agents hold the kubeconfig), remote
 *    for the others;
 *  - state shared only with the stacks that still read it, and a run trigger along each such edge;
 *  - the variable names each provider needs (values set outside the code);
 *  - health assessments (drift detection) on every workspace that runs remotely or on the agents;
 *  - the run task of `rotate run-task serve`, attached post_plan to every credential workspace,
 *    advisory in the advisory environments (dev), mandatory everywhere else.
 * Its own workspace is imported (created by its first `terraform init`) and runs locally: the HMAC
 * key and the Terraform Cloud token stay on the operator's machine.
 */
import { AgentPool } from '@cdktf/provider-tfe/lib/agent-pool';
import { AgentPoolAllowedWorkspaces } from '@cdktf/provider-tfe/lib/agent-pool-allowed-workspaces';
import { Project } from '@cdktf/provider-tfe/lib/project';
import { TfeProvider } from '@cdktf/provider-tfe/lib/provider';
import { RunTrigger } from '@cdktf/provider-tfe/lib/run-trigger';
import { WorkspaceSettings } from '@cdktf/provider-tfe/lib/workspace-settings';
import type { TerraformCloudConfig } from '@raxx/config';
import { ENVIRONMENT_NAMES } from '@raxx/config';
import { RaxxStack } from '@raxx/constructs';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { AppStack } from './app-stacks';
import { describeAppStacks, reachesCluster, stateReads } from './app-stacks';
import { variablesFor } from './provider-variables';
import type { EnforcementLevel } from './rotation-run-task';
import { RotationRunTask } from './rotation-run-task';
import { StackWorkspace, logicalIdOf } from './stack-workspace';

/** The name users type with `cdktf deploy`. */
export const TERRAFORM_CLOUD_STACK_NAME = 'terraform-cloud';

/** Props of {@link TerraformCloudStack}. */
export interface TerraformCloudStackProps {
  /** Organization, project, agent pool, run task (packages/config). */
  readonly config: TerraformCloudConfig;
}

/** Execution mode of a stack's workspace. */
export type ExecutionMode = 'remote' | 'agent' | 'local';

/** The run task's enforcement on a stack: advisory when the stack belongs to an advisory environment. */
export function enforcementLevelOf(stackName: string, advisoryEnvironments: readonly string[]): EnforcementLevel {
  const environment = ENVIRONMENT_NAMES.find((env) => stackName.endsWith(`-${env}`));
  return environment !== undefined && advisoryEnvironments.includes(environment) ? 'advisory' : 'mandatory';
}

/** Workspaces, state sharing, run triggers and the run task of every stack of the app. */
export class TerraformCloudStack extends RaxxStack {
  /** The settings it was built with. */
  public readonly config: TerraformCloudConfig;
  /** Workspaces by stack name, once the app is prepared for synthesis. */
  public readonly workspaces = new Map<string, StackWorkspace>();
  private built = false;

  constructor(scope: Construct, props: TerraformCloudStackProps) {
    super(scope, TERRAFORM_CLOUD_STACK_NAME, { terraformCloudOrganization: props.config.organization });
    this.config = props.config;
    // Hostname from TFE_HOSTNAME, token from TFE_TOKEN or `terraform login`: never in configuration.
    new TfeProvider(this, 'tfe', { organization: props.config.organization });
  }

  /**
   * Builds the workspaces when cdktf prepares the app for synthesis: by then every other stack has
   * resolved its cross-stack references (cdktf prepares stacks in the order they were added).
   */
  public prepareStack(): void {
    if (!this.built) {
      this.built = true;
      this.build();
    }
    super.prepareStack();
  }

  private build(): void {
    const siblings = (this.node.scope as Construct).node.children.filter(TerraformStack.isStack);
    const after = siblings.slice(siblings.indexOf(this) + 1);
    if (after.length > 0) {
      throw new Error(`the ${TERRAFORM_CLOUD_STACK_NAME} stack must be added to the app last; added after it: ${after.map((stack) => stack.node.id).join(', ')}`);
    }
    const stacks = describeAppStacks(siblings.filter((stack) => stack !== this));
    const { organization } = this.config;

    const project = new Project(this, 'project', { name: this.config.project, organization });
    project.overrideLogicalId('credentials');
    const workspaceOf = (stack: AppStack): StackWorkspace => {
      const workspace = new StackWorkspace(this, `workspace-${stack.name}`, {
        stackName: stack.name,
        directory: stack.directory,
        organization,
        projectId: project.id,
        terraformVersion: this.config.terraformVersion,
        variables: variablesFor(stack.name, stack.providers),
      });
      this.workspaces.set(stack.name, workspace);
      return workspace;
    };
    for (const stack of stacks) workspaceOf(stack);
    const own = workspaceOf({ name: TERRAFORM_CLOUD_STACK_NAME, directory: `stacks/${TERRAFORM_CLOUD_STACK_NAME}`, providers: [], reads: [] });
    own.workspace.importFrom(`${organization}/${own.name}`);
    own.workspace.addOverride('lifecycle.prevent_destroy', true);

    const clusterStacks = stacks.filter(reachesCluster);
    let agentPoolId: string | undefined;
    let allowed: AgentPoolAllowedWorkspaces | undefined;
    if (clusterStacks.length > 0) {
      const pool = new AgentPool(this, 'agent-pool', { name: this.config.agentPool, organization, organizationScoped: false });
      pool.overrideLogicalId('cluster_agents');
      agentPoolId = pool.id;
      allowed = new AgentPoolAllowedWorkspaces(this, 'agent-pool-workspaces', {
        agentPoolId: pool.id,
        allowedWorkspaceIds: clusterStacks.map((stack) => (this.workspaces.get(stack.name) as StackWorkspace).id),
      });
      allowed.overrideLogicalId('cluster_agents');
    }

    const edges = stateReads(stacks);
    const settingsOf = (stackName: string, mode: ExecutionMode): void => {
      const workspace = this.workspaces.get(stackName) as StackWorkspace;
      const readers = edges.filter((edge) => edge.source === stackName).map((edge) => (this.workspaces.get(edge.reader) as StackWorkspace).id);
      const settings = new WorkspaceSettings(this, `settings-${stackName}`, {
        workspaceId: workspace.id,
        executionMode: mode,
        ...(mode === 'agent' ? { agentPoolId, dependsOn: [allowed as AgentPoolAllowedWorkspaces] } : {}),
        globalRemoteState: false,
        remoteStateConsumerIds: readers,
        // Health assessments (drift detection, continuous validation; HCP Terraform Standard/Plus):
        // a key deactivated or deleted by hand shows as drift within a day. They run remotely, so a
        // local workspace (this stack's own) has none.
        assessmentsEnabled: mode !== 'local',
      });
      settings.overrideLogicalId(logicalIdOf(stackName));
    };
    for (const stack of stacks) settingsOf(stack.name, reachesCluster(stack) ? 'agent' : 'remote');
    settingsOf(TERRAFORM_CLOUD_STACK_NAME, 'local');

    for (const { source, reader } of edges) {
      const trigger = new RunTrigger(this, `run-trigger-${source}-${reader}`, {
        workspaceId: (this.workspaces.get(reader) as StackWorkspace).id,
        sourceableId: (this.workspaces.get(source) as StackWorkspace).id,
      });
      trigger.overrideLogicalId(`${logicalIdOf(reader)}_after_${logicalIdOf(source)}`);
    }

    // Every stack of the app provisions credentials (README): every workspace but this one gets the task.
    const task = new RotationRunTask(this, 'run-task', { organization, config: this.config.runTask });
    for (const stack of stacks) task.attach(this.workspaces.get(stack.name) as StackWorkspace, enforcementLevelOf(stack.name, this.config.runTask.advisoryEnvironments));
  }
}
