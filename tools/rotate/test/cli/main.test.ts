import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliResult } from '../support/cli-harness';
import { rotate } from '../support/cli-harness';
import { temporaryDirectories } from '../support/temporary-directories';
import { buildWorkspaces, FIXTURE_OUTDIR, WORKSPACE_ROOT } from '../support/fixture-repo';

// The process tests wait on five node processes started together: seconds on a loaded machine.
jest.setTimeout(60_000);

const temporary = temporaryDirectories();

/**
 * `terraform show -json` state nested deeper than the module walk of `due` can recurse: a bug in the
 * tool, used as the trigger of an internal error (every input error the tool knows of is exit 2).
 */
const TOO_DEEP_STATE = `{"format_version":"1.0","values":{"root_module":${'{"child_modules":['.repeat(20_000)}{}${']}'.repeat(20_000)}}}`;

function withFixture(...args: string[]): Promise<CliResult> {
  return rotate([...args, '--synth-dir', FIXTURE_OUTDIR]);
}

function expectOneLineError(result: CliResult, message: string): void {
  expect(result.status).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toBe(`rotate: ${message}\n`);
}

describe('rotate list', () => {
  test('lists every rotatable target per stack with how it is rotated', async () => {
    const result = await withFixture('list');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('## app-dev\n\n| target | address | rotation |\n|---|---|---|\n| `reader_key` | `aws_iam_access_key.reader_key` | in state: replace (`terraform apply -replace`) |');
    expect(result.stdout).toContain('| `backup_key` | `aws_iam_user.backup` | out of state: create-before-delete (freescout-backup-iam-runbook.txt); emergency: `--strategy replace` |');
  });

  test('--stack lists only that stack', async () => {
    const listed = JSON.parse((await withFixture('list', '--stack', 'manual', '--format', 'json')).stdout);
    expect(listed).toEqual({ stacks: [{ stack: 'manual', targets: [{ name: 'backup_key', address: 'aws_iam_user.backup', rotation: 'create-before-delete' }] }] });
  });

  test('--stack of a stack without keys says so', async () => {
    expect((await withFixture('list', '--stack', 'consumer')).stdout).toBe('# Rotatable targets\n\nStack `consumer` holds no rotatable key.\n');
  });

  test('as JSON', async () => {
    const listed = JSON.parse((await withFixture('list', '--format', 'json')).stdout);
    expect(listed.stacks.map((stack: { stack: string }) => stack.stack)).toEqual(['app-dev', 'backup-env', 'consumer', 'manual', 'tokens']);
    expect(listed.stacks[3].targets).toEqual([{ name: 'backup_key', address: 'aws_iam_user.backup', rotation: 'create-before-delete' }]);
  });
});

describe('rotate plan', () => {
  test('markdown by default when stdout is not a terminal, one section per stack', async () => {
    const result = await withFixture('plan', '--target', 'uploader_key');
    expect(result.status).toBe(0);
    expect(result.stdout.startsWith('# Rotate `uploader_key` in `app-dev`')).toBe(true);
  });

  test('--format json is the plan value', async () => {
    const plans = JSON.parse((await withFixture('plan', '--target=backup_token', '--format', 'json')).stdout).plans;
    expect(plans[0].kind).toBe('replace');
    expect(plans[0].expected.summary).toEqual({ add: 1, change: 0, destroy: 1 });
  });

  test('--out refuses an existing file (a package.json) without --force, and leaves it and its directory as they were', async () => {
    const dir = temporary.make('rotate-out-');
    const manifest = JSON.stringify({ name: 'example', private: true }, null, 2) + '\n';
    writeFileSync(join(dir, 'package.json'), manifest, { mode: 0o600 });
    expectOneLineError(await rotate(['plan', '--target', 'backup_key', '--out', 'package.json', '--synth-dir', FIXTURE_OUTDIR], { cwd: dir }), 'cannot write package.json: it exists; pass --force to replace it');
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe(manifest);
    expect(lstatSync(join(dir, 'package.json')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['package.json']);
  });

  test('--out --force replaces an existing regular file and keeps its mode 600', async () => {
    const dir = temporary.make('rotate-out-');
    const out = join(dir, 'runbook.md');
    writeFileSync(out, 'old', { mode: 0o600 });
    expect(await withFixture('--target', 'backup_key', '--out', out, '--force')).toEqual({ stdout: '', stderr: '', status: 0 });
    expect(readFileSync(out, 'utf8')).toContain('# Rotate `backup_key` in `manual`');
    expect(lstatSync(out).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['runbook.md']);
  });

  test('--out --force keeps a group-readable mode as it was too (640), and writes a new path when nothing is there', async () => {
    const dir = temporary.make('rotate-out-');
    writeFileSync(join(dir, 'shared.md'), 'old');
    chmodSync(join(dir, 'shared.md'), 0o640);
    expect((await withFixture('list', '--out', join(dir, 'shared.md'), '--force')).status).toBe(0);
    expect(lstatSync(join(dir, 'shared.md')).mode & 0o777).toBe(0o640);
    expect((await withFixture('list', '--out', join(dir, 'new.md'), '--force')).status).toBe(0);
    expect(readFileSync(join(dir, 'new.md'), 'utf8')).toContain('# Rotatable targets');
  });

  test('a new --out file gets the mode of any new file: 0666 less the umask (as before --force existed)', async () => {
    const dir = temporary.make('rotate-out-');
    const out = join(dir, 'runbook.md');
    expect((await withFixture('--target', 'backup_key', '--out', out)).status).toBe(0);
    writeFileSync(join(dir, 'reference'), '');
    expect(lstatSync(out).mode & 0o777).toBe(lstatSync(join(dir, 'reference')).mode & 0o777);
    expect(readdirSync(dir).sort()).toEqual(['reference', 'runbook.md']);
  });

  test('--force without --out, or with a value, is refused', async () => {
    expectOneLineError(await withFixture('plan', '--target', 'backup_key', '--force'), '--force applies to --out <file> only: it lets --out replace an existing file');
    expectOneLineError(await withFixture('list', '--out', 'x.md', '--force=yes'), '--force takes no value');
    expectOneLineError(await withFixture('due', '--state', '-', '--force'), 'rotate due does not take --force (it takes --state, --stack, --max-age, --now, --format, --synth-dir)');
  });

  test('--out writes the file and prints nothing', async () => {
    const dir = temporary.make('rotate-out-');
    const out = join(dir, 'runbook.md');
    const result = await withFixture('--target', 'backup_key', '--out', out);
    expect(result).toEqual({ stdout: '', stderr: '', status: 0 });
    expect(readFileSync(out, 'utf8')).toContain('## 3. Rotate: create before delete');
  });
});

describe('bad input is one line on stderr, a non-zero exit, no stack trace and no partial --out file', () => {
  test('unknown target lists the targets', async () => {
    expectOneLineError(await withFixture('plan', '--target', 'nope'), 'unknown target "nope"; rotatable targets: backup_key, backup_token, deploy, reader_key, uploader_key, vault_token');
  });
  test('unknown stack lists the stacks', async () => {
    expectOneLineError(await withFixture('plan', '--target', 'uploader_key', '--stack', 'prod'), 'unknown stack "prod"; stacks: app-dev, backup-env, consumer, manual, tokens');
  });
  test('a target in another stack names its stacks', async () => {
    expectOneLineError(await withFixture('plan', '--target', 'uploader_key', '--stack', 'tokens'), 'target "uploader_key" is not in stack "tokens"; stacks that hold it: app-dev');
  });
  test('an ambiguous name lists the addresses', async () => {
    expectOneLineError(await withFixture('plan', '--target', 'deploy'), 'target "deploy" is ambiguous in stack "tokens": aws_iam_access_key.deploy, cloudflare_api_token.deploy; pass the full address');
  });
  test('an unknown format names the three it accepts; terminal is one of them', async () => {
    expectOneLineError(await withFixture('plan', '--target', 'uploader_key', '--format', 'yaml'), '--format must be markdown, json or terminal, not "yaml"');
    const terminal = await withFixture('plan', '--target', 'uploader_key', '--format', 'terminal');
    expect(terminal.status).toBe(0);
    expect(terminal.stderr).toBe('');
  });
  test('missing synthesized output', async () => {
    const dir = temporary.make('rotate-empty-');
    expectOneLineError(await rotate(['list', '--synth-dir', dir]), `no synthesized output at ${join(dir, 'manifest.json')}: run \`npm run synth\` (or pass --synth-dir)`);
  });
  test('malformed synthesized output', async () => {
    const dir = temporary.make('rotate-bad-');
    mkdirSync(join(dir, 'stacks', 'x'), { recursive: true });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ stacks: { x: { synthesizedStackPath: 'stacks/x/cdk.tf.json', workingDirectory: 'stacks/x' } } }));
    writeFileSync(join(dir, 'stacks', 'x', 'cdk.tf.json'), '{"resource": ');
    const result = await rotate(['list', '--synth-dir', dir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^rotate: malformed synthesized output .*cdk\.tf\.json: not JSON \(.*\)\n$/);
  });
  describe('a synthesized stack Terraform could not read is refused with one line naming the file and the attribute (exit 2, never exit 70, never a stack silently dropped)', () => {
    /** A copy of the fixture repo with app-dev's configuration edited. */
    function editedFixture(edit: (configuration: Record<string, any>) => void): { dir: string; file: string } {
      const dir = temporary.make('rotate-edited-');
      cpSync(FIXTURE_OUTDIR, dir, { recursive: true });
      rmSync(join(dir, '.rotate-references.json'), { force: true });
      const file = join(dir, 'stacks', 'app-dev', 'cdk.tf.json');
      const configuration = JSON.parse(readFileSync(file, 'utf8'));
      edit(configuration);
      writeFileSync(file, JSON.stringify(configuration));
      return { dir, file };
    }

    test('an unclosed ${', async () => {
      const { dir, file } = editedFixture((c) => (c.resource.aws_iam_user.uploader.name = 'prefix-${var.suffix'));
      expectOneLineError(await rotate(['plan', '--target', 'uploader_key', '--synth-dir', dir]), `malformed synthesized output ${file}: resource.aws_iam_user.uploader.name: unclosed "\${" at character 7 ("\${var.suffix")`);
    });

    test('backend.remote: null', async () => {
      const { dir, file } = editedFixture((c) => (c.terraform = { backend: { remote: null } }));
      expectOneLineError(await rotate(['list', '--synth-dir', dir]), `malformed synthesized output ${file}: terraform.backend.remote is null, not an object`);
    });

    test('resource.aws_iam_access_key as an array', async () => {
      const { dir, file } = editedFixture((c) => (c.resource.aws_iam_access_key = [c.resource.aws_iam_access_key]));
      expectOneLineError(await rotate(['list', '--synth-dir', dir]), `malformed synthesized output ${file}: resource.aws_iam_access_key is an array, not an object of named blocks`);
    });
  });

  test.each([
    ['the entry of a stack', (entry: { hash: string; references: Record<string, unknown> }) => ({ ...entry, references: null })],
    ['the references of one expression', (entry: { hash: string; references: Record<string, unknown> }) => ({ ...entry, references: { ...entry.references, [Object.keys(entry.references)[0]]: null } })],
  ])('a null in the reference cache (%s) is discarded and rebuilt, never sticky', async (_, corrupt) => {
    const dir = temporary.make('rotate-cache-');
    cpSync(FIXTURE_OUTDIR, dir, { recursive: true });
    const cache = join(dir, '.rotate-references.json');
    rmSync(cache, { force: true });
    const clean = await rotate(['plan', '--target', 'uploader_key', '--synth-dir', dir]);
    const written = JSON.parse(readFileSync(cache, 'utf8'));
    writeFileSync(cache, JSON.stringify({ ...written, stacks: { ...written.stacks, 'app-dev': corrupt(written.stacks['app-dev']) } }));
    const first = await rotate(['plan', '--target', 'uploader_key', '--synth-dir', dir]);
    expect({ status: first.status, stderr: first.stderr, stdout: first.stdout }).toEqual({ status: 0, stderr: '', stdout: clean.stdout });
    expect(JSON.parse(readFileSync(cache, 'utf8')).stacks['app-dev']).toEqual(written.stacks['app-dev']);
  });


  test('an unwritable --out leaves no file behind', async () => {
    const dir = temporary.make('rotate-out-');
    const out = join(dir, 'missing-dir', 'runbook.md');
    expectOneLineError(await withFixture('plan', '--target', 'uploader_key', '--out', out), `cannot write ${out}: ENOENT`);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
  test('--out onto a symlink is refused and the link and its target stay as they were', async () => {
    const dir = temporary.make('rotate-out-');
    writeFileSync(join(dir, 'kept.md'), 'kept');
    symlinkSync(join(dir, 'kept.md'), join(dir, 'link.md'));
    expectOneLineError(await withFixture('plan', '--target', 'uploader_key', '--out', join(dir, 'link.md')), `cannot write ${join(dir, 'link.md')}: it is a symbolic link; --out writes only to a regular file or a new path`);
    expect(readlinkSync(join(dir, 'link.md'))).toBe(join(dir, 'kept.md'));
    expect(readFileSync(join(dir, 'kept.md'), 'utf8')).toBe('kept');
    expect(readdirSync(dir).sort()).toEqual(['kept.md', 'link.md']);
  });
  test('--out onto a FIFO is refused and the FIFO stays', async () => {
    const dir = temporary.make('rotate-out-');
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    expectOneLineError(await withFixture('plan', '--target', 'uploader_key', '--out', join(dir, 'pipe')), `cannot write ${join(dir, 'pipe')}: it is a FIFO; --out writes only to a regular file or a new path`);
    expect(lstatSync(join(dir, 'pipe')).isFIFO()).toBe(true);
  });
  test('--out onto a device is refused', async () => {
    expectOneLineError(await withFixture('plan', '--target', 'uploader_key', '--out', '/dev/null'), 'cannot write /dev/null: it is a device; --out writes only to a regular file or a new path');
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
  });
  test('--out onto a directory is refused', async () => {
    const dir = temporary.make('rotate-out-');
    expectOneLineError(await withFixture('list', '--out', dir), `cannot write ${dir}: it is a directory; --out writes only to a regular file or a new path`);
  });
  test('--out under a regular file is exit 2, naming the file (not an internal error)', async () => {
    const dir = temporary.make('rotate-out-');
    writeFileSync(join(dir, 'file'), 'kept');
    expectOneLineError(await withFixture('plan', '--target', 'uploader_key', '--out', join(dir, 'file', 'runbook.md')), `cannot write ${join(dir, 'file', 'runbook.md')}: ${join(dir, 'file')} is a regular file, not a directory`);
    expect(readFileSync(join(dir, 'file'), 'utf8')).toBe('kept');
  });
  test('shadow is not a command: the terraform_data shadow is the tests\' oracle, not the tool\'s', async () => {
    expectOneLineError(await withFixture('shadow', '--stack', 'app-dev'), 'unexpected argument "shadow"; commands: plan, list, verify, due');
  });
  test('list --stack of an unknown stack', async () => {
    expectOneLineError(await withFixture('list', '--stack', 'nope'), 'unknown stack "nope"; stacks: app-dev, backup-env, consumer, manual, tokens');
  });
  test('an option the command does not honour is refused, not ignored', async () => {
    expectOneLineError(await withFixture('verify', '--plan', '-', '--target', 'uploader_key', '--out', 'verdict.txt'), 'rotate verify does not take --out (it takes --plan, --run, --target, --stack, --allow-extra, --strategy, --phase, --synth-dir)');
    expectOneLineError(await withFixture('list', '--target', 'uploader_key'), 'rotate list does not take --target (it takes --stack, --format, --out, --force, --synth-dir)');
    expectOneLineError(await withFixture('plan', '--target', 'uploader_key', '--allow-extra', 'x'), 'rotate plan does not take --allow-extra (it takes --target, --stack, --strategy, --format, --out, --force, --synth-dir)');
  });
  test('--allow-extra takes an address, a type or an output', async () => {
    expectOneLineError(await withFixture('verify', '--plan', '-', '--target', 'uploader_key', '--allow-extra', 'a b'), '--allow-extra takes an address, a resource type or output.<name>, not "a b"');
  });
  test('a plan that is not JSON', async () => {
    const dir = temporary.make('rotate-plan-');
    writeFileSync(join(dir, 'plan.json'), 'Terraform will perform the following actions:');
    const result = await withFixture('verify', '--plan', join(dir, 'plan.json'), '--target', 'uploader_key');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^rotate: malformed plan .*plan\.json: not JSON \(.*\)\n$/);
  });
  test('state JSON instead of a plan', async () => {
    const dir = temporary.make('rotate-plan-');
    const path = join(dir, 'state.json');
    writeFileSync(path, JSON.stringify({ format_version: '1.0', terraform_version: '1.11.4', values: { root_module: {} } }));
    expectOneLineError(await withFixture('verify', '--plan', path, '--target', 'uploader_key'), `${path} is not \`terraform show -json\` plan output: no "resource_changes" (state or provider-schema JSON, not a plan?)`);
  });
  test('JSON without format_version', async () => {
    const dir = temporary.make('rotate-plan-');
    const path = join(dir, 'other.json');
    writeFileSync(path, JSON.stringify({ resource_changes: [] }));
    expectOneLineError(await withFixture('verify', '--plan', path, '--target', 'uploader_key'), `${path} is not \`terraform show -json\` plan output: no "format_version"`);
  });
  test('a missing plan file', async () => {
    expectOneLineError(await withFixture('verify', '--plan', '/nonexistent/plan.json', '--target', 'uploader_key'), 'cannot read plan /nonexistent/plan.json: ENOENT');
  });
  test('an internal error is one line and exit 70; with ROTATE_DEBUG set, the error in full comes first', async () => {
    const due = (debug: string | undefined) => rotate(['due', '--state', '-', '--now', '2026-06-01T00:00:00Z', '--synth-dir', FIXTURE_OUTDIR], { stdin: TOO_DEEP_STATE, env: { ROTATE_DEBUG: debug } });
    expect(await due(undefined)).toEqual({ status: 70, stdout: '', stderr: 'rotate: internal error: Maximum call stack size exceeded\n' });
    const debugged = await due('1');
    expect(debugged.status).toBe(70);
    expect(debugged.stderr).toMatch(/^RangeError: Maximum call stack size exceeded\n {4}at .*\nrotate: internal error: Maximum call stack size exceeded\n$/s);
  });
  test('an unknown option', async () => {
    const result = await withFixture('plan', '--targt', 'x');
    expect(result.status).toBe(2);
    expect(result.stderr.split('\n')).toHaveLength(2);
  });
});

/**
 * What only the process shows: the exit code bin/rotate.js hands the shell for each outcome, stdin
 * read from a real pipe, stdout holding nothing but the document, an internal error as one line.
 * Everything else above runs in this process (cli-harness.ts).
 */
describe('the compiled CLI as a process', () => {
  const BIN = join(WORKSPACE_ROOT, 'tools', 'rotate', 'bin', 'rotate.js');
  interface ProcessResult {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
  }
  /** `rotate <args>` through bin/rotate.js, `stdin` written to its standard input and closed; without ROTATE_DEBUG. */
  function rotateProcess(args: readonly string[], stdin = ''): Promise<ProcessResult> {
    const env = { ...process.env };
    delete env.ROTATE_DEBUG;
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args, '--synth-dir', FIXTURE_OUTDIR], { cwd: WORKSPACE_ROOT, env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
      child.stdin.end(stdin);
    });
  }
  /** `terraform show -json` state output with one access key of the fixture's tokens stack, created 2026-01-01. */
  const OLD_DEPLOY_KEY_STATE = JSON.stringify({
    format_version: '1.0',
    values: { root_module: { resources: [{ address: 'aws_iam_access_key.deploy', mode: 'managed', type: 'aws_iam_access_key', name: 'deploy', values: { create_date: '2026-01-01T00:00:00Z' } }] } },
  });
  const NOW = ['--now', '2026-06-01T00:00:00Z'];

  /** The processes, all started at once; each test awaits its own. */
  const runs = new Map<string, Promise<ProcessResult>>();
  beforeAll(() => {
    buildWorkspaces();
    runs.set('markdown', rotateProcess(['plan', '--target', 'uploader_key']));
    runs.set('json', rotateProcess(['plan', '--target=backup_token', '--format', 'json']));
    runs.set('due from stdin', rotateProcess(['due', '--state', '-', ...NOW], OLD_DEPLOY_KEY_STATE));
    runs.set('state as --plan -', rotateProcess(['verify', '--plan', '-', '--target', 'uploader_key'], OLD_DEPLOY_KEY_STATE));
    runs.set('internal error', rotateProcess(['due', '--state', '-', ...NOW], TOO_DEEP_STATE));
  });

  test('exit 0: a runbook, markdown on a pipe, nothing on stderr', async () => {
    const result = (await runs.get('markdown')) as ProcessResult;
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(result.stdout.startsWith('# Rotate `uploader_key` in `app-dev`')).toBe(true);
  });

  test('--format json: stdout is the JSON document and nothing else', async () => {
    const result = (await runs.get('json')) as ProcessResult;
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(result.stdout).toBe(JSON.stringify(JSON.parse(result.stdout), null, 2) + '\n');
    expect(JSON.parse(result.stdout).plans[0].target.name).toBe('backup_token');
  });

  test('exit 1: a credential due, its state read from stdin (`--state -`)', async () => {
    expect(await runs.get('due from stdin')).toEqual({
      status: 1,
      stderr: '',
      stdout:
        'rotate due: 1 of 1 rotatable credential(s) in tokens are older than their maximum age (at 2026-06-01T00:00:00Z):\n' +
        '  deploy (aws_iam_access_key.deploy): 151 days old, max 90 -> npx rotate plan --target deploy --stack tokens\n',
    });
  });

  test('exit 2: bad input on stdin (`--plan -` given a state) is one line naming stdin', async () => {
    expect(await runs.get('state as --plan -')).toEqual({
      status: 2,
      stdout: '',
      stderr: 'rotate: stdin is not `terraform show -json` plan output: no "resource_changes" (state or provider-schema JSON, not a plan?)\n',
    });
  });

  test('exit 70: an internal error is one line, no stack trace', async () => {
    expect(await runs.get('internal error')).toEqual({ status: 70, stdout: '', stderr: 'rotate: internal error: Maximum call stack size exceeded\n' });
  });
});
