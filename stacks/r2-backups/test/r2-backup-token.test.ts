import { R2_BUCKET_ITEM_PERMISSIONS, r2BucketResourceKey } from '../src';
import { synthR2Backups } from './synth';

const { json } = synthR2Backups();
const ACCOUNT = '0123456789abcdef0123456789abcdef';
const permissionGroupId = (name: string) =>
  '${one([ for key, val in toset(data.cloudflare_api_token_permission_groups_list.r2_bucket_items.result): val.id if val.name == ' +
  JSON.stringify(name) +
  '])}';

describe('the R2 backup token', () => {
  it('is ghost-backup-r2-<env>, with one policy: read and write the items of that bucket, nothing else', () => {
    expect(json.resource.cloudflare_api_token.r2_backup_token_dev).toEqual({
      name: 'ghost-backup-r2-dev',
      policies: [
        {
          effect: 'allow',
          permission_groups: [
            { id: permissionGroupId('Workers R2 Storage Bucket Item Write') },
            { id: permissionGroupId('Workers R2 Storage Bucket Item Read') },
          ],
          resources: `{"com.cloudflare.edge.r2.bucket.${ACCOUNT}_default_\${cloudflare_r2_bucket.ghost_backups_dev.name}":"*"}`,
        },
      ],
    });
  });

  it.each(['dev', 'staging', 'prod'])('for %s names only the %s bucket', (env) => {
    const resources = JSON.parse(json.resource.cloudflare_api_token[`r2_backup_token_${env}`].policies[0].resources);
    expect(resources).toEqual({ [r2BucketResourceKey(ACCOUNT, `\${cloudflare_r2_bucket.ghost_backups_${env}.name}`)]: '*' });
  });

  it('never grants the account-wide R2 scope or a wildcard bucket', () => {
    for (const token of Object.values<{ policies: { resources: string }[] }>(json.resource.cloudflare_api_token)) {
      for (const key of Object.keys(JSON.parse(token.policies[0].resources))) {
        expect(key).not.toContain('com.cloudflare.api.account');
        expect(key).not.toMatch(/\*/);
      }
    }
  });

  it('looks its permission groups up by exact name in the R2 bucket scope instead of hard-coding ids', () => {
    expect(json.data.cloudflare_api_token_permission_groups_list.r2_bucket_items).toEqual({ scope: 'com.cloudflare.edge.r2.bucket' });
    expect(R2_BUCKET_ITEM_PERMISSIONS).toEqual({
      read: 'Workers R2 Storage Bucket Item Read',
      write: 'Workers R2 Storage Bucket Item Write',
    });
  });

  it('has no expiry: Aembit makes the credential short-lived, the token is long-lived but bucket-scoped', () => {
    expect(json.resource.cloudflare_api_token.r2_backup_token_prod).not.toHaveProperty('expires_on');
  });

  it('derives each environment’s secret access key once, in a local, from that environment’s token', () => {
    expect(json.locals).toEqual({
      r2_secret_access_key_dev: '${sha256(cloudflare_api_token.r2_backup_token_dev.value)}',
      r2_secret_access_key_staging: '${sha256(cloudflare_api_token.r2_backup_token_staging.value)}',
      r2_secret_access_key_prod: '${sha256(cloudflare_api_token.r2_backup_token_prod.value)}',
    });
  });

  it('gives R2 credentials: the access key id is the token id, the secret is the SHA-256 of the token value', () => {
    expect(json.output.r2_access_key_id_prod).toEqual({
      value: '${cloudflare_api_token.r2_backup_token_prod.id}',
      sensitive: true,
      description: expect.stringContaining('ghost-backup-r2-prod'),
    });
    expect(json.output.r2_secret_access_key_prod).toEqual({
      value: '${sha256(cloudflare_api_token.r2_backup_token_prod.value)}',
      sensitive: true,
      description: expect.stringContaining('ghost-backup-r2-prod'),
    });
  });
});
