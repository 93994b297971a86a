import { ConfigurationError, ENVIRONMENT_NAMES, environmentNamed, loadPlatformConfig } from '../src';

describe('platform configuration', () => {
  it('declares dev, staging and prod once, each with its own account', () => {
    const config = loadPlatformConfig({});
    expect(Object.keys(config.environments)).toEqual(['dev', 'staging', 'prod']);
    const accounts = ENVIRONMENT_NAMES.map((env) => config.environments[env].awsAccountId);
    expect(new Set(accounts).size).toBe(3);
  });

  it('names every per-environment resource after its environment', () => {
    const dev = loadPlatformConfig({}).environments.dev;
    expect(dev.pazpaz.attachmentsBucket).toBe('pazpaz-attachments-dev');
    expect(dev.ghostBackup.bucket).toBe('ghost-backups-dev');
    expect(dev.tomoda.namespace).toBe('tomoda-dev');
  });

  it('takes an account id and region per environment from environment variables', () => {
    const config = loadPlatformConfig({ RAXX_PROD_AWS_ACCOUNT_ID: '999999999999', RAXX_DEV_AWS_REGION: 'eu-west-1' });
    expect(config.environments.prod.awsAccountId).toBe('999999999999');
    expect(config.environments.dev.awsRegion).toBe('eu-west-1');
    expect(config.environments.staging.awsAccountId).toBe('222222222222');
  });

  it('keeps the FreeScout OIDC path off unless the flag turns it on', () => {
    expect(loadPlatformConfig({}).freescout.githubOidc).toBe(false);
    expect(loadPlatformConfig({ RAXX_FREESCOUT_GITHUB_OIDC: 'true' }).freescout.githubOidc).toBe(true);
  });

  it('switches to Terraform Cloud only when an organization is given', () => {
    expect(loadPlatformConfig({}).terraformCloudOrganization).toBeUndefined();
    expect(loadPlatformConfig({ TFC_ORGANIZATION: 'raxx', RAXX_RUN_TASK_URL: 'https://run-task.raxx.test/' }).terraformCloudOrganization).toBe('raxx');
  });

  it('protects only the prod GitHub environment by default: main may deploy, no reviewers until configured', () => {
    const config = loadPlatformConfig({});
    expect(config.environments.prod.githubEnvironment).toEqual({ name: 'prod', protected: true, deploymentBranches: ['main'], reviewers: { teams: [], users: [] } });
    expect(config.environments.dev.githubEnvironment).toEqual({ name: 'dev', protected: false, deploymentBranches: [], reviewers: { teams: [], users: [] } });
  });

  it('takes the reviewers of a protected GitHub environment from RAXX_<ENV>_GITHUB_REVIEWERS', () => {
    const config = loadPlatformConfig({ RAXX_PROD_GITHUB_REVIEWERS: 'team:42,user:7,user:9' });
    expect(config.environments.prod.githubEnvironment.reviewers).toEqual({ teams: [42], users: [7, 9] });
    expect(() => loadPlatformConfig({ RAXX_PROD_GITHUB_REVIEWERS: 'team:platform' })).toThrow(
      new ConfigurationError('RAXX_PROD_GITHUB_REVIEWERS="team:platform" is not a list of GitHub reviewer ids such as team:123,user:456'),
    );
    expect(() => loadPlatformConfig({ RAXX_DEV_GITHUB_REVIEWERS: 'user:7' })).toThrow(
      new ConfigurationError('RAXX_DEV_GITHUB_REVIEWERS is set, but the dev GitHub environment is not protected; reviewers apply to protected environments only'),
    );
  });

  it('refuses a malformed override with a message naming the variable', () => {
    expect(() => loadPlatformConfig({ RAXX_DEV_AWS_ACCOUNT_ID: '12345' })).toThrow(
      new ConfigurationError('RAXX_DEV_AWS_ACCOUNT_ID="12345" is not a 12-digit AWS account id'),
    );
    expect(() => loadPlatformConfig({ RAXX_FREESCOUT_GITHUB_OIDC: 'yes' })).toThrow(/RAXX_FREESCOUT_GITHUB_OIDC="yes" is not a flag/);
  });

  it('names the environments that exist when asked for an unknown one', () => {
    expect(() => environmentNamed(loadPlatformConfig({}), 'qa')).toThrow('unknown environment "qa"; environments: dev, staging, prod');
    expect(environmentNamed(loadPlatformConfig({}), 'prod').name).toBe('prod');
  });
});
