/**
 * `--strategy` on the command line, against the real repository: the default stays today's
 * taint-and-replace runbook (of the active slot), two-slot prints the phased runbook, and FreeScout's
 * key gets the seed's emergency path with `--strategy replace`; misuse is one line and exit 2.
 */
import type { CliResult } from '../support/cli-harness';
import { rotate } from '../support/cli-harness';
import { temporaryDirectories } from '../support/temporary-directories';
import { realRepository } from '../support/two-slot-repo';

jest.setTimeout(120_000);

const temporary = temporaryDirectories();

const outcomes = new Map<string, CliResult>();

beforeAll(async () => {
  const synth = ['--synth-dir', temporary.adopt((await realRepository()).outdir)];
  const rotating = ['--synth-dir', temporary.adopt((await realRepository({ RAXX_PROD_UPLOADER_KEY_SLOTS: 'b+active-standby' })).outdir)];
  const cases: Array<[string, string[]]> = [
    ['default', ['plan', '--target', 'uploader_key', '--stack', 'tomoda-prod', ...synth]],
    ['replace', ['plan', '--target', 'uploader_key', '--stack', 'tomoda-prod', '--strategy', 'replace', ...synth]],
    ['two-slot', ['plan', '--target', 'uploader_key', '--stack', 'tomoda-prod', '--strategy', 'two-slot', ...synth]],
    ['freescout default', ['plan', '--target', 'freescout_backup_key', ...synth]],
    ['freescout replace', ['plan', '--target', 'freescout_backup_key', '--strategy', 'replace', ...synth]],
    ['bad strategy', ['plan', '--target', 'uploader_key', '--strategy', 'rolling', ...synth]],
    ['cbd in state', ['plan', '--target', 'uploader_key', '--stack', 'tomoda-prod', '--strategy', 'create-before-delete', ...synth]],
    ['phase without two-slot', ['verify', '--plan', '-', '--target', 'uploader_key', '--phase', '1', ...synth]],
    ['two-slot without phase', ['verify', '--plan', '-', '--target', 'uploader_key', '--strategy', 'two-slot', ...synth]],
    ['absent slot', ['plan', '--target', 'aws_iam_access_key.uploader_key_b', ...synth]],
    ['standby slot', ['plan', '--target', 'aws_iam_access_key.uploader_key_a', '--stack', 'tomoda-prod', ...rotating]],
    ['list', ['list', ...synth]],
  ];
  // RAXX_PROD_UPLOADER_KEY_SLOTS emptied: the declaration comes from the synthesized output, whatever this shell exports.
  await Promise.all(cases.map(async ([name, args]) => outcomes.set(name, await rotate(args, { env: { RAXX_PROD_UPLOADER_KEY_SLOTS: '' } }))));
});

describe('the default strategy is still the emergency taint-and-replace runbook, on the active slot', () => {
  test('default output: replace the active slot, taint equivalent, the exact Plan line', () => {
    const { status, stdout } = outcomes.get('default') as CliResult;
    expect(status).toBe(0);
    expect(stdout.startsWith('# Rotate `uploader_key` in `tomoda-prod`\n')).toBe(true);
    expect(stdout).toMatch(/terraform -chdir=\S+ plan -replace=aws_iam_access_key\.uploader_key_a -out="\$PLAN_DIR\/uploader_key-tomoda-prod\.tfplan"/);
    expect(stdout).toMatch(/terraform -chdir=\S+ taint aws_iam_access_key\.uploader_key_a /);
    expect(stdout).toContain('Plan: 2 to add, 1 to change, 2 to destroy.');
    expect(stdout).toContain('-/+ resource "aws_iam_access_key" "uploader_key_a" {');
  });

  test('--strategy replace is the default, spelled out', () => {
    expect(outcomes.get('replace')).toEqual(outcomes.get('default'));
  });

  test('--strategy two-slot prints the phased runbook (phases synthesized by the CLI itself)', () => {
    const { status, stdout, stderr } = outcomes.get('two-slot') as CliResult;
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout.startsWith('# Rotate `uploader_key` in `tomoda-prod`: two slots, no outage\n')).toBe(true);
    expect([...stdout.matchAll(/^Plan: .*$/gm)].map((match) => match[0])).toEqual([
      'Plan: 2 to add, 1 to change, 0 to destroy.',
      'Plan: 0 to add, 1 to change, 0 to destroy.',
      'Plan: 0 to add, 0 to change, 2 to destroy.',
    ]);
  });

  test('list names the strategies of every key', () => {
    const { stdout } = outcomes.get('list') as CliResult;
    expect(stdout).toContain('| `uploader_key` | `aws_iam_access_key.uploader_key_a` | in state, two slots (declared `a`): `--strategy two-slot`; emergency: replace the active slot |');
    expect(stdout).toContain('| `freescout_backup_key` | `aws_iam_user.freescout_backup` | out of state: create-before-delete (freescout-backup-iam-runbook.txt); emergency: `--strategy replace` |');
  });
});

describe('FreeScout: create-before-delete by default, the emergency path with --strategy replace', () => {
  test('the default waits on the dispatched run by id, never on the newest run of the list', () => {
    const { status, stdout } = outcomes.get('freescout default') as CliResult;
    expect(status).toBe(0);
    expect(stdout).toContain('## 3. Rotate: create before delete');
    expect(stdout).not.toContain('--limit 1');
    const dispatchedAt = stdout.indexOf('DISPATCHED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)');
    const dispatch = stdout.indexOf('gh workflow run freescout-backup.yml --field dry_run=true --repo raxx-app/TradeMasterAPI');
    const watch = stdout.indexOf('gh run watch "$RUN_ID" --repo raxx-app/TradeMasterAPI --exit-status');
    expect(dispatchedAt).toBeGreaterThan(0);
    expect(dispatchedAt).toBeLessThan(dispatch);
    expect(dispatch).toBeLessThan(watch);
    expect(stdout).toContain('--event workflow_dispatch --user "$GH_USER" --created "$DISPATCHED_AT..*" --json databaseId');
  });

  test('--strategy replace revokes every key at once, then escalates, then issues a replacement', () => {
    const { status, stdout } = outcomes.get('freescout replace') as CliResult;
    expect(status).toBe(0);
    expect(stdout.startsWith('# Emergency: revoke `freescout_backup_key` in `freescout-backup` (out of Terraform state)\n')).toBe(true);
    const headings = [...stdout.matchAll(/^## .*$/gm)].map((match) => match[0]);
    expect(headings).toEqual([
      '## 1. Prepare',
      '## 2. Revoke every key at once',
      '## 3. Escalate to the operator',
      '## 4. Issue a replacement ("Key generation")',
      '## 5. Dry run with the new key, watching the run just dispatched',
      '## 6. Verify',
      '## 7. Risks',
    ]);
    expect(stdout).toContain(
      `for KEY_ID in $(aws iam list-access-keys --user-name raxx-freescout-backup --region us-east-1 --query 'AccessKeyMetadata[].AccessKeyId' --output text); do aws iam delete-access-key --user-name raxx-freescout-backup --access-key-id "$KEY_ID" --region us-east-1; done`,
    );
    expect(stdout).toContain('echo "All keys revoked — backup workflow will fail until new key provisioned"');
    expect(stdout).toContain('suspected key compromise means revoke immediately, then escalate');
    expect(stdout).toContain('the backup has not run for more than 24 hours');
    expect(stdout).toContain('gh run watch "$RUN_ID" --repo raxx-app/TradeMasterAPI --exit-status');
    expect(stdout).not.toContain('--limit 1');
    expect(stdout).not.toContain('--body');
  });
});

describe('misuse is one line and exit 2', () => {
  test.each([
    ['bad strategy', 'rotate: --strategy must be replace, two-slot, create-before-delete, not "rolling"\n'],
    ['cbd in state', 'rotate: --strategy create-before-delete does not apply to uploader_key in stack tomoda-prod (a key in Terraform state: replace or two-slot)\n'],
    ['phase without two-slot', 'rotate: --phase applies to rotate verify --strategy two-slot\n'],
    ['two-slot without phase', 'rotate: rotate verify --strategy two-slot needs --phase <1|2|3>\n'],
    ['absent slot', 'rotate: unknown target "aws_iam_access_key.uploader_key_b"; rotatable targets: eso_reader_key, freescout_backup_key, r2_backup_token_dev, r2_backup_token_prod, r2_backup_token_staging, uploader_key\n'],
    ['standby slot', 'rotate: "aws_iam_access_key.uploader_key_a" is the active-standby slot of uploader_key in stack "tomoda-prod", not a target of its own; rotate the credential: --target uploader_key\n'],
  ])('%s', (name, message) => {
    const outcome = outcomes.get(name) as CliResult;
    expect(outcome).toEqual({ status: 2, stdout: '', stderr: message });
  });
});
