import { R2_BUCKET_ITEM_PERMISSIONS, r2BucketResourceKey } from '../src';
import { environment, synthR2Backups } from './synth';

const { json } = synthR2Backups(environment('dev'));
const prod = synthR2Backups(environment('prod')).json;
const ACCOUNT = '0123456789abcdef0123456789abcdef';
const permissionGroupId = (name: string) =>
  '${one([ for key, val in toset(data.cloudflare_account_api_token_permission_groups_list.r2_bucket_items.result): val.id if val.name == ' +
  JSON.stringify(name) +
  '])}';

describe('the R2 backup token', () => {
  it('is an account-owned token ghost-backup-r2-<env>, with one policy: read and write the items of that bucket, nothing else', () => {
    expect(json.resource.cloudflare_account_token).toEqual({
      r2_backup_token_dev_a: {
        account_id: ACCOUNT,
        name: 'ghost-backup-r2-dev',
        status: 'active',
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
      },
    });
  });

  it('is never a user-owned cloudflare_api_token, which stops working when the applying user leaves the account', () => {
    expect(json.resource.cloudflare_api_token).toBeUndefined();
    expect(prod.resource.cloudflare_api_token).toBeUndefined();
  });

  it.each(['dev', 'staging', 'prod'] as const)('for %s names only the %s bucket', (env) => {
    const stack = synthR2Backups(environment(env)).json;
    const resources = JSON.parse(stack.resource.cloudflare_account_token[`r2_backup_token_${env}_a`].policies[0].resources);
    expect(resources).toEqual({ [r2BucketResourceKey(ACCOUNT, `\${cloudflare_r2_bucket.ghost_backups_${env}.name}`)]: '*' });
  });

  it('never grants the account-wide R2 scope or a wildcard bucket', () => {
    for (const token of Object.values<{ policies: { resources: string }[] }>(json.resource.cloudflare_account_token)) {
      for (const key of Object.keys(JSON.parse(token.policies[0].resources))) {
        expect(key).not.toContain('com.cloudflare.api.account');
        expect(key).not.toMatch(/\*/);
      }
    }
  });

  it('looks its permission groups up by exact name among the account’s R2 bucket groups instead of hard-coding ids', () => {
    expect(json.data.cloudflare_account_api_token_permission_groups_list.r2_bucket_items).toEqual({
      account_id: ACCOUNT,
      scope: 'com.cloudflare.edge.r2.bucket',
    });
    expect(json.data.cloudflare_api_token_permission_groups_list).toBeUndefined();
    expect(R2_BUCKET_ITEM_PERMISSIONS).toEqual({
      read: 'Workers R2 Storage Bucket Item Read',
      write: 'Workers R2 Storage Bucket Item Write',
    });
  });

  it('fails closed on the permission groups: one() of an exact-name match, never an index into the list', () => {
    const ids = json.resource.cloudflare_account_token.r2_backup_token_dev_a.policies[0].permission_groups.map((group: { id: string }) => group.id);
    for (const id of ids) expect(id).toMatch(/^\$\{one\(\[ for key, val in toset\(data\.cloudflare_account_api_token_permission_groups_list\.r2_bucket_items\.result\): val\.id if val\.name == "[^"]+"\]\)\}$/);
  });

  it('has no expiry: Aembit makes the credential short-lived, the token is long-lived but bucket-scoped', () => {
    expect(prod.resource.cloudflare_account_token.r2_backup_token_prod_a).not.toHaveProperty('expires_on');
  });

  it('derives the secret access key once per slot, in a local, from the slot\'s token', () => {
    expect(json.locals).toEqual({ r2_secret_access_key_dev_a: '${sha256(cloudflare_account_token.r2_backup_token_dev_a.value)}' });
  });

  it('is held in two slots: while rotating, the old token is disabled in place and the outputs read the new one', () => {
    const rotating = synthR2Backups(environment('dev', { RAXX_DEV_R2_BACKUP_TOKEN_SLOTS: 'b+inactive' })).json;
    expect(rotating.resource.cloudflare_account_token.r2_backup_token_dev_a.status).toBe('disabled');
    expect(rotating.resource.cloudflare_account_token.r2_backup_token_dev_b.status).toBe('active');
    expect(rotating.output.r2_secret_access_key_dev.value).toBe('${sha256(cloudflare_account_token.r2_backup_token_dev_b.value)}');
    expect(json.moved).toEqual([{ from: 'cloudflare_account_token.r2_backup_token_dev', to: 'cloudflare_account_token.r2_backup_token_dev_a' }]);
  });

  it('gives R2 credentials as sensitive outputs: the access key id is the token id, the secret is the SHA-256 of the token value', () => {
    expect(prod.output.r2_access_key_id_prod).toEqual({
      value: '${cloudflare_account_token.r2_backup_token_prod_a.id}',
      sensitive: true,
      description: expect.stringContaining('ghost-backup-r2-prod'),
    });
    expect(prod.output.r2_secret_access_key_prod).toEqual({
      value: '${sha256(cloudflare_account_token.r2_backup_token_prod_a.value)}',
      sensitive: true,
      description: expect.stringContaining('ghost-backup-r2-prod'),
    });
  });
});
