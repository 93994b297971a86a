import { OUT_OF_BAND_CONSUMERS_KEY } from '@raxx/constructs';
import { Testing } from 'cdktf';
import { R2BackupsStack } from '../src';
import { addresses, config, environment, synthR2Backups, synthR2BackupsWithMetadata } from './synth';

const dev = synthR2Backups(environment('dev'));
const prod = synthR2Backups(environment('prod'));
const ACCOUNT = '0123456789abcdef0123456789abcdef';

describe('r2-backups-<env>: one stack per environment’s backup bucket', () => {
  it('is named r2-backups-<env> and keeps local state under state/r2-backups-<env>', () => {
    expect(prod.stack.stackName).toBe('r2-backups-prod');
    expect(prod.json.terraform.backend).toEqual({ local: { path: '../../../state/r2-backups-prod/terraform.tfstate' } });
  });

  it('uses its own Terraform Cloud workspace when an organization is configured', () => {
    const { json } = synthR2Backups(environment('staging'), 'raxx');
    expect(json.terraform.cloud).toEqual({ organization: 'raxx', workspaces: { name: 'raxx-r2-backups-staging' } });
  });

  it('configures Cloudflare and GitHub without credentials: CLOUDFLARE_API_TOKEN and GITHUB_TOKEN at plan time', () => {
    expect(dev.json.provider).toEqual({ cloudflare: [{}], github: [{ owner: 'raxx-app' }] });
  });

  it('declares the bucket, its lifecycle, the token (slot a), the permission-group lookup and the GitHub environment with the slot\'s two secrets and the active-slot variable', () => {
    expect(addresses(dev.json)).toEqual([
      'cloudflare_account_token.r2_backup_token_dev_a',
      'cloudflare_r2_bucket.ghost_backups_dev',
      'cloudflare_r2_bucket_lifecycle.ghost_backups_dev',
      'data.cloudflare_account_api_token_permission_groups_list.r2_bucket_items',
      'github_actions_environment_secret.r2_backup_access_key_id_a_dev',
      'github_actions_environment_secret.r2_backup_secret_access_key_a_dev',
      'github_actions_environment_variable.r2_backup_active_slot_dev',
      'github_repository_environment.ghost_infra_dev',
    ]);
  });

  it('outputs the bucket in clear and both halves of the credential as sensitive, each described', () => {
    expect(Object.keys(prod.json.output).sort()).toEqual(['r2_access_key_id_prod', 'r2_bucket_prod', 'r2_secret_access_key_prod']);
    for (const [name, output] of Object.entries<{ sensitive?: boolean; description?: string }>(prod.json.output)) {
      expect(output.description).toMatch(/\S{3,}/);
      expect(output.sensitive === true).toBe(!name.startsWith('r2_bucket_'));
    }
  });

  it('publishes only the bucket name, as a plain value', () => {
    expect(prod.stack.published).toEqual({ bucketName: 'ghost-backups-prod' });
  });
});

describe('the credential is delivered by this stack, as environment secrets of the Ghost repository', () => {
  it('writes the key id and the derived secret of each slot into the environment of the same name, by reference to it', () => {
    expect(prod.json.resource.github_actions_environment_secret).toEqual({
      r2_backup_access_key_id_a_prod: {
        repository: 'ghost-infra',
        environment: '${github_repository_environment.ghost_infra_prod.environment}',
        secret_name: 'R2_BACKUP_ACCESS_KEY_ID_A',
        plaintext_value: '${cloudflare_account_token.r2_backup_token_prod_a.id}',
      },
      r2_backup_secret_access_key_a_prod: {
        repository: 'ghost-infra',
        environment: '${github_repository_environment.ghost_infra_prod.environment}',
        secret_name: 'R2_BACKUP_SECRET_ACCESS_KEY_A',
        plaintext_value: '${local.r2_secret_access_key_prod_a}',
      },
    });
    expect(prod.json.resource.github_actions_secret).toBeUndefined();
  });

  it('names the active slot in a plain environment variable, so a switch updates it in place instead of replacing secrets', () => {
    expect(prod.json.resource.github_actions_environment_variable).toEqual({
      r2_backup_active_slot_prod: {
        repository: 'ghost-infra',
        environment: '${github_repository_environment.ghost_infra_prod.environment}',
        variable_name: 'R2_BACKUP_ACTIVE_SLOT',
        value: 'A',
      },
    });
  });

  it('while rotating, delivers both slots and points the variable at the new one', () => {
    const rotating = synthR2Backups(environment('prod', { RAXX_PROD_R2_BACKUP_TOKEN_SLOTS: 'b+active-standby' })).json;
    expect(Object.values<{ secret_name: string; plaintext_value: string }>(rotating.resource.github_actions_environment_secret).map((secret) => [secret.secret_name, secret.plaintext_value])).toEqual([
      ['R2_BACKUP_ACCESS_KEY_ID_A', '${cloudflare_account_token.r2_backup_token_prod_a.id}'],
      ['R2_BACKUP_ACCESS_KEY_ID_B', '${cloudflare_account_token.r2_backup_token_prod_b.id}'],
      ['R2_BACKUP_SECRET_ACCESS_KEY_A', '${local.r2_secret_access_key_prod_a}'],
      ['R2_BACKUP_SECRET_ACCESS_KEY_B', '${local.r2_secret_access_key_prod_b}'],
    ]);
    expect(rotating.resource.github_actions_environment_variable.r2_backup_active_slot_prod.value).toBe('B');
    expect(rotating.output.r2_access_key_id_prod.value).toBe('${cloudflare_account_token.r2_backup_token_prod_b.id}');
  });

  it('protects prod: only main may deploy, admins cannot bypass', () => {
    expect(prod.json.resource.github_repository_environment.ghost_infra_prod).toEqual({
      repository: 'ghost-infra',
      environment: 'prod',
      can_admins_bypass: false,
      deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
    });
    expect(prod.json.resource.github_repository_environment_deployment_policy).toEqual({
      ghost_infra_prod_main: { repository: 'ghost-infra', environment: '${github_repository_environment.ghost_infra_prod.environment}', branch_pattern: 'main' },
    });
  });

  it('requires the configured reviewers on prod, and forbids self-review', () => {
    const { json } = synthR2Backups(environment('prod', { RAXX_PROD_GITHUB_REVIEWERS: 'team:42,user:7' }));
    expect(json.resource.github_repository_environment.ghost_infra_prod).toMatchObject({
      prevent_self_review: true,
      reviewers: [{ teams: [42], users: [7] }],
    });
  });

  it('leaves dev unprotected: any branch may use its environment', () => {
    expect(dev.json.resource.github_repository_environment.ghost_infra_dev).toEqual({ repository: 'ghost-infra', environment: 'dev' });
    expect(dev.json.resource.github_repository_environment_deployment_policy).toBeUndefined();
  });
});

describe('Aembit, the consumer Terraform does not manage, is declared on the credential', () => {
  const token = synthR2BackupsWithMetadata(environment('prod')).resource.cloudflare_account_token.r2_backup_token_prod_a;
  const [aembit] = token['//'][OUT_OF_BAND_CONSUMERS_KEY];

  it('names the exact place, the outputs it copies and the seed', () => {
    expect(token['//'][OUT_OF_BAND_CONSUMERS_KEY]).toHaveLength(1);
    expect(aembit).toMatchObject({
      name: 'Aembit',
      place:
        'Aembit credential provider "R2 Backup Credentials" (`aembit_credential_provider.r2_backup`, variables `r2_access_key_id` and `r2_secret_key`), served to `aembit_client_workload.ghost_prod` on ghost-prod',
      fields: { R2_ACCESS_KEY_ID: 'r2_access_key_id_prod', R2_SECRET_KEY: 'r2_secret_access_key_prod' },
      source: 'ghost-r2-backup-jit-credentials.txt',
    });
  });

  it('updates Aembit through its Terraform variables, from shell variables, never printing the key', () => {
    expect(aembit.update.map((command: { command: string }) => command.command)).toEqual([
      'TF_VAR_r2_access_key_id="$R2_ACCESS_KEY_ID" TF_VAR_r2_secret_key="$R2_SECRET_KEY" terraform -chdir="$AEMBIT_TF_DIR" apply',
    ]);
  });

  it('checks on the backup host that the proxy serves a key that can list the bucket, without CreateBucket', () => {
    const [check] = aembit.check;
    expect(check.command).toBe(
      `ssh ghost-prod 'CREDS=$(curl -sf http://localhost:8080/credentials/r2-backup) && AWS_ACCESS_KEY_ID=$(echo "$CREDS" | jq -r .access_key_id) AWS_SECRET_ACCESS_KEY=$(echo "$CREDS" | jq -r .secret_access_key) rclone lsf "r2:ghost-backups-prod" --max-depth 1 --s3-provider Cloudflare --s3-endpoint "https://${ACCOUNT}.r2.cloudflarestorage.com" --s3-no-check-bucket > /dev/null && echo "Aembit serves the new R2 key"'`,
    );
    expect(aembit.expect).toContain('"Aembit serves the new R2 key"');
  });
});

describe('misuse fails early', () => {
  it('rejects a Cloudflare account id that is not 32 hex characters, naming the prop', () => {
    expect(
      () => new R2BackupsStack(Testing.app(), { environment: environment('dev'), cloudflareAccountId: 'acme', ghostRepository: config.ghostRepository }),
    ).toThrow(/cloudflareAccountId/);
  });

  it('rejects a Ghost repository that is not owner/name', () => {
    expect(
      () => new R2BackupsStack(Testing.app(), { environment: environment('dev'), cloudflareAccountId: config.cloudflareAccountId, ghostRepository: 'ghost-infra' }),
    ).toThrow('repository "ghost-infra" is not of the form owner/name');
  });

  it('rejects a protected environment without a deployment branch', () => {
    const prodEnv = environment('prod');
    const open = { ...prodEnv, githubEnvironment: { ...prodEnv.githubEnvironment, deploymentBranches: [] } };
    expect(() => synthR2Backups(open)).toThrow('GithubCredentialEnvironment ghost-infra/prod: protection.deploymentBranches must list at least one branch');
  });

  it.each(['abortMultipartDays'] as const)('rejects %s below one day, naming the prop', (prop) => {
    const devEnv = environment('dev');
    expect(() => synthR2Backups({ ...devEnv, ghostBackup: { ...devEnv.ghostBackup, [prop]: 0 } })).toThrow(`ghostBackup.${prop}`);
  });
});

describe('per-environment isolation and reproducibility', () => {
  it('the dev stack names no prod or staging bucket, token, environment or output', () => {
    expect(dev.text).not.toContain('prod');
    expect(dev.text).not.toContain('staging');
  });

  it('two syntheses are byte-identical', () => {
    expect(synthR2Backups(environment('dev')).text).toBe(dev.text);
  });

  it('holds no key material: the credential is only ever a reference to the token', () => {
    for (const { text } of [dev, prod]) {
      expect(text).not.toMatch(/\b[0-9a-f]{64}\b/);
      // A Cloudflare API token value: 40 characters mixing upper case, lower case and digits.
      expect(text).not.toMatch(/\b(?=[\w-]*[A-Z])(?=[\w-]*[a-z])(?=[\w-]*\d)[\w-]{40}\b/);
    }
  });
});
