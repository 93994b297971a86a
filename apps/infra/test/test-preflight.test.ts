/**
 * The tests' preflight (scripts/jest/terraform-preflight.js, the first step of every project's global
 * setup): without Terraform 1.11 on PATH the run stops early with one line and exit code 1, instead of
 * every rotation test failing with its own noise.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeProcess } from './support/node-process';

const ROOT = join(__dirname, '..', '..', '..');
const MISSING = 'npm test: terraform 1.11 is not on PATH: install Terraform 1.11.x (the rotation tests run it) and run the tests again\n';

const node = (args: readonly string[], env: NodeJS.ProcessEnv) => nodeProcess(args, { cwd: ROOT, env });

/** A PATH of one empty folder: no terraform on it. */
const emptyPath = () => mkdtempSync(join(tmpdir(), 'raxx-no-terraform-'));

/** A PATH whose `terraform` says it is `version`. */
function fakeTerraformPath(version: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'raxx-fake-terraform-'));
  writeFileSync(join(dir, 'terraform'), `#!/bin/sh\necho '{"terraform_version":"${version}","platform":"linux_amd64"}'\n`);
  chmodSync(join(dir, 'terraform'), 0o755);
  return dir;
}

const globalSetup = (path: string) => node(['-e', `require(${JSON.stringify(join(ROOT, 'scripts/jest/global-setup.js'))})()`], { PATH: path });

describe('the tests preflight', () => {
  test('without terraform on PATH the global setup prints one line and exits 1', async () => {
    expect(await globalSetup(emptyPath())).toEqual({ status: 1, stdout: '', stderr: MISSING });
  });

  test('a terraform of another version is named, with the version the tests need', async () => {
    expect(await globalSetup(fakeTerraformPath('1.9.8'))).toEqual({
      status: 1,
      stdout: '',
      stderr: 'npm test: terraform on PATH is 1.9.8; the tests need Terraform 1.11.x\n',
    });
  });

  test('terraform 1.11 passes the preflight', async () => {
    const run = await node(['-e', `process.stdout.write(String(require(${JSON.stringify(join(ROOT, 'scripts/jest/terraform-preflight.js'))}).terraformProblem({ PATH: ${JSON.stringify(fakeTerraformPath('1.11.4'))} })))`], {
      PATH: emptyPath(),
    });
    expect(run).toEqual({ status: 0, stdout: 'undefined', stderr: '' });
  });

  test('a real jest run without terraform stops before any test, its last line the preflight line', async () => {
    const run = await node([join(ROOT, 'node_modules/jest/bin/jest.js'), '-c', 'jest.config.js', 'packages/config'], { PATH: emptyPath() });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.endsWith(MISSING)).toBe(true);
    expect(run.stderr).not.toMatch(/PASS|FAIL|Tests:/);
  }, 60_000);
});
