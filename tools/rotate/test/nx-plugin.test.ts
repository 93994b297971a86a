import { ensureSynthesis } from '@raxx/infra/synthesis';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildWorkspaces, FIXTURE_OUTDIR, WORKSPACE_ROOT } from './support/fixture-repo';
import { temporaryDirectories } from './support/temporary-directories';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const plugin = require('../nx-plugin.js') as {
  createNodes: [string, (files: string[], options: unknown, context: { workspaceRoot: string }) => Array<[string, { projects: Record<string, { targets: Record<string, { command: string }>; metadata?: { description: string } }> }]>];
};

function inferred(options: unknown, workspaceRoot = WORKSPACE_ROOT): { targets: Record<string, { command: string }>; stderr: string; description?: string } {
  const written: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    const [[file, result]] = plugin.createNodes[1]([plugin.createNodes[0]], options, { workspaceRoot });
    expect(file).toBe('tools/rotate/project.json');
    const project = result.projects['tools/rotate'];
    return { targets: project.targets, stderr: written.join(''), description: project.metadata?.description };
  } finally {
    spy.mockRestore();
  }
}

/** Fresh temporary folders, removed after the tests. */
const temporary = temporaryDirectories();
const temporaryDir = temporary.make;

beforeAll(() => buildWorkspaces());

describe('the Nx plugin infers one target per rotatable key', () => {
  test('from the synthesized stacks, each running the plan of its key through the tool (which builds and synthesizes when it runs)', () => {
    const { targets, stderr } = inferred({ synthDir: FIXTURE_OUTDIR });
    expect(Object.keys(targets)).toEqual(['backup_key', 'backup_token', 'deploy', 'reader_key', 'uploader_key', 'vault_token']);
    expect(targets.uploader_key.command).toBe(`node tools/rotate/bin/rotate.js plan --target uploader_key --synth-dir ${FIXTURE_OUTDIR}`);
    expect(stderr).toBe('');
  });

  test('no synthesized output: no targets, and one line saying why, instead of crashing Nx', () => {
    const dir = temporaryDir('rotate-no-synth-');
    const result = inferred({ synthDir: dir });
    expect(result.targets).toEqual({});
    expect(result.stderr).toBe(`rotate (nx plugin): no rotation targets inferred: no synthesized output at ${dir} (run \`npm run synth\`)\n`);
    expect(result.description).toBe(`Rotation runbooks (no key targets: no synthesized output at ${dir} (run \`npm run synth\`))`);
  });

  test('a workspace where the tool is not built: no targets, the cause in one line', () => {
    const root = temporaryDir('rotate-no-workspace-');
    mkdirSync(join(root, 'cdktf.out'));
    writeFileSync(join(root, 'cdktf.out', 'manifest.json'), '{"stacks":{}}');
    expect(inferred({}, root).stderr).toBe('rotate (nx plugin): no rotation targets inferred: tools/rotate is not built (run `npm run synth` or `npm run build`)\n');
  });

  test('malformed synthesized output: no targets, the file and the problem in one line', () => {
    const dir = temporaryDir('rotate-bad-synth-');
    mkdirSync(join(dir, 'stacks'));
    writeFileSync(join(dir, 'manifest.json'), '{ not json');
    const result = inferred({ synthDir: dir });
    expect(result.targets).toEqual({});
    expect(result.stderr).toMatch(new RegExp(`^rotate \\(nx plugin\\): no rotation targets inferred: malformed synthesized output ${join(dir, 'manifest.json')}: not JSON \\(.*\\)\\n$`));
  });

  test('nx itself lists the targets of the real repo on project rotate', () => {
    const synthesized = ensureSynthesis();
    expect(synthesized.ok).toBe(true);
    const shown = execFileSync(join(WORKSPACE_ROOT, 'node_modules', '.bin', 'nx'), ['show', 'project', 'rotate', '--json'], {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const targets = Object.keys(JSON.parse(shown).targets).sort();
    expect(targets).toEqual(expect.arrayContaining(['eso_reader_key', 'freescout_backup_key', 'r2_backup_token_dev', 'r2_backup_token_prod', 'r2_backup_token_staging', 'uploader_key']));
  }, 60_000);
});
