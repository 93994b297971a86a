/**
 * The workspace of one stack (`raxx-<stack>`): CLI-driven, in the project, its working directory the
 * stack's folder of the synthesized output, with the variable names its providers need.
 */
import { Variable } from '@cdktf/provider-tfe/lib/variable';
import { Workspace } from '@cdktf/provider-tfe/lib/workspace';
import { workspaceName } from '@raxx/constructs';
import { Construct } from 'constructs';
import type { ProviderVariable } from './provider-variables';

/** Props of {@link StackWorkspace}. */
export interface StackWorkspaceProps {
  /** The stack (`tomoda-prod`); the workspace is `raxx-<stack>`. */
  readonly stackName: string;
  /** Working directory: the stack's folder of the synthesized output (`stacks/tomoda-prod`). */
  readonly directory: string;
  readonly organization: string;
  /** Id of the project (token). */
  readonly projectId: string;
  /** Terraform version constraint. */
  readonly terraformVersion: string;
  /** Environment variables the stack's providers need (names; values set outside the code). @default - none */
  readonly variables?: readonly ProviderVariable[];
}

/** Terraform logical id of a stack's resources (`tomoda_prod`). */
export function logicalIdOf(stackName: string): string {
  return stackName.replace(/[^A-Za-z0-9_]/g, '_');
}

/** `raxx-<stack>` and its variables. */
export class StackWorkspace extends Construct {
  /** The workspace name (`raxx-tomoda-prod`). */
  public readonly name: string;
  /** The stack it holds. */
  public readonly stackName: string;
  /** Workspace id (token). */
  public readonly id: string;
  /** The tfe_workspace resource. */
  public readonly workspace: Workspace;

  constructor(scope: Construct, id: string, props: StackWorkspaceProps) {
    super(scope, id);
    this.stackName = props.stackName;
    this.name = workspaceName(props.stackName);
    this.workspace = new Workspace(this, 'workspace', {
      name: this.name,
      organization: props.organization,
      projectId: props.projectId,
      description: `cdktf stack ${props.stackName} (CLI-driven: cdktf deploy ${props.stackName}, or the runbook's API-driven run)`,
      workingDirectory: props.directory,
      terraformVersion: props.terraformVersion,
      // Runs never apply unreviewed: the run task result is the gate.
      autoApply: false,
      queueAllRuns: false,
      fileTriggersEnabled: false,
    });
    this.workspace.overrideLogicalId(logicalIdOf(props.stackName));
    this.id = this.workspace.id;
    for (const variable of props.variables ?? []) {
      const resource = new Variable(this, `variable-${variable.key}`, {
        workspaceId: this.id,
        key: variable.key,
        category: 'env',
        sensitive: variable.sensitive,
        description: variable.description,
        ...(variable.value !== undefined ? { value: variable.value } : {}),
        // A value set outside the code is never overwritten (and a sensitive one never read back).
        ...(variable.value === undefined ? { lifecycle: { ignoreChanges: ['value'] } } : {}),
      });
      resource.overrideLogicalId(`${logicalIdOf(props.stackName)}_${variable.key.toLowerCase()}`);
    }
  }
}
