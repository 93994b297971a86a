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
    expect(loadPlatformConfig({ TFC_ORGANIZATION: 'raxx' }).terraformCloudOrganization).toBe('raxx');
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
