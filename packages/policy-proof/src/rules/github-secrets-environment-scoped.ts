import { resourcesOfType } from '../terraform-json';
import { RuleResult, StackSubject, findings } from './rule';

/** Secrets every workflow of a repository (or of an organization) can read, on any branch. */
const BROAD_SECRET_TYPES = ['github_actions_secret', 'github_actions_organization_secret'] as const;

/**
 * A GitHub Actions secret that Terraform writes carries credential material (identifiers go into
 * variables), so it must be an environment secret (`github_actions_environment_secret`): only jobs
 * that name the environment read it, and a protected environment admits only its branches and
 * reviewers. A repository- or organization-level secret is readable by any workflow on any branch.
 */
export function githubSecretsEnvironmentScoped({ json }: StackSubject): RuleResult {
  const broad = BROAD_SECRET_TYPES.flatMap((type) => resourcesOfType(json, type).map(([name]) => `Resource::${type}.${name}`));
  const hasSecrets = broad.length > 0 || resourcesOfType(json, 'github_actions_environment_secret').length > 0;
  return hasSecrets ? findings(broad) : 'not-applicable';
}
