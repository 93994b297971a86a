import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const COMPILED = join(ROOT, 'apps/infra/dist/unused-cdktf-dependencies.js');

/** Runs `script` in a fresh Node process (jest's module registry has no require.cache) and returns its JSON output. */
function inFreshProcess(script: string): Record<string, unknown> {
  const run = spawnSync(process.execPath, ['-e', `const { deferUnusedCdktfDependencies } = require(${JSON.stringify(COMPILED)});\n${script}`], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

/** Files of archiver and semver really loaded (the stand-ins are the two index.js entries it returned). */
const REAL_MODULES = `(deferred) => Object.keys(require.cache).filter((path) => /node_modules\\/(archiver|semver)\\//.test(path) && !deferred.includes(path))`;

beforeAll(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require(join(ROOT, 'apps/infra/build.js')) as { buildWorkspaces: () => void }).buildWorkspaces();
});

describe('deferUnusedCdktfDependencies', () => {
  it('lets cdktf load without archiver and semver', () => {
    const result = inFreshProcess(`
      const deferred = deferUnusedCdktfDependencies();
      require('cdktf');
      console.log(JSON.stringify({ deferred: deferred.map((path) => require('node:path').relative(process.cwd(), path)), real: (${REAL_MODULES})(deferred) }));
    `);
    expect(result).toEqual({ deferred: ['node_modules/cdktf/node_modules/archiver/index.js', 'node_modules/cdktf/node_modules/semver/index.js'], real: [] });
  });

  it('loads a deferred module when it is used, so a version check and an archive still work', () => {
    const result = inFreshProcess(`
      const deferred = deferUnusedCdktfDependencies();
      require('cdktf');
      const lib = require('node:path').join(require.resolve('cdktf/package.json'), '..', 'lib');
      const semver = require(require.resolve('semver', { paths: [lib + '/validations'] }));
      const archiver = require(require.resolve('archiver', { paths: [lib + '/private'] }));
      const satisfies = semver.satisfies('1.6.0', '>=1.5');
      const archive = archiver('zip', { zlib: { level: 9 } });
      console.log(JSON.stringify({ satisfies, pipes: typeof archive.pipe, zipRegistered: archiver.isRegisteredFormat('zip'), loaded: (${REAL_MODULES})(deferred).length > 0 }));
    `);
    expect(result).toEqual({ satisfies: true, pipes: 'function', zipRegistered: true, loaded: true });
  });

  it('defers nothing once cdktf is loaded', () => {
    const result = inFreshProcess(`
      require('cdktf');
      console.log(JSON.stringify({ deferred: deferUnusedCdktfDependencies() }));
    `);
    expect(result).toEqual({ deferred: [] });
  });
});
