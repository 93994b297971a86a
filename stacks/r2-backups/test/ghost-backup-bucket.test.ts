import { environment, synthR2Backups } from './synth';

const { json } = synthR2Backups(environment('dev'));
const ACCOUNT = '0123456789abcdef0123456789abcdef';

describe('the Ghost backup bucket', () => {
  it.each(['dev', 'staging', 'prod'] as const)('is ghost-backups-%s in the configured Cloudflare account', (env) => {
    const stack = synthR2Backups(environment(env)).json;
    expect(stack.resource.cloudflare_r2_bucket).toEqual({ [`ghost_backups_${env}`]: { account_id: ACCOUNT, name: `ghost-backups-${env}` } });
  });

  it('aborts incomplete multipart uploads after a day, and that is its only rule', () => {
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
      ],
    });
  });

  it('takes the multipart clean-up age from the environment’s configuration', () => {
    const dev = environment('dev');
    const custom = synthR2Backups({ ...dev, ghostBackup: { ...dev.ghostBackup, abortMultipartDays: 2 } }).json;
    expect(custom.resource.cloudflare_r2_bucket_lifecycle.ghost_backups_dev.rules[0].abort_multipart_uploads_transition.condition.max_age).toBe(2 * 86_400);
  });

  // ghost-r2-backup-jit-credentials.txt: `rclone sync /var/mnt/storage "r2:$BACKUP_BUCKET"` mirrors to
  // the bucket root without --backup-dir, so every object is live backup data.
  it('never deletes an object of the live mirror: no rule of any environment deletes objects, and none names a prefix the seed does not write', () => {
    for (const env of ['dev', 'staging', 'prod'] as const) {
      const rules = synthR2Backups(environment(env)).json.resource.cloudflare_r2_bucket_lifecycle[`ghost_backups_${env}`].rules;
      expect(rules.filter((rule: any) => rule.delete_objects_transition || rule.storage_class_transitions)).toEqual([]);
      expect(rules.map((rule: any) => rule.conditions.prefix)).toEqual(['']);
    }
  });

  it('outputs the bucket name for the backup job', () => {
    expect(json.output.r2_bucket_dev).toEqual({
      value: '${cloudflare_r2_bucket.ghost_backups_dev.name}',
      description: expect.stringContaining('dev'),
    });
  });
});
