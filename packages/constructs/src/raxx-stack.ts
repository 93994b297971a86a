import { CloudBackend, LocalBackend, NamedCloudWorkspace, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { WORKSPACE_PREFIX } from '@raxx/config';

/** Props of every stack of the monorepo. */
export interface RaxxStackProps {
  /** Terraform Cloud organization: when set, the stack uses its own workspace there. @default - local backend */
  readonly terraformCloudOrganization?: string;
}

/** Folder (relative to a stack's synthesized directory) that holds local state, git-ignored. */
export const LOCAL_STATE_DIR = '../../../state';

/** Name of the Terraform Cloud workspace of a stack. */
export function workspaceName(stackName: string): string {
  return `${WORKSPACE_PREFIX}${stackName}`;
}

/**
 * A stack with its backend chosen once: local state in `state/<stack>/` by default, or one named
 * Terraform Cloud workspace per stack, so every plan is reviewable there.
 */
export class RaxxStack extends TerraformStack {
  /** The stack's Terraform Cloud backend, when it has one. */
  private readonly cloudBackend?: CloudBackend;

  /** The name users type with `cdktf deploy <stack>`. */
  public readonly stackName: string;

  constructor(scope: Construct, stackName: string, props: RaxxStackProps = {}) {
    super(scope, stackName);
    this.stackName = stackName;
    if (props.terraformCloudOrganization) {
      this.cloudBackend = new CloudBackend(this, {
        organization: props.terraformCloudOrganization,
        workspaces: new NamedCloudWorkspace(workspaceName(stackName)),
      });
    } else {
      new LocalBackend(this, { path: `${LOCAL_STATE_DIR}/${stackName}/terraform.tfstate` });
    }
  }

  /**
   * cdktf's validation of every construct of the stack (called by its synthesizer), except the one
   * check a cloud backend adds: Terraform >= 1.1 for the `cloud` block, which runs `terraform version`
   * in a child process, once per stack (twelve per Terraform Cloud synthesis, most of its time). This
   * repository pins Terraform 1.11 (README; the workspaces run `~> 1.11.0`), so the check buys nothing
   * (as for moved blocks, see moved-block.ts). Every other validation runs, and failures read as cdktf's.
   */
  public runAllValidations(): void {
    const errors = this.node
      .findAll()
      .filter((construct) => construct !== this.cloudBackend)
      .flatMap((construct) => construct.node.validate().map((message) => `[${construct.node.path}] ${message}`));
    if (errors.length === 0) return;
    throw new Error(
      `Validation failed with the following errors:\n  ${errors.join('\n  ')}\n\nIf you wish to ignore these validations, pass 'skipValidation: true' to your App configuration.\n`,
    );
  }
}
