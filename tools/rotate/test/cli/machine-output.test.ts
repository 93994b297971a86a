/**
 * Machine output stays machine-readable. `npx rotate plan ... --format json` prints only JSON on stdout
 * (the documented way). `nx run rotate --target=X --format=json` cannot: Nx prints its own lines on
 * stdout, so the inferred target refuses JSON on stdout, pointing at `npx rotate` or `--out`.
 */
import { describeSynthesisError, ensureSynthesis } from '@raxx/infra/synthesis';
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildWorkspaces, FIXTURE_OUTDIR, WORKSPACE_ROOT } from '../support/fixture-repo';
import { CLI } from '../support/real-repo';
import { temporaryDirectories } from '../support/temporary-directories';

const REFUSAL =
  'rotate: nx run prints its own lines on stdout, so JSON from it does not parse: run `npx rotate plan --target uploader_key --format json` instead, or pass --out <file>\n';

/** The compiled CLI run with `env` added; several run at the same time. */
function cli(env: Record<string, string>, ...args: string[]): Promise<{ stdout: string; stderr: string; status: number | null }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: WORKSPACE_ROOT, encoding: 'utf8', env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      resolve({ stdout, stderr, status: error ? (typeof error.code === 'number' ? error.code : null) : 0 }),
    );
  });
}

/** Folders the tests write into, removed after them. */
const temporary = temporaryDirectories();

beforeAll(() => {
  // The compiled tool, and the workspace's synthesized output the Nx plugin infers its targets from.
  buildWorkspaces();
  const synthesized = ensureSynthesis();
  if (!synthesized.ok) throw new Error(describeSynthesisError(synthesized.error));
});

test('npx rotate plan --format json prints one JSON document and nothing else on stdout', () => {
  const result = spawnSync('npx', ['rotate', 'plan', '--target', 'uploader_key', '--format', 'json', '--synth-dir', FIXTURE_OUTDIR], { cwd: WORKSPACE_ROOT, encoding: 'utf8' });
  expect(result.status).toBe(0);
  expect(result.stdout.startsWith('{\n  "plans": [')).toBe(true);
  expect(JSON.parse(result.stdout).plans.map((plan: { target: { name: string } }) => plan.target.name)).toEqual(['uploader_key']);
});

test('nx run rotate --target=uploader_key --format=json refuses, in one line, instead of mixing JSON with the Nx banner', () => {
  // The workspace's nx, the program `npx nx` resolves, without npx's own start-up.
  const result = spawnSync(join(WORKSPACE_ROOT, 'node_modules', '.bin', 'nx'), ['run', 'rotate', '--target=uploader_key', '--stack=tomoda-prod', '--format=json', '--outputStyle=static'], {
    cwd: WORKSPACE_ROOT,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: '0', NX_TASK_TARGET_TARGET: '', NX_TASK_TARGET_PROJECT: '' },
  });
  expect(result.status).not.toBe(0);
  expect(result.stdout + result.stderr).toContain(REFUSAL.replace('--target uploader_key --format', '--target uploader_key --stack tomoda-prod --format'));
  expect(result.stdout).not.toContain('"plans"');
}, 120_000);

test('inside that Nx target, --out still writes the JSON', async () => {
  const dir = temporary.make('rotate-nx-out-');
  const out = join(dir, 'plan.json');
  expect(await cli({ NX_TASK_TARGET_TARGET: 'uploader_key' }, 'plan', '--target', 'uploader_key', '--format', 'json', '--out', out, '--synth-dir', FIXTURE_OUTDIR)).toEqual({ stdout: '', stderr: '', status: 0 });
  expect(JSON.parse(readFileSync(out, 'utf8')).plans).toHaveLength(1);
});

test('the refusal is only for the Nx target of that key: markdown there, and JSON under other Nx targets (tests), print as usual', async () => {
  const [refused, markdown, json] = await Promise.all([
    cli({ NX_TASK_TARGET_TARGET: 'uploader_key' }, 'plan', '--target', 'uploader_key', '--format', 'json', '--synth-dir', FIXTURE_OUTDIR),
    cli({ NX_TASK_TARGET_TARGET: 'uploader_key' }, 'plan', '--target', 'uploader_key', '--synth-dir', FIXTURE_OUTDIR),
    cli({ NX_TASK_TARGET_TARGET: 'test' }, 'plan', '--target', 'uploader_key', '--format', 'json', '--synth-dir', FIXTURE_OUTDIR),
  ]);
  expect(refused).toEqual({ stdout: '', stderr: REFUSAL, status: 2 });
  expect(markdown.stdout.startsWith('# Rotate `uploader_key`')).toBe(true);
  expect(JSON.parse(json.stdout).plans).toHaveLength(1);
});
