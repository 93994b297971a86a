/**
 * The synthesis and its one reader: every problem a value naming the file, a record of the inputs,
 * re-synthesis when they differ, and a failed synthesis that leaves the previous output intact.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesizeRepo } from '../src';
import { describeSynthesisError, ensureSynthesis, readSynthesis, readSynthesisRecord, staleness, SYNTHESIS_RECORD_FILE } from '../src/synthesis';

// cdktf's record of where each token was created is not source-mapped in these tests (see the helper).

const ROOT = join(__dirname, '..', '..', '..');
const base = mkdtempSync(join(tmpdir(), 'raxx-synthesis-'));
const good = join(base, 'good');
synthesizeRepo(good, { RAXX_DEV_AWS_ACCOUNT_ID: '111111111111', TFC_WORKLOAD_IDENTITY_TOKEN: 'not-recorded', RAXX_RUN_TASK_HMAC_KEY: 'not-recorded-either' });

/**
 * One run of the synth command over a copy of the good output that holds what a new synthesis must
 * keep or remove: tomoda-dev has Terraform's .terraform/; r2-backups (gone from the app) has a
 * .terraform/ and a stale cdk.tf.json; terraform-cloud (not synthesized without TFC_ORGANIZATION) has a
 * cdk.tf.json. Started before the first test (dist/ brought up to date first, so it does not build),
 * beside the others; the two tests of the synth command await it.
 */
const rerun = join(mkdtempSync(join(base, 'rerun-')), 'cdktf.out');
let synthCommandRun: Promise<{ status: number | null }>;
beforeAll(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require(join(ROOT, 'apps/infra/build.js')) as { buildWorkspaces: () => void }).buildWorkspaces();
  cpSync(good, rerun, { recursive: true });
  mkdirSync(join(rerun, 'stacks', 'tomoda-dev', '.terraform'));
  mkdirSync(join(rerun, 'stacks', 'r2-backups', '.terraform'), { recursive: true });
  writeFileSync(join(rerun, 'stacks', 'r2-backups', 'cdk.tf.json'), '{}');
  mkdirSync(join(rerun, 'stacks', 'terraform-cloud'), { recursive: true });
  writeFileSync(join(rerun, 'stacks', 'terraform-cloud', 'cdk.tf.json'), '{}');
  synthCommandRun = new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'apps/infra/bin/synth.js'), '--outdir', rerun], { env: { PATH: process.env.PATH }, stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status }));
  });
});

/** A copy of the good output with one stack's configuration edited. */
function withEditedStack(name: string, edit: (configuration: Record<string, any>) => void): string {
  const dir = mkdtempSync(join(base, 'edited-'));
  cpSync(good, dir, { recursive: true });
  const path = join(dir, 'stacks', name, 'cdk.tf.json');
  const configuration = JSON.parse(readFileSync(path, 'utf8'));
  edit(configuration);
  writeFileSync(path, JSON.stringify(configuration));
  return dir;
}

function readError(outdir: string): string {
  const output = readSynthesis(outdir);
  if (output.ok) throw new Error('expected an error');
  return describeSynthesisError(output.error);
}

describe('the reader', () => {
  test('reads every stack the manifest names, with its working directory and parsed configuration', () => {
    const output = readSynthesis(good);
    if (!output.ok) throw new Error(describeSynthesisError(output.error));
    const tomoda = output.value.stacks.find((stack) => stack.name === 'tomoda-dev');
    expect(tomoda?.directory).toBe(join(good, 'stacks', 'tomoda-dev'));
    expect(Object.keys(tomoda?.configuration.resource?.aws_iam_access_key ?? {})).toEqual(['eso_reader_key_a', 'uploader_key_a']);
  });

  test('an unclosed ${ names the file, the attribute and where it opens', () => {
    const dir = withEditedStack('tomoda-dev', (c) => (c.resource.aws_iam_user_policy.uploader_policy.user = '${aws_iam_user.uploader.name'));
    expect(readError(dir)).toBe(
      `malformed synthesized output ${join(dir, 'stacks', 'tomoda-dev', 'cdk.tf.json')}: resource.aws_iam_user_policy.uploader_policy.user: unclosed "\${" at character 0 ("\${aws_iam_user.uploader.name")`,
    );
  });

  test('backend.remote: null is named, not a crash', () => {
    const dir = withEditedStack('tomoda-dev', (c) => (c.terraform.backend = { remote: null }));
    expect(readError(dir)).toBe(`malformed synthesized output ${join(dir, 'stacks', 'tomoda-dev', 'cdk.tf.json')}: terraform.backend.remote is null, not an object`);
  });

  test('resource.aws_iam_access_key as an array is refused, never a stack silently without keys', () => {
    const dir = withEditedStack('tomoda-prod', (c) => (c.resource.aws_iam_access_key = [c.resource.aws_iam_access_key]));
    expect(readError(dir)).toBe(
      `malformed synthesized output ${join(dir, 'stacks', 'tomoda-prod', 'cdk.tf.json')}: resource.aws_iam_access_key is an array, not an object of named blocks`,
    );
  });

  test('a missing manifest says how to make one; a manifest that is not JSON says so', () => {
    const empty = mkdtempSync(join(base, 'empty-'));
    expect(readError(empty)).toBe(`no synthesized output at ${join(empty, 'manifest.json')}: run \`npm run synth\` (or pass --synth-dir)`);
    writeFileSync(join(empty, 'manifest.json'), '{ not json');
    expect(readError(empty)).toMatch(/^malformed synthesized output .*manifest\.json: not JSON \(/);
  });
});

describe('the synthesis record', () => {
  test('records the configuration variables in effect and the backend, never a variable named like a secret (TFC_WORKLOAD_IDENTITY_TOKEN, RAXX_RUN_TASK_HMAC_KEY)', () => {
    const record = readSynthesisRecord(good);
    if (!record.ok) throw new Error(describeSynthesisError(record.error));
    expect(record.value.inputs.variables).toEqual({ RAXX_DEV_AWS_ACCOUNT_ID: '111111111111' });
    expect(record.value.inputs.backend).toEqual({ kind: 'local' });
    expect(readFileSync(join(good, SYNTHESIS_RECORD_FILE), 'utf8')).not.toContain('not-recorded');
  });

  test('every configuration variable counts, not a fixed list: a slot declaration, reviewers, Terraform Cloud settings', () => {
    const recorded = { RAXX_DEV_AWS_ACCOUNT_ID: '111111111111' };
    expect(staleness(good, { ...recorded, RAXX_PROD_UPLOADER_KEY_SLOTS: 'b+active-standby' })).toBe('configuration variables changed: RAXX_PROD_UPLOADER_KEY_SLOTS');
    expect(staleness(good, { ...recorded, RAXX_PROD_GITHUB_REVIEWERS: 'team:1' })).toBe('configuration variables changed: RAXX_PROD_GITHUB_REVIEWERS');
    expect(staleness(good, { ...recorded, TFC_AGENT_POOL: 'pool' })).toBe('configuration variables changed: TFC_AGENT_POOL');
    expect(staleness(good, { ...recorded, TFE_TOKEN: 'x', RAXX_RUN_TASK_HMAC_KEY: 'y' })).toBeUndefined();
  });

  test('an output synthesized with other variables is stale, naming them', () => {
    expect(staleness(good, { RAXX_DEV_AWS_ACCOUNT_ID: '111111111111' })).toBeUndefined();
    expect(staleness(good, { RAXX_DEV_AWS_ACCOUNT_ID: '111111111111', TFC_ORGANIZATION: 'acme' })).toBe('configuration variables changed: TFC_ORGANIZATION');
    expect(staleness(join(base, 'nowhere'), {})).toBe('not synthesized yet');
  });
});

describe('ensureSynthesis', () => {
  test('re-synthesizes when the inputs differ (a local synthesis, then TFC_ORGANIZATION=acme), and not when they match', () => {
    const outdir = mkdtempSync(join(base, 'ensure-'));
    cpSync(good, outdir, { recursive: true });
    const manifest = join(outdir, 'manifest.json');
    const before = statSync(manifest).mtimeMs;
    const same = ensureSynthesis({ outdir, vars: { RAXX_DEV_AWS_ACCOUNT_ID: '111111111111' } });
    expect(same.ok).toBe(true);
    expect(statSync(manifest).mtimeMs).toBe(before);

    const cloud = ensureSynthesis({ outdir, vars: { TFC_ORGANIZATION: 'acme', RAXX_RUN_TASK_URL: 'https://run-task.acme.test/' } });
    if (!cloud.ok) throw new Error(describeSynthesisError(cloud.error));
    const tomoda = cloud.value.stacks.find((stack) => stack.name === 'tomoda-prod');
    expect(tomoda?.configuration.terraform?.cloud).toEqual({ organization: 'acme', workspaces: { name: 'raxx-tomoda-prod' } });
  }, 60_000);

  test('a failed synthesis is one line and leaves the previous output byte for byte, with no staging folder', () => {
    const parent = mkdtempSync(join(base, 'failed-'));
    const outdir = join(parent, 'cdktf.out');
    cpSync(good, outdir, { recursive: true });
    mkdirSync(join(outdir, 'stacks', 'tomoda-dev', '.terraform'));
    const before = readFileSync(join(outdir, 'stacks', 'tomoda-dev', 'cdk.tf.json'), 'utf8');
    const result = ensureSynthesis({ outdir, vars: { RAXX_PROD_AWS_ACCOUNT_ID: 'prod' } });
    expect(result.ok ? 'ok' : describeSynthesisError(result.error)).toBe('synthesis failed: synth: RAXX_PROD_AWS_ACCOUNT_ID="prod" is not a 12-digit AWS account id');
    expect(readFileSync(join(outdir, 'stacks', 'tomoda-dev', 'cdk.tf.json'), 'utf8')).toBe(before);
    expect(readdirSync(parent)).toEqual(['cdktf.out']);
    expect(readdirSync(join(outdir, 'stacks', 'tomoda-dev')).sort()).toEqual(['.terraform', 'cdk.tf.json']);
  }, 60_000);

  describe('a successful synthesis by the synth command, over an output folder that holds Terraform\'s folders and stale stacks', () => {
    test('keeps what else the output folder holds (a stack\'s .terraform/)', async () => {
      expect((await synthCommandRun).status).toBe(0);
      expect(readdirSync(join(rerun, 'stacks', 'tomoda-dev')).sort()).toEqual(['.terraform', 'cdk.tf.json']);
      expect(readdirSync(join(rerun, '..'))).toEqual(['cdktf.out']);
    }, 60_000);

    test('a stack the new synthesis no longer has loses its configuration (nothing stale to plan), keeping Terraform\'s own folder', async () => {
      expect((await synthCommandRun).status).toBe(0);
      expect(readdirSync(join(rerun, 'stacks', 'r2-backups'))).toEqual(['.terraform']);
      expect(readdirSync(join(rerun, 'stacks')).includes('terraform-cloud')).toBe(false);
      expect(readdirSync(join(rerun, 'stacks', 'tomoda-prod'))).toEqual(['cdk.tf.json']);
    }, 60_000);
  });
});
