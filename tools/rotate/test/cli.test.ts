import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWorkspaces, FIXTURE_OUTDIR, WORKSPACE_ROOT } from './fixture-repo';

const CLI = join(WORKSPACE_ROOT, 'tools', 'rotate', 'dist', 'cli.js');

function rotate(...args: string[]): { stdout: string; stderr: string; status: number | null } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: WORKSPACE_ROOT, encoding: 'utf8' });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

function withFixture(...args: string[]): ReturnType<typeof rotate> {
  return rotate(...args, '--synth-dir', FIXTURE_OUTDIR);
}

function expectOneLineError(result: ReturnType<typeof rotate>, message: string): void {
  expect(result.status).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toBe(`rotate: ${message}\n`);
}

beforeAll(() => buildWorkspaces());

describe('rotate list', () => {
  test('lists every rotatable target per stack with how it is rotated', () => {
    const result = withFixture('list');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('## app-dev\n\n| target | address | rotation |\n|---|---|---|\n| `reader_key` | `aws_iam_access_key.reader_key` | in state: replace (`terraform apply -replace`) |');
    expect(result.stdout).toContain('| `backup_key` | `aws_iam_user.backup` | out of state: create-before-delete (freescout-backup-iam-runbook.txt); emergency: `--strategy replace` |');
  });

  test('--stack lists only that stack', () => {
    const listed = JSON.parse(withFixture('list', '--stack', 'manual', '--format', 'json').stdout);
    expect(listed).toEqual({ stacks: [{ stack: 'manual', targets: [{ name: 'backup_key', address: 'aws_iam_user.backup', rotation: 'create-before-delete' }] }] });
  });

  test('--stack of a stack without keys says so', () => {
    expect(withFixture('list', '--stack', 'consumer').stdout).toBe('# Rotatable targets\n\nStack `consumer` holds no rotatable key.\n');
  });

  test('as JSON', () => {
    const listed = JSON.parse(withFixture('list', '--format', 'json').stdout);
    expect(listed.stacks.map((stack: { stack: string }) => stack.stack)).toEqual(['app-dev', 'backup-env', 'consumer', 'manual', 'tokens']);
    expect(listed.stacks[3].targets).toEqual([{ name: 'backup_key', address: 'aws_iam_user.backup', rotation: 'create-before-delete' }]);
  });
});

describe('rotate plan', () => {
  test('markdown by default when stdout is not a terminal, one section per stack', () => {
    const result = withFixture('plan', '--target', 'uploader_key');
    expect(result.status).toBe(0);
    expect(result.stdout.startsWith('# Rotate `uploader_key` in `app-dev`')).toBe(true);
  });

  test('--format json is the plan value', () => {
    const plans = JSON.parse(withFixture('plan', '--target=backup_token', '--format', 'json').stdout).plans;
    expect(plans[0].kind).toBe('replace');
    expect(plans[0].expected.summary).toEqual({ add: 1, change: 0, destroy: 1 });
  });

  test('--out replaces an existing regular file', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'rotate-out-')), 'runbook.md');
    writeFileSync(out, 'old');
    expect(withFixture('--target', 'backup_key', '--out', out)).toEqual({ stdout: '', stderr: '', status: 0 });
    expect(readFileSync(out, 'utf8')).toContain('# Rotate `backup_key` in `manual`');
  });

  test('--out writes the file and prints nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rotate-out-'));
    const out = join(dir, 'runbook.md');
    const result = withFixture('--target', 'backup_key', '--out', out);
    expect(result).toEqual({ stdout: '', stderr: '', status: 0 });
    expect(readFileSync(out, 'utf8')).toContain('## 3. Rotate: create before delete');
  });
});

describe('bad input is one line on stderr, a non-zero exit, no stack trace and no partial --out file', () => {
  test('unknown target lists the targets', () => {
    expectOneLineError(withFixture('plan', '--target', 'nope'), 'unknown target "nope"; rotatable targets: backup_key, backup_token, deploy, reader_key, uploader_key, vault_token');
  });
  test('unknown stack lists the stacks', () => {
    expectOneLineError(withFixture('plan', '--target', 'uploader_key', '--stack', 'prod'), 'unknown stack "prod"; stacks: app-dev, backup-env, consumer, manual, tokens');
  });
  test('a target in another stack names its stacks', () => {
    expectOneLineError(withFixture('plan', '--target', 'uploader_key', '--stack', 'tokens'), 'target "uploader_key" is not in stack "tokens"; stacks that hold it: app-dev');
  });
  test('an ambiguous name lists the addresses', () => {
    expectOneLineError(withFixture('plan', '--target', 'deploy'), 'target "deploy" is ambiguous in stack "tokens": aws_iam_access_key.deploy, cloudflare_api_token.deploy; pass the full address');
  });
  test('an unknown format names the three it accepts; terminal is one of them', () => {
    expectOneLineError(withFixture('plan', '--target', 'uploader_key', '--format', 'yaml'), '--format must be markdown, json or terminal, not "yaml"');
    const terminal = withFixture('plan', '--target', 'uploader_key', '--format', 'terminal');
    expect(terminal.status).toBe(0);
    expect(terminal.stderr).toBe('');
  });
  test('missing synthesized output', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rotate-empty-'));
    expectOneLineError(rotate('list', '--synth-dir', dir), `no synthesized output at ${join(dir, 'manifest.json')}: run \`npm run synth\` (or pass --synth-dir)`);
  });
  test('malformed synthesized output', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rotate-bad-'));
    mkdirSync(join(dir, 'stacks', 'x'), { recursive: true });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ stacks: { x: { synthesizedStackPath: 'stacks/x/cdk.tf.json', workingDirectory: 'stacks/x' } } }));
    writeFileSync(join(dir, 'stacks', 'x', 'cdk.tf.json'), '{"resource": ');
    const result = rotate('list', '--synth-dir', dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^rotate: malformed synthesized output .*cdk\.tf\.json: not JSON \(.*\)\n$/);
  });
  describe('a synthesized stack Terraform could not read is refused with one line naming the file and the attribute (exit 2, never exit 70, never a stack silently dropped)', () => {
    /** A copy of the fixture repo with app-dev's configuration edited. */
    function editedFixture(edit: (configuration: Record<string, any>) => void): { dir: string; file: string } {
      const dir = mkdtempSync(join(tmpdir(), 'rotate-edited-'));
      cpSync(FIXTURE_OUTDIR, dir, { recursive: true });
      rmSync(join(dir, '.rotate-references.json'), { force: true });
      const file = join(dir, 'stacks', 'app-dev', 'cdk.tf.json');
      const configuration = JSON.parse(readFileSync(file, 'utf8'));
      edit(configuration);
      writeFileSync(file, JSON.stringify(configuration));
      return { dir, file };
    }

    test('an unclosed ${', () => {
      const { dir, file } = editedFixture((c) => (c.resource.aws_iam_user.uploader.name = 'prefix-${var.suffix'));
      expectOneLineError(rotate('plan', '--target', 'uploader_key', '--synth-dir', dir), `malformed synthesized output ${file}: resource.aws_iam_user.uploader.name: unclosed "\${" at character 7 ("\${var.suffix")`);
    });

    test('backend.remote: null', () => {
      const { dir, file } = editedFixture((c) => (c.terraform = { backend: { remote: null } }));
      expectOneLineError(rotate('list', '--synth-dir', dir), `malformed synthesized output ${file}: terraform.backend.remote is null, not an object`);
    });

    test('resource.aws_iam_access_key as an array', () => {
      const { dir, file } = editedFixture((c) => (c.resource.aws_iam_access_key = [c.resource.aws_iam_access_key]));
      expectOneLineError(rotate('list', '--synth-dir', dir), `malformed synthesized output ${file}: resource.aws_iam_access_key is an array, not an object of named blocks`);
    });
  });

  test.each([
    ['the entry of a stack', (entry: { hash: string; references: Record<string, unknown> }) => ({ ...entry, references: null })],
    ['the references of one expression', (entry: { hash: string; references: Record<string, unknown> }) => ({ ...entry, references: { ...entry.references, [Object.keys(entry.references)[0]]: null } })],
  ])('a null in the reference cache (%s) is discarded and rebuilt, never sticky', (_, corrupt) => {
    const dir = mkdtempSync(join(tmpdir(), 'rotate-cache-'));
    cpSync(FIXTURE_OUTDIR, dir, { recursive: true });
    const cache = join(dir, '.rotate-references.json');
    rmSync(cache, { force: true });
    const clean = rotate('plan', '--target', 'uploader_key', '--synth-dir', dir);
    const written = JSON.parse(readFileSync(cache, 'utf8'));
    writeFileSync(cache, JSON.stringify({ ...written, stacks: { ...written.stacks, 'app-dev': corrupt(written.stacks['app-dev']) } }));
    const first = rotate('plan', '--target', 'uploader_key', '--synth-dir', dir);
    expect({ status: first.status, stderr: first.stderr, stdout: first.stdout }).toEqual({ status: 0, stderr: '', stdout: clean.stdout });
    expect(JSON.parse(readFileSync(cache, 'utf8')).stacks['app-dev']).toEqual(written.stacks['app-dev']);
  });


  test('an unwritable --out leaves no file behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rotate-out-'));
    const out = join(dir, 'missing-dir', 'runbook.md');
    expectOneLineError(withFixture('plan', '--target', 'uploader_key', '--out', out), `cannot write ${out}: ENOENT`);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
  test('--out onto a symlink is refused and the link and its target stay as they were', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rotate-out-'));
    writeFileSync(join(dir, 'kept.md'), 'kept');
    symlinkSync(join(dir, 'kept.md'), join(dir, 'link.md'));
    expectOneLineError(withFixture('plan', '--target', 'uploader_key', '--out', join(dir, 'link.md')), `cannot write ${join(dir, 'link.md')}: it is a symbolic link; --out writes only to a regular file or a new path`);
    expect(readlinkSync(join(dir, 'link.md'))).toBe(join(dir, 'kept.md'));
    expect(readFileSync(join(dir, 'kept.md'), 'utf8')).toBe('kept');
    expect(readdirSync(dir).sort()).toEqual(['kept.md', 'link.md']);
  });
  test('--out onto a FIFO is refused and the FIFO stays', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rotate-out-'));
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    expectOneLineError(withFixture('plan', '--target', 'uploader_key', '--out', join(dir, 'pipe')), `cannot write ${join(dir, 'pipe')}: it is a FIFO; --out writes only to a regular file or a new path`);
    expect(lstatSync(join(dir, 'pipe')).isFIFO()).toBe(true);
  });
  test('--out onto a device is refused', () => {
    expectOneLineError(withFixture('plan', '--target', 'uploader_key', '--out', '/dev/null'), 'cannot write /dev/null: it is a device; --out writes only to a regular file or a new path');
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
  });
  test('--out onto a directory is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rotate-out-'));
    expectOneLineError(withFixture('list', '--out', dir), `cannot write ${dir}: it is a directory; --out writes only to a regular file or a new path`);
  });
  test('--out under a regular file is exit 2, naming the file (not an internal error)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rotate-out-'));
    writeFileSync(join(dir, 'file'), 'kept');
    expectOneLineError(withFixture('plan', '--target', 'uploader_key', '--out', join(dir, 'file', 'runbook.md')), `cannot write ${join(dir, 'file', 'runbook.md')}: ${join(dir, 'file')} is a regular file, not a directory`);
    expect(readFileSync(join(dir, 'file'), 'utf8')).toBe('kept');
  });
  test('shadow --dir under a regular file is exit 2, not an internal error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rotate-out-'));
    writeFileSync(join(dir, 'file'), 'kept');
    expectOneLineError(withFixture('shadow', '--stack', 'app-dev', '--dir', join(dir, 'file', 'shadow')), `cannot write ${join(dir, 'file', 'shadow')}: ENOTDIR`);
  });
  test('list --stack of an unknown stack', () => {
    expectOneLineError(withFixture('list', '--stack', 'nope'), 'unknown stack "nope"; stacks: app-dev, backup-env, consumer, manual, tokens');
  });
  test('an option the command does not honour is refused, not ignored', () => {
    expectOneLineError(withFixture('verify', '--plan', '-', '--target', 'uploader_key', '--out', 'verdict.txt'), 'rotate verify does not take --out (it takes --plan, --run, --target, --stack, --allow-extra, --strategy, --phase, --synth-dir)');
    expectOneLineError(withFixture('list', '--target', 'uploader_key'), 'rotate list does not take --target (it takes --stack, --format, --out, --synth-dir)');
    expectOneLineError(withFixture('plan', '--target', 'uploader_key', '--allow-extra', 'x'), 'rotate plan does not take --allow-extra (it takes --target, --stack, --strategy, --format, --out, --synth-dir)');
  });
  test('--allow-extra takes an address, a type or an output', () => {
    expectOneLineError(withFixture('verify', '--plan', '-', '--target', 'uploader_key', '--allow-extra', 'a b'), '--allow-extra takes an address, a resource type or output.<name>, not "a b"');
  });
  test('a plan that is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rotate-plan-'));
    writeFileSync(join(dir, 'plan.json'), 'Terraform will perform the following actions:');
    const result = withFixture('verify', '--plan', join(dir, 'plan.json'), '--target', 'uploader_key');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^rotate: malformed plan .*plan\.json: not JSON \(.*\)\n$/);
  });
  test('state JSON instead of a plan', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rotate-plan-'));
    const path = join(dir, 'state.json');
    writeFileSync(path, JSON.stringify({ format_version: '1.0', terraform_version: '1.11.4', values: { root_module: {} } }));
    expectOneLineError(withFixture('verify', '--plan', path, '--target', 'uploader_key'), `${path} is not \`terraform show -json\` plan output: no "resource_changes" (state or provider-schema JSON, not a plan?)`);
  });
  test('JSON without format_version', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rotate-plan-'));
    const path = join(dir, 'other.json');
    writeFileSync(path, JSON.stringify({ resource_changes: [] }));
    expectOneLineError(withFixture('verify', '--plan', path, '--target', 'uploader_key'), `${path} is not \`terraform show -json\` plan output: no "format_version"`);
  });
  test('a missing plan file', () => {
    expectOneLineError(withFixture('verify', '--plan', '/nonexistent/plan.json', '--target', 'uploader_key'), 'cannot read plan /nonexistent/plan.json: ENOENT');
  });
  test('an unknown option', () => {
    const result = withFixture('plan', '--targt', 'x');
    expect(result.status).toBe(2);
    expect(result.stderr.split('\n')).toHaveLength(2);
  });
});
