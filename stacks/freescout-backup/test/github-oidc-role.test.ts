import { FreescoutConfig, loadPlatformConfig } from '@raxx/config';
import { Testing } from 'cdktf';
import { FreescoutBackupStack } from '../src';
import { parsePolicy, resolveIn, synthesize } from './synth';

const defaults: FreescoutConfig = loadPlatformConfig({}).freescout;

describe('GitHub Actions OIDC, the runbook long-term path, is opt-in', () => {
  test('by default there is no OIDC provider, no role, no role policy and no role output', () => {
    expect(defaults.githubOidc).toBe(false);
    const { json } = synthesize((app) => new FreescoutBackupStack(app, { config: defaults }));
    expect(json.resource.aws_iam_openid_connect_provider).toBeUndefined();
    expect(json.resource.aws_iam_role).toBeUndefined();
    expect(json.resource.aws_iam_role_policy).toBeUndefined();
    expect(Object.keys(json.output)).toEqual(['user_arn']);
    expect(new FreescoutBackupStack(Testing.app(), { config: defaults }).oidcRoleArn).toBeUndefined();
    expect(new FreescoutBackupStack(Testing.app(), { config: defaults }).published).toEqual({});
  });

  test('RAXX_FREESCOUT_GITHUB_OIDC=true turns it on', () => {
    const config = loadPlatformConfig({ RAXX_FREESCOUT_GITHUB_OIDC: 'true' }).freescout;
    const { json } = synthesize((app) => new FreescoutBackupStack(app, { config }));
    expect(Object.keys(json.resource.aws_iam_role)).toEqual(['freescout_backup_github']);
  });
});

describe('with GitHub Actions OIDC on', () => {
  const config: FreescoutConfig = { ...defaults, githubOidc: true };
  const { json } = synthesize((app) => new FreescoutBackupStack(app, { config }));
  const role = json.resource.aws_iam_role.freescout_backup_github;

  test('the account trusts GitHub Actions tokens issued for sts.amazonaws.com', () => {
    expect(json.resource.aws_iam_openid_connect_provider).toEqual({
      github_actions: {
        '//': expect.anything(),
        url: 'https://token.actions.githubusercontent.com',
        client_id_list: ['sts.amazonaws.com'],
      },
    });
  });

  test('the role raxx-freescout-backup-github lives under /raxx/freescout/', () => {
    expect(role.name).toBe('raxx-freescout-backup-github');
    expect(role.path).toBe('/raxx/freescout/');
  });

  test('only the main branch of raxx-app/TradeMasterAPI can assume the role, through the provider', () => {
    expect(parsePolicy(role)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: '${aws_iam_openid_connect_provider.github_actions.arn}' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: {
              'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
              'token.actions.githubusercontent.com:sub': 'repo:raxx-app/TradeMasterAPI:ref:refs/heads/main',
            },
          },
        },
      ],
    });
  });

  test('the role may do exactly what the user may do, Sid by Sid', () => {
    const rolePolicy = json.resource.aws_iam_role_policy.freescout_backup_github;
    expect(rolePolicy.role).toBe('${aws_iam_role.freescout_backup_github.name}');
    expect(rolePolicy.name).toBe('raxx-freescout-backup-policy');
    const userStatements = parsePolicy(json.resource.aws_iam_user_policy.freescout_backup).Statement;
    const roleStatements = parsePolicy(rolePolicy).Statement;
    expect(roleStatements).toHaveLength(6);
    roleStatements.forEach((s: unknown, i: number) => expect(s).toEqual(userStatements[i]));
  });

  test('the user and its hand-made key stay until the workflow has moved to the role', () => {
    expect(json.resource.aws_iam_user.freescout_backup.name).toBe('raxx-freescout-backup');
    expect(json.resource.aws_iam_access_key).toBeUndefined();
  });

  test('the role ARN is an output with a description, not marked sensitive, and a public attribute', () => {
    expect(json.output.github_oidc_role_arn).toEqual({
      value: '${aws_iam_role.freescout_backup_github.arn}',
      description: expect.stringMatching(/GitHub Actions OIDC/),
    });
    const stack = new FreescoutBackupStack(Testing.app(), { config });
    expect(resolveIn(stack, stack.oidcRoleArn)).toBe('${aws_iam_role.freescout_backup_github.arn}');
    expect(stack.published).toEqual({ oidcRoleArn: 'arn:aws:iam::333333333333:role/raxx/freescout/raxx-freescout-backup-github' });
  });

  test('another branch in the configuration changes the trusted subject exactly', () => {
    const release = synthesize((app) => new FreescoutBackupStack(app, { config: { ...config, branch: 'release' } })).json;
    const trust = parsePolicy(release.resource.aws_iam_role.freescout_backup_github);
    expect(trust.Statement[0].Condition.StringEquals['token.actions.githubusercontent.com:sub']).toBe(
      'repo:raxx-app/TradeMasterAPI:ref:refs/heads/release',
    );
  });
});
