import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_OUTDIR, WORKSPACE_ROOT } from './fixture-repo';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const plugin = require('../nx-plugin.js') as {
  createNodes: [string, (files: string[], options: unknown, context: { workspaceRoot: string }) => Array<[string, { projects: Record<string, { targets: Record<string, { command: string }> }> }]>];
};

function inferredTargets(options: unknown, workspaceRoot = WORKSPACE_ROOT): Record<string, { command: string }> {
  const [[file, result]] = plugin.createNodes[1]([plugin.createNodes[0]], options, { workspaceRoot });
  expect(file).toBe('tools/rotate/project.json');
  return result.projects['tools/rotate'].targets;
}

beforeAll(() => {
  execFileSync(process.execPath, [join(WORKSPACE_ROOT, 'scripts', 'build.mjs')], { cwd: WORKSPACE_ROOT });
});

describe('the Nx plugin infers one target per rotatable key', () => {
  test('from the synthesized stacks, each running the plan of its key', () => {
    const targets = inferredTargets({ synthDir: FIXTURE_OUTDIR });
    expect(Object.keys(targets)).toEqual(['backup_key', 'backup_token', 'deploy', 'reader_key', 'uploader_key', 'vault_token']);
    expect(targets.uploader_key.command).toBe(`node scripts/build.mjs && node tools/rotate/dist/cli.js plan --target uploader_key --synth-dir ${FIXTURE_OUTDIR}`);
  });

  test('a workspace without the tool or the app infers no targets instead of crashing Nx', () => {
    expect(inferredTargets({}, mkdtempSync(join(tmpdir(), 'rotate-no-workspace-')))).toEqual({});
  });

  test('malformed synthesized output infers no targets', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rotate-bad-synth-'));
    mkdirSync(join(dir, 'stacks'));
    writeFileSync(join(dir, 'manifest.json'), '{ not json');
    expect(inferredTargets({ synthDir: dir })).toEqual({});
  });

  test('nx itself lists the targets of the real repo on project rotate', () => {
    const shown = execFileSync('npx', ['nx', 'show', 'project', 'rotate', '--json'], {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const targets = Object.keys(JSON.parse(shown).targets).sort();
    expect(targets).toEqual(expect.arrayContaining(['eso_reader_key', 'freescout_backup_key', 'r2_backup_token_dev', 'r2_backup_token_prod', 'r2_backup_token_staging', 'uploader_key']));
  }, 60_000);
});
