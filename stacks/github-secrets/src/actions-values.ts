import { ActionsVariable } from '@cdktf/provider-github/lib/actions-variable';
import { Token } from 'cdktf';
import { Construct } from 'constructs';

/** One GitHub Actions repository variable. */
export interface ActionsValueProps {
  /** Repository name (without owner). */
  readonly repository: string;
  /** Variable name as workflows read it. */
  readonly name: string;
  /**
   * Value, known at synthesis. Never a Terraform reference to another stack: cdktf would read that
   * stack's remote state, which copies every one of its outputs (sensitive ones in plain text) into
   * this stack's state.
   */
  readonly value: string;
}

function logicalId(name: string): string {
  return name.toLowerCase();
}

/**
 * A repository variable (`github_actions_variable.<name>`): for identifiers such as names and ARNs.
 * Credentials are never repository-level: the stack that creates one writes it as an environment
 * secret (`GithubCredentialEnvironment` of @raxx/constructs).
 */
export function actionsVariable(scope: Construct, props: ActionsValueProps): ActionsVariable {
  if (Token.isUnresolved(props.value)) {
    throw new Error(
      `github-secrets: ${props.name} is a Terraform reference; pass the owning stack's published value (a reference reads that stack's remote state, and with it every output)`,
    );
  }
  const variable = new ActionsVariable(scope, `variable-${props.name}`, {
    repository: props.repository,
    variableName: props.name,
    value: props.value,
  });
  variable.overrideLogicalId(logicalId(props.name));
  return variable;
}
