import { nodeProcess } from './support/node-process';
import type { ProcessResult } from './support/node-process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesizeRepo } from '../src';
import { describeSynthesisError, readSynthesis } from '../src/synthesis';

// cdktf's record of where each token was created is not source-mapped in these tests (see the helper).

const ROOT = join(__dirname, '..', '..', '..');
const STACKS = [
  'freescout-backup',
  'github-secrets',
  'pazpaz-dev',
  'pazpaz-prod',
  'pazpaz-staging',
  'r2-backups-dev',
  'r2-backups-prod',
  'r2-backups-staging',
  'tomoda-dev',
  'tomoda-prod',
  'tomoda-staging',
];
const ACCOUNTS = { dev: '111111111111', staging: '222222222222', prod: '333333333333' } as const;

/** Each output folder as the one reader read it; every folder is written once and then only read. */
const outputs = new Map<string, ReturnType<typeof readSynthesis>>();

/** One stack's configuration, read by the one reader (once per output folder). */
function readStack(outdir: string, name: string): Record<string, unknown> {
  const output = outputs.get(outdir) ?? readSynthesis(outdir);
  outputs.set(outdir, output);
  if (!output.ok) throw new Error(describeSynthesisError(output.error));
  const stack = output.value.stacks.find((candidate) => candidate.name === name);
  if (!stack) throw new Error(`no stack ${name}`);
  return stack.configuration as Record<string, unknown>;
}

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

function filesUnder(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (path: string, rel: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full, `${rel}${entry.name}/`);
      else files.set(`${rel}${entry.name}`, readFileSync(full, 'utf8'));
    }
  };
  walk(dir, '');
  return files;
}

describe('the app', () => {
  const outdir = tempDir('raxx-app-');
  synthesizeRepo(outdir, {});

  it('synthesizes every stack users deploy, for every environment', () => {
    const output = readSynthesis(outdir);
    expect(output.ok && output.value.stacks.map((stack) => stack.name)).toEqual(STACKS);
  });

  it('is deterministic: two syntheses are byte-identical', () => {
    const again = tempDir('raxx-app-again-');
    synthesizeRepo(again, {});
    const first = filesUnder(outdir);
    const second = filesUnder(again);
    expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
    for (const [file, content] of first) expect(second.get(file)).toBe(content);
  });

  it('keeps every per-environment stack free of the other environments\' accounts and names', () => {
    for (const env of ['dev', 'staging', 'prod'] as const) {
      for (const system of ['tomoda', 'pazpaz', 'r2-backups']) {
        const text = JSON.stringify(readStack(outdir, `${system}-${env}`));
        for (const other of (['dev', 'staging', 'prod'] as const).filter((e) => e !== env)) {
          expect(text).not.toContain(ACCOUNTS[other]);
          expect(text).not.toMatch(new RegExp(`-${other}\\b`));
        }
      }
    }
  });

  it('reads no stack’s remote state anywhere: every stack delivers its own values, github-secrets takes published ones', () => {
    for (const name of STACKS) {
      const stack = readStack(outdir, name) as { data?: Record<string, unknown>; output?: Record<string, unknown> };
      expect({ name, remoteState: Object.keys(stack.data ?? {}).includes('terraform_remote_state') }).toEqual({ name, remoteState: false });
      expect({ name, crossStackOutputs: Object.keys(stack.output ?? {}).filter((output) => output.startsWith('cross-stack-output-')) }).toEqual({ name, crossStackOutputs: [] });
    }
  });

  it('writes every credential that goes to GitHub as an environment secret of the stack that creates it', () => {
    for (const name of STACKS) {
      const stack = readStack(outdir, name) as { resource?: Record<string, unknown> };
      expect({ name, repositorySecrets: stack.resource?.github_actions_secret }).toEqual({ name, repositorySecrets: undefined });
    }
    for (const env of ['dev', 'staging', 'prod']) {
      const stack = readStack(outdir, `r2-backups-${env}`) as { resource: Record<string, Record<string, any>> };
      expect(Object.values(stack.resource.github_actions_environment_secret).map((secret) => [secret.environment, secret.secret_name])).toEqual([
        [`\${github_repository_environment.ghost_infra_${env}.environment}`, 'R2_BACKUP_ACCESS_KEY_ID_A'],
        [`\${github_repository_environment.ghost_infra_${env}.environment}`, 'R2_BACKUP_SECRET_ACCESS_KEY_A'],
      ]);
    }
  });

  it('gives every stack its own Terraform Cloud workspace when an organization is configured', () => {
    const cloud = tempDir('raxx-app-cloud-');
    synthesizeRepo(cloud, { TFC_ORGANIZATION: 'raxx', RAXX_RUN_TASK_URL: 'https://run-task.raxx.test/' });
    for (const name of STACKS) {
      const terraform = (readStack(cloud, name) as { terraform: Record<string, unknown> }).terraform;
      expect(terraform.cloud).toEqual({ organization: 'raxx', workspaces: { name: `raxx-${name}` } });
      expect(terraform.backend).toBeUndefined();
    }
    // No workspace has to share its state with another: nothing reads remote state.
    for (const name of STACKS) expect((readStack(cloud, name) as { data?: Record<string, unknown> }).data?.terraform_remote_state).toBeUndefined();
  });

  it('adds the FreeScout OIDC role only when the flag is on, and github-secrets publishes its ARN', () => {
    const oidc = tempDir('raxx-app-oidc-');
    synthesizeRepo(oidc, { RAXX_FREESCOUT_GITHUB_OIDC: 'true' });
    const freescout = readStack(oidc, 'freescout-backup') as { resource: Record<string, Record<string, any>> };
    expect(Object.keys(freescout.resource.aws_iam_role)).toEqual(['freescout_backup_github']);
    const github = readStack(oidc, 'github-secrets') as { resource: Record<string, Record<string, any>> };
    expect(github.resource.github_actions_variable.aws_backup_role_arn.value).toBe(
      'arn:aws:iam::333333333333:role/raxx/freescout/raxx-freescout-backup-github',
    );
  });
});

/** Inputs the synth command refuses (issue 21), each with its one line on stderr. */
const BAD_INPUTS: Record<string, NodeJS.ProcessEnv> = {
  'RAXX_PRDO_AWS_REGION=eu-west-1': { RAXX_PRDO_AWS_REGION: 'eu-west-1' },
  'RAXX_QA_AWS_REGION=eu-west-1': { RAXX_QA_AWS_REGION: 'eu-west-1' },
  'RAXX_PROD_AWS_ACCOUNT_ID=': { RAXX_PROD_AWS_ACCOUNT_ID: '' },
  'TFC_ORGANIZATION=': { TFC_ORGANIZATION: '' },
  'TFC_ORGANIZATION=acme without RAXX_RUN_TASK_URL': { TFC_ORGANIZATION: 'acme' },
};

/**
 * The processes of the synth command and of the repository rules, all started at once before the first
 * test (dist/ brought up to date first, so none of them builds), running beside the in-process
 * syntheses; each test awaits its own.
 */
const runs = new Map<string, Promise<ProcessResult>>();
const synthCommand = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  nodeProcess([join(ROOT, 'apps/infra/bin/synth.js'), '--outdir', tempDir('raxx-main-'), ...args], { env: { PATH: process.env.PATH, ...env } });
const lint = (paths: string[]) => nodeProcess([join(ROOT, 'scripts/lint.mjs'), ...paths], { cwd: ROOT });
beforeAll(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require(join(ROOT, 'apps/infra/build.js')) as { buildWorkspaces: () => void }).buildWorkspaces();
  runs.set('synth --only tomoda', synthCommand(['--only', 'tomoda']));
  runs.set('synth --only nope', synthCommand(['--only', 'nope']));
  runs.set('synth with a malformed override', synthCommand([], { RAXX_PROD_AWS_ACCOUNT_ID: 'prod' }));
  for (const [name, env] of Object.entries(BAD_INPUTS)) runs.set(name, synthCommand([], env));
  runs.set('lint the repository', lint(['apps', 'packages', 'stacks', 'tools', 'scripts']));
  const dir = tempDir('raxx-lint-');
  mkdirSync(join(dir, 'src'));
  const barrel = ['import { iamUser } from', "'@cdktf/provider-aws';"].join(' ');
  writeFileSync(join(dir, 'src', 'bad.ts'), `// fixture\n${barrel}\n`);
  runs.set('lint a barrel import', lint([dir]));
});
/** The result of the process started as `name`. */
const finished = async (name: string): Promise<ProcessResult> => (await runs.get(name)) as ProcessResult;
/** A process test waits for its process, which shares the two cores with the others and the syntheses. */
const PROCESS_TIMEOUT = 60_000;

describe('the synth command', () => {
  it('reports what it synthesized', async () => {
    const result = await finished('synth --only tomoda');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^synthesized 3 stack\(s\) into .* in \d+ ms: tomoda-dev, tomoda-prod, tomoda-staging\n$/);
  }, PROCESS_TIMEOUT);

  it('names the stacks that exist when asked for one that does not', async () => {
    const result = await finished('synth --only nope');
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`synth: no stack starts with "nope"; stacks: ${STACKS.join(', ')}\n`);
  }, PROCESS_TIMEOUT);

  it('stops on a malformed override with one line naming the variable', async () => {
    const result = await finished('synth with a malformed override');
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('synth: RAXX_PROD_AWS_ACCOUNT_ID="prod" is not a 12-digit AWS account id\n');
  }, PROCESS_TIMEOUT);
});

describe('the synth command refuses what it would otherwise accept silently: one line, exit 2, no stack trace', () => {
  it.each([
    [
      'RAXX_PRDO_AWS_REGION=eu-west-1',
      'synth: RAXX_PRDO_AWS_REGION is not a known variable (there is no environment "prdo"; environments: dev, staging, prod); did you mean RAXX_PROD_AWS_REGION?\n',
    ],
    [
      'RAXX_QA_AWS_REGION=eu-west-1',
      'synth: RAXX_QA_AWS_REGION is not a known variable (there is no environment "qa"; environments: dev, staging, prod); did you mean RAXX_DEV_AWS_REGION?\n',
    ],
    ['RAXX_PROD_AWS_ACCOUNT_ID=', 'synth: RAXX_PROD_AWS_ACCOUNT_ID is set but empty; set it to a 12-digit AWS account id, or unset it for the placeholder account of prod\n'],
    ['TFC_ORGANIZATION=', 'synth: TFC_ORGANIZATION is set but empty; set it to a Terraform Cloud organization name, or unset it for the local backend\n'],
    [
      'TFC_ORGANIZATION=acme without RAXX_RUN_TASK_URL',
      'synth: TFC_ORGANIZATION=acme needs RAXX_RUN_TASK_URL: the https URL of the run task server (rotate run-task serve); the placeholder https://run-task.raxx.example/ reaches no server\n',
    ],
  ])('%s', async (name, stderr) => {
    const result = await finished(name);
    expect(result).toMatchObject({ status: 2, stdout: '', stderr });
  }, PROCESS_TIMEOUT);
});

describe('repository rules', () => {
  it('finds no provider barrel import and no key-shaped string in the source', async () => {
    const result = await finished('lint the repository');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, PROCESS_TIMEOUT);

  it('fails on a provider barrel import, naming the file and line', async () => {
    const result = await finished('lint a barrel import');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('bad.ts:2 no-provider-barrel');
  }, PROCESS_TIMEOUT);
});
