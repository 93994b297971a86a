/**
 * The generated runbooks of uploader_key, eso_reader_key and r2_backup_token_prod, run line by line in
 * one bash shell (as pasted by a person) against real Terraform 1.11 on the terraform_data shadows of
 * the real repo, leave no plan file behind: the saved plans existed and were applied, and afterwards
 * the temporary directory, the working directory and the stack directories hold nothing new.
 *
 * `terraform` is a wrapper that runs the real binary in the stack's shadow: it maps `-replace` to the
 * shadow address, maps `show -json` back to real addresses, and passes an upstream shadow's current
 * outputs as the remote-state variables of a downstream one. kubectl, gh, aws and curl are stubs.
 * The shadows are applied once; each runbook runs on its own copy of that baseline, so the three run
 * at the same time.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import type { RepositoryGraph, StackGraph } from '../src/graph';
import { buildShadowConfiguration } from '../src/shadow';
import { forceNewFactsFor } from './force-new-facts';
import { WORKSPACE_ROOT } from './fixture-repo';
import { CLI, graphOf, synthesizeRealRepo } from './real-repo';

jest.setTimeout(300_000);

const execFileAsync = promisify(execFile);
const OUTDIR = synthesizeRealRepo();
const ROOT = mkdtempSync(join(tmpdir(), 'rotate-run-'));
const TERRAFORM = execFileSync('bash', ['-c', 'command -v terraform'], { encoding: 'utf8' }).trim();
const CLI_CONFIG = join(ROOT, 'empty.tfrc');
/** The wrapper's configuration of one runbook's copy of the shadows (and its log). */
const wrapperConfigOf = (name: string) => join(ROOT, name, 'wrapper.json');
const logOf = (name: string) => join(ROOT, name, 'terraform.log');

const WRAPPER = `#!/usr/bin/env node
// terraform -chdir=<real stack dir> ... run in the stack's shadow (see the test's header).
const { spawnSync } = require('node:child_process');
const { appendFileSync, readFileSync, statSync } = require('node:fs');
const { dirname } = require('node:path');
const config = JSON.parse(readFileSync(process.env.ROTATE_WRAPPER_CONFIG, 'utf8'));
const { realPlanFromShadow } = require(config.shadowModule);
const args = process.argv.slice(2);
const chdir = args[0] && args[0].startsWith('-chdir=') ? args.shift().slice('-chdir='.length) : undefined;
const stack = config.stacks[chdir];
if (!stack) { console.error('wrapper: unknown -chdir ' + chdir); process.exit(97); }
const out = args.find((arg) => arg.startsWith('-out='));
const mode = out ? ' (directory mode ' + (statSync(dirname(out.slice(5))).mode & 0o777).toString(8) + ')' : '';
appendFileSync(config.log, stack.name + ': terraform ' + args.join(' ') + mode + '\\n');
const env = { ...process.env, TF_CLI_CONFIG_FILE: config.cliConfig, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
const run = (dir, list, capture) => spawnSync(config.terraform, list, { cwd: dir, env, encoding: 'utf8', maxBuffer: 1 << 28, stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit' });
const remoteVars = () => stack.remote.map((input) => {
  const outputs = JSON.parse(run(input.upstreamDir, ['output', '-json'], true).stdout);
  const value = outputs[input.output] ? outputs[input.output].value : 'initial';
  return '-var=' + input.variable + '=' + (typeof value === 'string' ? value : JSON.stringify(value));
});
const [command, ...rest] = args;
let result;
if (command === 'init') result = run(stack.dir, ['init', '-input=false', '-no-color', ...rest]);
else if (command === 'plan') {
  const mapped = rest.map((arg) => arg.startsWith('-replace=') ? '-replace=' + (stack.shadowAddressOf[arg.slice(9)] || arg.slice(9)) : arg);
  result = run(stack.dir, ['plan', '-input=false', '-no-color', ...remoteVars(), ...mapped]);
} else if (command === 'apply') {
  const saved = rest.filter((arg) => !arg.startsWith('-'));
  result = run(stack.dir, ['apply', '-input=false', '-no-color', ...(saved.length > 0 ? [] : ['-auto-approve', ...remoteVars()]), ...rest]);
} else if (command === 'show' && rest[0] === '-json') {
  result = run(stack.dir, ['show', ...rest], true);
  if (result.status === 0) process.stdout.write(JSON.stringify(realPlanFromShadow(JSON.parse(result.stdout), { realAddressOf: new Map(stack.realAddressOf) })));
} else { console.error('wrapper: unexpected terraform ' + args.join(' ')); process.exit(98); }
process.exit(result.status === null ? 99 : result.status);
`;

/** The shell commands of a markdown runbook in order, without the taint alternative (not to be run). */
function runbookCommands(markdown: string): string[] {
  const commands: string[] = [];
  let fence: 'none' | 'run' | 'skip' = 'none';
  let skipNext = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('The `terraform taint` equivalent')) skipNext = true;
    if (line === '```sh') {
      fence = skipNext ? 'skip' : 'run';
      skipNext = false;
    } else if (line === '```') fence = 'none';
    else if (fence === 'run') commands.push(line);
  }
  return commands;
}

/** Every file under `dir` (relative paths), skipping .terraform/ (providers and modules, never plans). */
function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Array<{ name: string; parentPath: string; isFile(): boolean }>)
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .filter((path) => !path.startsWith('.terraform/'))
    .sort();
}

function keyIdsOf(dir: string): Record<string, string> {
  const state = JSON.parse(readFileSync(join(dir, 'terraform.tfstate'), 'utf8')) as { resources: Array<{ name: string; instances: Array<{ attributes: { id: string } }> }> };
  return Object.fromEntries(state.resources.filter((resource) => /^(aws_iam_access_key|cloudflare_account_token|github_actions_environment_secret)__/.test(resource.name)).map((resource) => [resource.name, resource.instances[0].attributes.id]));
}

/** What a stack directory holds besides plans: the configuration, its state and its backup, the lock file. */
const TERRAFORM_OWN_FILES = new Set(['main.tf.json', 'terraform.tfstate', 'terraform.tfstate.backup', '.terraform.lock.hcl']);

interface Run {
  readonly stdout: string;
  readonly stderr: string;
  /** Exit status of each command, by its text. */
  readonly statuses: ReadonlyArray<{ readonly command: string; readonly status: number }>;
  /** What the private temporary directory held just before the shell ended (before any exit trap). */
  readonly tmpBeforeExit: readonly string[];
  readonly tmpAfterExit: readonly string[];
}

/** Files under the workspace named like a saved plan or its JSON (node_modules and .git skipped). */
function planLikeFilesInWorkspace(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === '.git') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tfplan$|^rotate-.*\.json$/.test(entry.name)) found.push(relative(WORKSPACE_ROOT, path));
    }
  };
  walk(WORKSPACE_ROOT);
  return found.sort();
}

let graph: RepositoryGraph;
let synthesizedFiles: string[];
/** The runbooks run: target, the stacks that hold it, the shadow resource of the key. */
const CASES: Array<[string, string[], string]> = [
  ['uploader_key', ['tomoda-dev', 'tomoda-prod', 'tomoda-staging'], 'aws_iam_access_key__uploader_key_a'],
  ['eso_reader_key', ['tomoda-dev', 'tomoda-prod', 'tomoda-staging'], 'aws_iam_access_key__eso_reader_key_a'],
  ['r2_backup_token_prod', ['r2-backups-prod'], 'cloudflare_account_token__r2_backup_token_prod_a'],
];
const runs = new Map<string, Run>();
const keysBefore = new Map<string, Map<string, Record<string, string>>>();
let workspaceBefore: string[];
/** Stack name -> its shadow directory in the applied baseline, and in each runbook's copy. */
const baselineDirs = new Map<string, string>();
const shadowDirOf = (name: string, stack: string) => join(ROOT, name, 'shadows', stack);
/** The wrapper's stack entries, by the real stack directory, with the shadow directories of `root`. */
let wrapperStacksIn: (shadowRoot: (stack: string) => string) => Record<string, unknown>;

/**
 * Runs `commands` one by one in a single bash shell started in the workspace root (where the runbook's
 * relative stack directories start), on the runbook's own copy of the shadows, recording each exit status.
 */
async function runInShell(name: string, commands: readonly string[]): Promise<Run> {
  const dir = join(ROOT, name);
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp, { recursive: true });
  const statusFile = join(dir, 'statuses');
  const script = [
    'set -o pipefail',
    `npx() { if [ "$1" = rotate ]; then shift; node ${JSON.stringify(CLI)} "$@" --synth-dir ${JSON.stringify(OUTDIR)}; else echo "unexpected npx $*" >&2; return 1; fi; }`,
    'kubectl() { :; }',
    'gh() { :; }',
    'aws() { :; }',
    'curl() { :; }',
    ...commands.flatMap((command, index) => [command, `echo "${index} $?" >> ${JSON.stringify(statusFile)}`]),
    `ls -A ${JSON.stringify(tmp)} > ${JSON.stringify(join(dir, 'tmp-before-exit'))}`,
  ].join('\n');
  writeFileSync(join(dir, 'runbook.sh'), script);
  const result = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn('bash', [join(dir, 'runbook.sh')], {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, PATH: `${join(ROOT, 'bin')}:${process.env.PATH}`, TMPDIR: tmp, ROTATE_WRAPPER_CONFIG: wrapperConfigOf(name) },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', () => resolve({ stdout, stderr }));
  });
  const statuses = readFileSync(statusFile, 'utf8').trim().split('\n').map((line) => {
    const [index, status] = line.split(' ').map(Number);
    return { command: commands[index], status };
  });
  return {
    stdout: result.stdout,
    stderr: result.stderr,
    statuses,
    tmpBeforeExit: readFileSync(join(dir, 'tmp-before-exit'), 'utf8').split('\n').filter(Boolean),
    tmpAfterExit: readdirSync(tmp),
  };
}

beforeAll(async () => {
  graph = await graphOf(OUTDIR);
  synthesizedFiles = filesUnder(OUTDIR);
  writeFileSync(CLI_CONFIG, '');
  mkdirSync(join(ROOT, 'bin'));
  writeFileSync(join(ROOT, 'bin', 'terraform'), WRAPPER);
  chmodSync(join(ROOT, 'bin', 'terraform'), 0o755);
  // The stacks of the three runbooks, and the stacks their downstream stacks read.
  const touched = [...graph.stacks.values()].filter((stack) => /^(tomoda-|r2-backups-prod$)/.test(stack.name));
  const names = new Set(touched.flatMap((stack) => [stack.name, ...stack.upstreamOf.values()]));
  const stacks = [...graph.stacks.values()].filter((stack) => names.has(stack.name));
  const shadows = new Map(stacks.map((stack) => [stack.name, buildShadowConfiguration(stack, forceNewFactsFor())] as const));
  wrapperStacksIn = (shadowRoot) =>
    Object.fromEntries(
      stacks.map((stack) => {
        const shadow = shadows.get(stack.name) as ReturnType<typeof buildShadowConfiguration>;
        return [
          stack.directory,
          {
            name: stack.name,
            dir: shadowRoot(stack.name),
            shadowAddressOf: Object.fromEntries(shadow.shadowAddressOf),
            realAddressOf: [...shadow.realAddressOf],
            remote: shadow.remoteInputs.map((input) => ({ variable: input.variable, output: input.output, upstreamDir: shadowRoot(stack.upstreamOf.get(input.remoteState) as string) })),
          },
        ];
      }),
    );
  for (const stack of stacks) {
    baselineDirs.set(stack.name, shadowDirOf('baseline', stack.name));
    mkdirSync(baselineDirs.get(stack.name) as string, { recursive: true });
    writeFileSync(join(baselineDirs.get(stack.name) as string, 'main.tf.json'), JSON.stringify((shadows.get(stack.name) as ReturnType<typeof buildShadowConfiguration>).configuration, null, 2));
  }
  writeWrapperConfig('baseline');
  // Upstream stacks first, so a downstream shadow starts from its upstream's current outputs ("No changes.").
  const env = { ...process.env, ROTATE_WRAPPER_CONFIG: wrapperConfigOf('baseline') };
  const apply = (stack: StackGraph) => execFileAsync(join(ROOT, 'bin', 'terraform'), [`-chdir=${stack.directory}`, 'apply'], { env });
  await Promise.all(stacks.filter((stack) => stack.upstreamOf.size === 0).map(apply));
  for (const stack of stacks.filter((candidate) => candidate.upstreamOf.size > 0)) await apply(stack);
  // Every runbook on its own copy of the applied baseline, all at the same time.
  workspaceBefore = planLikeFilesInWorkspace();
  await Promise.all(
    CASES.map(async ([target, holders]) => {
      cpSync(join(ROOT, 'baseline', 'shadows'), join(ROOT, target, 'shadows'), { recursive: true });
      writeWrapperConfig(target);
      keysBefore.set(target, new Map(holders.map((stack) => [stack, keyIdsOf(shadowDirOf(target, stack))])));
      const markdown = execFileSync(process.execPath, [CLI, 'plan', '--target', target, '--synth-dir', OUTDIR], { cwd: WORKSPACE_ROOT, encoding: 'utf8' });
      runs.set(target, await runInShell(target, runbookCommands(markdown)));
    }),
  );
});

/** Writes the wrapper configuration of `name` (its shadow copy, its log). */
function writeWrapperConfig(name: string): void {
  mkdirSync(join(ROOT, name), { recursive: true });
  writeFileSync(logOf(name), '');
  writeFileSync(
    wrapperConfigOf(name),
    JSON.stringify({ terraform: TERRAFORM, cliConfig: CLI_CONFIG, log: logOf(name), shadowModule: join(WORKSPACE_ROOT, 'tools', 'rotate', 'dist', 'shadow.js'), stacks: wrapperStacksIn((stack) => shadowDirOf(name, stack)) }),
  );
}

afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

describe.each(CASES)('the runbook of %s, run as generated', (target, stacks, keyResource) => {
  let run: Run;
  const LOG = logOf(target);
  beforeAll(() => {
    run = runs.get(target) as Run;
  });

  test('every Terraform, rotate and clean-up command succeeds, and verify accepts each saved plan', () => {
    const failed = run.statuses.filter(({ command, status }) => status !== 0 && /^(terraform |PLAN_DIR=|trap |rm )/.test(command));
    expect({ failed, stderr: failed.length > 0 ? run.stderr : '' }).toEqual({ failed: [], stderr: '' });
    const savedPlans = readFileSync(LOG, 'utf8').split('\n').filter((line) => / plan .*-out=/.test(line));
    expect(savedPlans.length).toBe(stacks.length);
    for (const line of savedPlans) expect(line).toMatch(/ \(directory mode 700\)$/);
    expect(run.stdout.match(/^verified: the plan for \S+ matches the rotation of /gm)).toHaveLength(stacks.length);
  });

  test('the saved plans were real: applied from the private directory, and the key rotated', () => {
    const applies = readFileSync(LOG, 'utf8').split('\n').filter((line) => / apply /.test(line));
    expect(applies).toHaveLength(stacks.length);
    for (const line of applies) expect(line).toMatch(new RegExp(`apply ${join(ROOT, target, 'tmp').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/tmp\\.\\w+/${target}-[\\w-]+\\.tfplan$`));
    const holder = stacks[0];
    expect(keyIdsOf(shadowDirOf(target, holder))[keyResource]).not.toBe((keysBefore.get(target)?.get(holder) as Record<string, string>)[keyResource]);
  });

  test('no plan file is left: the temporary directory is empty before the shell exits (no trap needed); the workspace, the synthesized output and the stack directories hold no plan', () => {
    expect(run.tmpBeforeExit).toEqual([]);
    expect(run.tmpAfterExit).toEqual([]);
    expect(planLikeFilesInWorkspace()).toEqual(workspaceBefore);
    // The synthesized output gains at most the tool's reference cache (addresses only, no values).
    expect(filesUnder(OUTDIR).filter((file) => file !== '.rotate-references.json')).toEqual(synthesizedFiles.filter((file) => file !== '.rotate-references.json'));
    for (const stack of stacks) {
      const files = filesUnder(shadowDirOf(target, stack)).filter((file) => !TERRAFORM_OWN_FILES.has(file));
      expect({ stack, files }).toEqual({ stack, files: [] });
    }
  });
});
