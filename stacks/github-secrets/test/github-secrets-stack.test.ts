import { loadPlatformConfig, type EnvironmentName } from '@raxx/config';
import { RaxxStack } from '@raxx/constructs';
import { DataResource, Testing } from 'cdktf';
import { GithubSecretsStack, GithubSecretsStackProps, parseRepository, perEnvironmentName } from '../src';

// cdktf's record of where each token was created is not source-mapped in these tests (see the helper).

const ENVS: EnvironmentName[] = ['dev', 'staging', 'prod'];
const config = loadPlatformConfig({});
const perEnv = <T>(make: (env: EnvironmentName) => T) => Object.fromEntries(ENVS.map((env) => [env, make(env)])) as Record<EnvironmentName, T>;
const ACCOUNTS = { dev: '111111111111', staging: '222222222222', prod: '333333333333' } as const;
const OIDC_ROLE = 'arn:aws:iam::333333333333:role/raxx/freescout/raxx-freescout-backup-github';

/** The published values the app passes (as the owning stacks publish them). */
function published(options: { oidc: boolean }): GithubSecretsStackProps {
  return {
    config,
    r2BackupBuckets: perEnv((env) => `ghost-backups-${env}`),
    tomodaBuckets: perEnv((env) => `tomoda-assets-${env}`),
    pazpazRoles: perEnv((env) => ({
      executionRoleArn: `arn:aws:iam::${ACCOUNTS[env]}:role/pazpaz-ecs-task-execution-role-${env}`,
      taskRoleArn: `arn:aws:iam::${ACCOUNTS[env]}:role/pazpaz-backend-task-role-${env}`,
    })),
    freescoutOidcRoleArn: options.oidc ? OIDC_ROLE : undefined,
  };
}

function synthesize(options: { oidc: boolean }): Record<string, any> {
  return JSON.parse(Testing.synth(new GithubSecretsStack(Testing.app(), published(options))));
}

describe('github-secrets stack', () => {
  const stack = synthesize({ oidc: false });
  const variables = stack.resource.github_actions_variable;

  it('holds no secret and reads no other stack’s state: only variables, no data source at all', () => {
    expect(Object.keys(stack.resource)).toEqual(['github_actions_variable']);
    expect(stack.data).toBeUndefined();
  });

  it('publishes each environment’s R2 backup bucket to the Ghost repository (its key is an environment secret of r2-backups-<env>)', () => {
    for (const env of ENVS) {
      expect(variables[`r2_backup_bucket_${env}`]).toEqual({
        repository: 'ghost-infra',
        variable_name: `R2_BACKUP_BUCKET_${env.toUpperCase()}`,
        value: `ghost-backups-${env}`,
      });
    }
    expect(variables.cloudflare_account_id.value).toBe('0123456789abcdef0123456789abcdef');
  });

  it('publishes the Tomoda buckets and the PazPaz role ARNs as literal identifiers', () => {
    expect(variables.tomoda_assets_bucket_prod).toEqual({ repository: 'tomoda', variable_name: 'TOMODA_ASSETS_BUCKET_PROD', value: 'tomoda-assets-prod' });
    expect(variables.pazpaz_backend_task_role_arn_dev).toEqual({
      repository: 'pazpaz',
      variable_name: 'PAZPAZ_BACKEND_TASK_ROLE_ARN_DEV',
      value: 'arn:aws:iam::111111111111:role/pazpaz-backend-task-role-dev',
    });
    expect(Object.keys(variables)).toHaveLength(1 + 3 + 3 + 6);
    for (const variable of Object.values<any>(variables)) expect(variable.value).not.toContain('${');
  });

  it('refuses a Terraform reference, which would read the owning stack’s remote state', () => {
    const app = Testing.app();
    const owner = new RaxxStack(app, 'owner');
    const reference = new DataResource(owner, 'bucket', { input: { id: 'x' } }).output.toString();
    expect(() => new GithubSecretsStack(app, { ...published({ oidc: false }), tomodaBuckets: perEnv(() => reference) })).toThrow(
      "github-secrets: TOMODA_ASSETS_BUCKET_DEV is a Terraform reference; pass the owning stack's published value (a reference reads that stack's remote state, and with it every output)",
    );
  });

  it('never manages the FreeScout backup key, which stays out of Terraform state', () => {
    const names = Object.values<any>(variables).map((v) => v.variable_name);
    expect(names.some((n) => n.startsWith('AWS_BACKUP_') && n !== 'AWS_BACKUP_ROLE_ARN')).toBe(false);
  });

  it('publishes the FreeScout OIDC role ARN only when that path is enabled', () => {
    expect(variables.aws_backup_role_arn).toBeUndefined();
    const enabled = synthesize({ oidc: true }).resource.github_actions_variable.aws_backup_role_arn;
    expect(enabled).toEqual({ repository: 'TradeMasterAPI', variable_name: 'AWS_BACKUP_ROLE_ARN', value: OIDC_ROLE });
  });

  it('configures the GitHub provider for the one owner and no credentials', () => {
    expect(stack.provider.github).toEqual([{ owner: 'raxx-app' }]);
  });
});

describe('repository names', () => {
  it('splits owner/name and refuses anything else', () => {
    expect(parseRepository('raxx-app/TradeMasterAPI')).toEqual({ owner: 'raxx-app', name: 'TradeMasterAPI' });
    expect(() => parseRepository('TradeMasterAPI')).toThrow('repository "TradeMasterAPI" is not of the form owner/name');
    expect(perEnvironmentName('R2_BACKUP_BUCKET', 'staging')).toBe('R2_BACKUP_BUCKET_STAGING');
  });
});
