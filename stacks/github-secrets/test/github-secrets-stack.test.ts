import { loadPlatformConfig, type EnvironmentName } from '@raxx/config';
import { RaxxStack } from '@raxx/constructs';
import { synthesizeStack } from '@raxx/constructs/testing';
import { DataResource } from 'cdktf';
import { GithubSecretsStack, parseRepository, perEnvironmentName } from '../src';

const ENVS: EnvironmentName[] = ['dev', 'staging', 'prod'];

/** Synthesizes github-secrets fed by a stand-in owner stack, as the app feeds it from the real ones. */
function synthesize(options: { oidc: boolean }): Record<string, any> {
  return synthesizeStack((app) => {
    const owner = new RaxxStack(app, 'owner');
    const value = (id: string) => new DataResource(owner, id, { input: { id } }).output.toString();
    const perEnv = <T>(make: (env: EnvironmentName) => T) => Object.fromEntries(ENVS.map((env) => [env, make(env)])) as Record<EnvironmentName, T>;
    return new GithubSecretsStack(app, {
      config: loadPlatformConfig({}),
      r2Backups: perEnv((env) => ({ bucketName: value(`bucket_${env}`), accessKeyId: value(`key_id_${env}`), secretAccessKey: value(`secret_${env}`) })),
      tomodaBuckets: perEnv((env) => value(`tomoda_${env}`)),
      pazpazRoles: perEnv((env) => ({ executionRoleArn: value(`exec_${env}`), taskRoleArn: value(`task_${env}`) })),
      freescoutOidcRoleArn: options.oidc ? value('oidc_role') : undefined,
    });
  }).json;
}

const REMOTE = '${data.terraform_remote_state.cross-stack-reference-input-owner.outputs.';

describe('github-secrets stack', () => {
  const stack = synthesize({ oidc: false });
  const secrets = stack.resource.github_actions_secret;
  const variables = stack.resource.github_actions_variable;

  it('stores each environment\'s R2 backup credentials as secrets of the Ghost repository', () => {
    for (const env of ENVS) {
      const id = secrets[`r2_backup_access_key_id_${env}`];
      const secret = secrets[`r2_backup_secret_access_key_${env}`];
      expect(id.repository).toBe('ghost-infra');
      expect(id.secret_name).toBe(`R2_BACKUP_ACCESS_KEY_ID_${env.toUpperCase()}`);
      expect(secret.secret_name).toBe(`R2_BACKUP_SECRET_ACCESS_KEY_${env.toUpperCase()}`);
    }
  });

  it('takes every value by cross-stack reference, never a copied value', () => {
    const values = [
      ...Object.values<any>(secrets).map((s) => s.plaintext_value),
      ...Object.values<any>(variables).filter((v) => v.variable_name !== 'CLOUDFLARE_ACCOUNT_ID').map((v) => v.value),
    ];
    expect(values.length).toBe(6 + 3 + 3 + 6);
    for (const value of values) expect(value.startsWith(REMOTE)).toBe(true);
    expect(stack.data.terraform_remote_state['cross-stack-reference-input-owner'].config.path).toBe('../../../state/owner/terraform.tfstate');
  });

  it('keeps identifiers in variables and key material in secrets only', () => {
    expect(Object.keys(secrets).sort()).toEqual(ENVS.flatMap((e) => [`r2_backup_access_key_id_${e}`, `r2_backup_secret_access_key_${e}`]).sort());
    expect(variables.tomoda_assets_bucket_prod).toMatchObject({ repository: 'tomoda', variable_name: 'TOMODA_ASSETS_BUCKET_PROD' });
    expect(variables.pazpaz_backend_task_role_arn_dev).toMatchObject({ repository: 'pazpaz', variable_name: 'PAZPAZ_BACKEND_TASK_ROLE_ARN_DEV' });
    expect(variables.cloudflare_account_id.value).toBe('0123456789abcdef0123456789abcdef');
  });

  it('never manages the FreeScout backup key, which stays out of Terraform state', () => {
    const names = [...Object.values<any>(secrets).map((s) => s.secret_name), ...Object.values<any>(variables).map((v) => v.variable_name)];
    expect(names.some((n) => n.startsWith('AWS_BACKUP_'))).toBe(false);
  });

  it('publishes the FreeScout OIDC role ARN only when that path is enabled', () => {
    expect(variables.aws_backup_role_arn).toBeUndefined();
    const enabled = synthesize({ oidc: true }).resource.github_actions_variable.aws_backup_role_arn;
    expect(enabled).toMatchObject({ repository: 'TradeMasterAPI', variable_name: 'AWS_BACKUP_ROLE_ARN' });
    expect(enabled.value.startsWith(REMOTE)).toBe(true);
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
