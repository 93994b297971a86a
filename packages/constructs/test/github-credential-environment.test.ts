import { TerraformStack, Testing } from 'cdktf';
import { GithubCredentialEnvironment, GithubCredentialEnvironmentProps } from '../src';

function synth(props: Partial<GithubCredentialEnvironmentProps> = {}): Record<string, any> {
  const stack = new TerraformStack(Testing.app(), 's');
  new GithubCredentialEnvironment(stack, 'env', { repository: 'ghost-infra', environmentName: 'prod', secrets: { KEY_ID: 'k' }, ...props });
  return JSON.parse(Testing.synth(stack)).resource;
}

describe('a GitHub environment that receives a stack’s own credentials', () => {
  it('writes each secret as an environment secret, created after the environment it names', () => {
    const resource = synth({ secrets: { KEY_ID: 'id-ref', SECRET: 'secret-ref' } });
    expect(resource.github_actions_environment_secret).toEqual({
      key_id_prod: { repository: 'ghost-infra', environment: '${github_repository_environment.ghost_infra_prod.environment}', secret_name: 'KEY_ID', plaintext_value: 'id-ref' },
      secret_prod: { repository: 'ghost-infra', environment: '${github_repository_environment.ghost_infra_prod.environment}', secret_name: 'SECRET', plaintext_value: 'secret-ref' },
    });
  });

  it('is open to any branch when unprotected', () => {
    const resource = synth();
    expect(resource.github_repository_environment).toEqual({ ghost_infra_prod: { repository: 'ghost-infra', environment: 'prod' } });
    expect(resource.github_repository_environment_deployment_policy).toBeUndefined();
  });

  it('admits only the listed branches when protected, with reviewers when given', () => {
    const resource = synth({ protection: { deploymentBranches: ['main', 'release/*'], reviewers: { teams: [1], users: [] } } });
    expect(resource.github_repository_environment.ghost_infra_prod).toEqual({
      repository: 'ghost-infra',
      environment: 'prod',
      can_admins_bypass: false,
      deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
      prevent_self_review: true,
      reviewers: [{ teams: [1], users: [] }],
    });
    expect(Object.entries<any>(resource.github_repository_environment_deployment_policy).map(([id, policy]) => [id, policy.branch_pattern])).toEqual([
      ['ghost_infra_prod_main', 'main'],
      ['ghost_infra_prod_release', 'release/*'],
    ]);
  });

  it('refuses what GitHub or the runbook could not use, naming the prop', () => {
    expect(() => synth({ secrets: {} })).toThrow('GithubCredentialEnvironment ghost-infra/prod: secrets must not be empty');
    expect(() => synth({ protection: { deploymentBranches: [] } })).toThrow('protection.deploymentBranches must list at least one branch');
    expect(() => synth({ protection: { deploymentBranches: ['main'], reviewers: { teams: [1, 2, 3, 4, 5, 6, 7], users: [] } } })).toThrow(
      'protection.reviewers.teams lists 7 ids; GitHub allows 6',
    );
  });
});
