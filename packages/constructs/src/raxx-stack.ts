import { CloudBackend, LocalBackend, NamedCloudWorkspace, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';

/** Props of every stack of the monorepo. */
export interface RaxxStackProps {
  /** Terraform Cloud organization: when set, the stack uses its own workspace there. @default - local backend */
  readonly terraformCloudOrganization?: string;
}

/** Folder (relative to a stack's synthesized directory) that holds local state, git-ignored. */
export const LOCAL_STATE_DIR = '../../../state';

/** Name of the Terraform Cloud workspace of a stack. */
export function workspaceName(stackName: string): string {
  return `raxx-${stackName}`;
}

/**
 * A stack with its backend chosen once: local state in `state/<stack>/` by default, or one named
 * Terraform Cloud workspace per stack, so every plan is reviewable there.
 */
export class RaxxStack extends TerraformStack {
  /** The name users type with `cdktf deploy <stack>`. */
  public readonly stackName: string;

  constructor(scope: Construct, stackName: string, props: RaxxStackProps = {}) {
    super(scope, stackName);
    this.stackName = stackName;
    if (props.terraformCloudOrganization) {
      new CloudBackend(this, {
        organization: props.terraformCloudOrganization,
        workspaces: new NamedCloudWorkspace(workspaceName(stackName)),
      });
    } else {
      new LocalBackend(this, { path: `${LOCAL_STATE_DIR}/${stackName}/terraform.tfstate` });
    }
  }
}
