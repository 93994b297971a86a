/**
 * A GitHub Actions environment that receives a stack's own credentials as environment secrets, so the
 * stack that creates a credential also delivers it (no other stack reads its state). Only jobs that
 * declare `environment: <name>` can read the secrets; a protected environment admits only the listed
 * branches and, when given, a reviewer's approval (GitHub enforces protection rules on a private
 * repository only on a paid plan).
 */
import { ActionsEnvironmentSecret } from '@cdktf/provider-github/lib/actions-environment-secret';
import { ActionsEnvironmentVariable } from '@cdktf/provider-github/lib/actions-environment-variable';
import { RepositoryEnvironment } from '@cdktf/provider-github/lib/repository-environment';
import { RepositoryEnvironmentDeploymentPolicy } from '@cdktf/provider-github/lib/repository-environment-deployment-policy';
import { Construct } from 'constructs';

/** GitHub allows up to six reviewers of each kind per environment (provider schema, `MaxItems`). */
const MAX_REVIEWERS = 6;

/** Protection of a GitHub Actions environment. */
export interface GithubEnvironmentProtection {
  /** Branch name patterns that may deploy (a custom deployment branch policy); at least one. */
  readonly deploymentBranches: readonly string[];
  /** Required reviewers by numeric id. @default - none (the branch policy alone) */
  readonly reviewers?: { readonly teams: readonly number[]; readonly users: readonly number[] };
}

/** Props of {@link GithubCredentialEnvironment}. */
export interface GithubCredentialEnvironmentProps {
  /** Repository name, without the owner (the provider's `owner` names it). */
  readonly repository: string;
  /** Name of the environment (`prod`); also the suffix of every logical id. */
  readonly environmentName: string;
  /** Restrictions on who may deploy. @default - unprotected: any branch of the repository */
  readonly protection?: GithubEnvironmentProtection;
  /** Secret name -> value: references to key material of the same stack. */
  readonly secrets: Readonly<Record<string, string>>;
  /**
   * Variable name -> value: plain, non-secret values (such as which slot of a two-slot credential
   * is active; a variable's value updates in place, a secret is replaced). @default - none
   */
  readonly variables?: Readonly<Record<string, string>>;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}

/**
 * `github_repository_environment`, its branch policies, one `github_actions_environment_secret` per
 * secret and one `github_actions_environment_variable` per variable.
 */
export class GithubCredentialEnvironment extends Construct {
  /** `github_repository_environment.<repository>_<env>`. */
  public readonly environment: RepositoryEnvironment;
  /** `github_repository_environment_deployment_policy.<repository>_<env>_<branch>`, one per protected branch. */
  public readonly deploymentPolicies: readonly RepositoryEnvironmentDeploymentPolicy[];
  /** Secret name -> `github_actions_environment_secret.<secret>_<env>`. */
  public readonly secrets: Readonly<Record<string, ActionsEnvironmentSecret>>;
  /** Variable name -> `github_actions_environment_variable.<variable>_<env>`. */
  public readonly variables: Readonly<Record<string, ActionsEnvironmentVariable>>;

  constructor(scope: Construct, id: string, props: GithubCredentialEnvironmentProps) {
    super(scope, id);
    const { protection } = props;
    const label = `GithubCredentialEnvironment ${props.repository}/${props.environmentName}`;
    if (Object.keys(props.secrets).length === 0) throw new Error(`${label}: secrets must not be empty`);
    if (protection && protection.deploymentBranches.length === 0) throw new Error(`${label}: protection.deploymentBranches must list at least one branch`);
    const reviewers = protection?.reviewers ?? { teams: [], users: [] };
    for (const kind of ['teams', 'users'] as const) {
      if (reviewers[kind].length > MAX_REVIEWERS) throw new Error(`${label}: protection.reviewers.${kind} lists ${reviewers[kind].length} ids; GitHub allows ${MAX_REVIEWERS}`);
    }
    const hasReviewers = reviewers.teams.length + reviewers.users.length > 0;
    const base = `${slug(props.repository)}_${slug(props.environmentName)}`;

    this.environment = new RepositoryEnvironment(this, 'environment', {
      repository: props.repository,
      environment: props.environmentName,
      ...(protection
        ? {
            // Admins could otherwise deploy from any branch without review.
            canAdminsBypass: false,
            deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
            ...(hasReviewers ? { preventSelfReview: true, reviewers: [{ teams: [...reviewers.teams], users: [...reviewers.users] }] } : {}),
          }
        : {}),
    });
    this.environment.overrideLogicalId(base);

    // By reference to the environment, so each policy and secret is created after it.
    const environmentName = this.environment.environment;
    this.deploymentPolicies = (protection?.deploymentBranches ?? []).map((branch) => {
      const policy = new RepositoryEnvironmentDeploymentPolicy(this, `branch-${branch}`, {
        repository: props.repository,
        environment: environmentName,
        branchPattern: branch,
      });
      policy.overrideLogicalId(`${base}_${slug(branch)}`);
      return policy;
    });

    const secrets: Record<string, ActionsEnvironmentSecret> = {};
    for (const name of Object.keys(props.secrets)) {
      const secret = new ActionsEnvironmentSecret(this, `secret-${name}`, {
        repository: props.repository,
        environment: environmentName,
        secretName: name,
        plaintextValue: props.secrets[name],
      });
      secret.overrideLogicalId(`${slug(name)}_${slug(props.environmentName)}`);
      secrets[name] = secret;
    }
    this.secrets = secrets;

    const variables: Record<string, ActionsEnvironmentVariable> = {};
    for (const name of Object.keys(props.variables ?? {})) {
      const variable = new ActionsEnvironmentVariable(this, `variable-${name}`, {
        repository: props.repository,
        environment: environmentName,
        variableName: name,
        value: (props.variables ?? {})[name],
      });
      variable.overrideLogicalId(`${slug(name)}_${slug(props.environmentName)}`);
      variables[name] = variable;
    }
    this.variables = variables;
  }
}
