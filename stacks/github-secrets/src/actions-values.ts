import { ActionsSecret } from '@cdktf/provider-github/lib/actions-secret';
import { ActionsVariable } from '@cdktf/provider-github/lib/actions-variable';
import { Construct } from 'constructs';

/** One GitHub Actions repository secret or variable. */
export interface ActionsValueProps {
  /** Repository name (without owner). */
  readonly repository: string;
  /** Secret or variable name as workflows read it. */
  readonly name: string;
  /** Value: always a cross-stack reference (a cdktf token), never a copied value. */
  readonly value: string;
}

function logicalId(name: string): string {
  return name.toLowerCase();
}

/**
 * A repository secret (`github_actions_secret.<name>`): for key material only. Its value arrives
 * encrypted by the provider with the repository's public key; `plaintext_value` is sensitive in state.
 */
export function actionsSecret(scope: Construct, props: ActionsValueProps): ActionsSecret {
  const secret = new ActionsSecret(scope, `secret-${props.name}`, {
    repository: props.repository,
    secretName: props.name,
    plaintextValue: props.value,
  });
  secret.overrideLogicalId(logicalId(props.name));
  return secret;
}

/** A repository variable (`github_actions_variable.<name>`): for identifiers such as names and ARNs. */
export function actionsVariable(scope: Construct, props: ActionsValueProps): ActionsVariable {
  const variable = new ActionsVariable(scope, `variable-${props.name}`, {
    repository: props.repository,
    variableName: props.name,
    value: props.value,
  });
  variable.overrideLogicalId(logicalId(props.name));
  return variable;
}
