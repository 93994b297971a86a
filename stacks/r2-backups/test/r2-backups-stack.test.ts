import * as fs from 'fs';
import * as path from 'path';
import { TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { R2BackupsStack } from '../src';
import { addresses, config, environment, resolveIn, synthR2Backups } from './synth';

const all = synthR2Backups();

describe('r2-backups: one stack for every environment’s backup bucket', () => {
  it('is named r2-backups and keeps local state under state/r2-backups', () => {
    expect(all.stack.stackName).toBe('r2-backups');
    expect(all.json.terraform.backend).toEqual({ local: { path: '../../../state/r2-backups/terraform.tfstate' } });
  });

  it('uses its own Terraform Cloud workspace when an organization is configured', () => {
    const { json } = synthR2Backups([environment('dev')], 'raxx');
    expect(json.terraform.cloud).toEqual({ organization: 'raxx', workspaces: { name: 'raxx-r2-backups' } });
  });

  it('configures Cloudflare without credentials: the API token comes from CLOUDFLARE_API_TOKEN at plan time', () => {
    expect(all.json.provider.cloudflare).toEqual([{}]);
  });

  it('declares a bucket, a lifecycle and a token per environment, and one permission-group lookup', () => {
    expect(addresses(all.json)).toEqual([
      'cloudflare_api_token.r2_backup_token_dev',
      'cloudflare_api_token.r2_backup_token_prod',
      'cloudflare_api_token.r2_backup_token_staging',
      'cloudflare_r2_bucket.ghost_backups_dev',
      'cloudflare_r2_bucket.ghost_backups_prod',
      'cloudflare_r2_bucket.ghost_backups_staging',
      'cloudflare_r2_bucket_lifecycle.ghost_backups_dev',
      'cloudflare_r2_bucket_lifecycle.ghost_backups_prod',
      'cloudflare_r2_bucket_lifecycle.ghost_backups_staging',
      'data.cloudflare_api_token_permission_groups_list.r2_bucket_items',
    ]);
  });

  it('outputs per environment the bucket in clear and both halves of the credential as sensitive, each described', () => {
    expect(Object.keys(all.json.output).sort()).toEqual(
      ['dev', 'prod', 'staging'].flatMap((env) => [`r2_access_key_id_${env}`, `r2_bucket_${env}`, `r2_secret_access_key_${env}`]).sort(),
    );
    for (const [name, output] of Object.entries<{ sensitive?: boolean; description?: string }>(all.json.output)) {
      expect(output.description).toMatch(/\S{3,}/);
      expect(output.sensitive === true).toBe(!name.startsWith('r2_bucket_'));
    }
  });

  it('exposes each environment’s bucket and credential as references for the github-secrets stack', () => {
    expect(resolveIn(all.stack, all.stack.backups.staging)).toEqual({
      bucketName: '${cloudflare_r2_bucket.ghost_backups_staging.name}',
      accessKeyId: '${cloudflare_api_token.r2_backup_token_staging.id}',
      secretAccessKey: '${local.r2_secret_access_key_staging}',
    });
  });

  it('hands the credential to another stack through a sensitive cross-stack output read from r2-backups’ own state', () => {
    const app = Testing.app();
    const backups = new R2BackupsStack(app, { environments: [environment('dev')], cloudflareAccountId: config.cloudflareAccountId });
    const consumer = new TerraformStack(app, 'consumer');
    new TerraformOutput(consumer, 'secret', { value: backups.backups.dev.secretAccessKey, sensitive: true });
    app.synth();
    const read = (stack: string) => JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
    const origin = read('r2-backups');
    const crossStack = Object.entries<{ value: string; sensitive: boolean }>(origin.output).filter(([name]) =>
      name.startsWith('cross-stack-output-'),
    );
    expect(crossStack).toHaveLength(1);
    const [outputName, output] = crossStack[0];
    // Only the derived secret leaves the stack, never the raw token value.
    expect(output).toEqual({ value: '${local.r2_secret_access_key_dev}', sensitive: true });
    expect(origin.locals).toEqual({ r2_secret_access_key_dev: '${sha256(cloudflare_api_token.r2_backup_token_dev.value)}' });
    const consumerJson = read('consumer');
    expect(consumerJson.output.secret.value).toBe(`\${data.terraform_remote_state.cross-stack-reference-input-r2-backups.outputs.${outputName}}`);
    expect(consumerJson.data.terraform_remote_state['cross-stack-reference-input-r2-backups']).toEqual({
      backend: 'local',
      config: { path: '../../../state/r2-backups/terraform.tfstate' },
      workspace: '${terraform.workspace}',
    });
  });
});

describe('misuse fails early', () => {
  it('rejects a Cloudflare account id that is not 32 hex characters, naming the prop', () => {
    expect(() => new R2BackupsStack(Testing.app(), { environments: [environment('dev')], cloudflareAccountId: 'acme' })).toThrow(
      /cloudflareAccountId/,
    );
  });

  it('rejects an empty list of environments', () => {
    expect(() => new R2BackupsStack(Testing.app(), { environments: [], cloudflareAccountId: config.cloudflareAccountId })).toThrow(
      /environments must not be empty/,
    );
  });

  it('rejects an environment listed twice', () => {
    expect(
      () =>
        new R2BackupsStack(Testing.app(), {
          environments: [environment('dev'), environment('dev')],
          cloudflareAccountId: config.cloudflareAccountId,
        }),
    ).toThrow(/"dev" twice/);
  });

  it.each(['expiryDays', 'abortMultipartDays'] as const)('rejects %s below one day, naming the prop', (prop) => {
    const dev = environment('dev');
    const broken = { ...dev, ghostBackup: { ...dev.ghostBackup, [prop]: 0 } };
    expect(() => new R2BackupsStack(Testing.app(), { environments: [broken], cloudflareAccountId: config.cloudflareAccountId })).toThrow(
      `ghostBackup.${prop}`,
    );
  });
});

describe('per-environment isolation and reproducibility', () => {
  it('a stack of dev alone names no prod or staging bucket, token or output', () => {
    const { text } = synthR2Backups([environment('dev')]);
    expect(text).not.toContain('prod');
    expect(text).not.toContain('staging');
  });

  it('two syntheses are byte-identical', () => {
    expect(synthR2Backups().text).toBe(all.text);
  });

  it('holds no key material: the credential is only ever a reference to the token', () => {
    expect(all.text).not.toMatch(/\b[0-9a-f]{64}\b/);
    // A Cloudflare API token value: 40 characters mixing upper case, lower case and digits.
    expect(all.text).not.toMatch(/\b(?=[\w-]*[A-Z])(?=[\w-]*[a-z])(?=[\w-]*\d)[\w-]{40}\b/);
  });
});
