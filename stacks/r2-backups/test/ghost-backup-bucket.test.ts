import { environment, synthR2Backups } from './synth';

const { json } = synthR2Backups(environment('dev'));
const prod = synthR2Backups(environment('prod')).json;
const ACCOUNT = '0123456789abcdef0123456789abcdef';

describe('the Ghost backup bucket', () => {
  it.each(['dev', 'staging', 'prod'] as const)('is ghost-backups-%s in the configured Cloudflare account', (env) => {
    const stack = synthR2Backups(environment(env)).json;
    expect(stack.resource.cloudflare_r2_bucket).toEqual({ [`ghost_backups_${env}`]: { account_id: ACCOUNT, name: `ghost-backups-${env}` } });
  });

  it('aborts incomplete multipart uploads after a day and deletes superseded dev backups after 30 days', () => {
    expect(json.resource.cloudflare_r2_bucket_lifecycle.ghost_backups_dev).toEqual({
      account_id: ACCOUNT,
      bucket_name: '${cloudflare_r2_bucket.ghost_backups_dev.name}',
      rules: [
        {
          id: 'abort-incomplete-multipart-uploads',
          enabled: true,
          conditions: { prefix: '' },
          abort_multipart_uploads_transition: { condition: { type: 'Age', max_age: 86_400 } },
        },
        {
          id: 'expire-superseded-backups',
          enabled: true,
          conditions: { prefix: 'previous/' },
          delete_objects_transition: { condition: { type: 'Age', max_age: 30 * 86_400 } },
        },
      ],
    });
  });

  it('keeps prod backups for 90 days', () => {
    const rules = prod.resource.cloudflare_r2_bucket_lifecycle.ghost_backups_prod.rules;
    expect(rules[1].delete_objects_transition).toEqual({ condition: { type: 'Age', max_age: 90 * 86_400 } });
  });

  it('takes its expiry from the environment’s configuration', () => {
    const dev = environment('dev');
    const custom = synthR2Backups({ ...dev, ghostBackup: { ...dev.ghostBackup, expiryDays: 7, abortMultipartDays: 2 } }).json;
    const rules = custom.resource.cloudflare_r2_bucket_lifecycle.ghost_backups_dev.rules;
    expect(rules[0].abort_multipart_uploads_transition.condition.max_age).toBe(2 * 86_400);
    expect(rules[1].delete_objects_transition.condition.max_age).toBe(7 * 86_400);
  });

  it('never expires the live mirror: the age rule covers only the superseded copies', () => {
    for (const env of ['dev', 'staging', 'prod'] as const) {
      const rules = synthR2Backups(environment(env)).json.resource.cloudflare_r2_bucket_lifecycle[`ghost_backups_${env}`].rules;
      const expiring = rules.filter((rule: any) => rule.delete_objects_transition);
      expect(expiring.map((rule: any) => rule.conditions.prefix)).toEqual(['previous/']);
    }
    const dev = environment('dev');
    expect(() => synthR2Backups({ ...dev, ghostBackup: { ...dev.ghostBackup, expiryPrefix: '' } })).toThrow(
      'GhostBackupBucket: ghostBackup.expiryPrefix must be a non-empty prefix ending in "/", got ""',
    );
  });

  it('outputs the bucket name for the backup job', () => {
    expect(json.output.r2_bucket_dev).toEqual({
      value: '${cloudflare_r2_bucket.ghost_backups_dev.name}',
      description: expect.stringContaining('dev'),
    });
  });
});
