/**
 * The generated runbooks of uploader_key, eso_reader_key and r2_backup_token_prod, run line by line in
 * one bash shell (as pasted by a person) against real Terraform 1.11 on the terraform_data shadows of
 * the real repo, leave no plan file behind: the saved plans existed and were applied, and afterwards
 * the temporary directory, the working directory and the stack directories hold nothing new.
 *
 * `terraform` is a bash wrapper that runs the real binary in the stack's shadow: it maps `-replace` to
 * the shadow address, and passes an upstream shadow's current outputs as the remote-state variables of
 * a downstream one. The two steps that need the tool's own code run in this test process, asked over a
 * Unix socket with curl (one process start instead of one Node start per Terraform command): mapping
 * `show -json` back to real addresses (`realPlanFromShadow`), and reading an upstream's outputs
 * (`terraform output -json`, once per upstream state: read again only after that state changed).
 * `terraform output -raw <name>` is answered by the real binary from the shadow's state.
 * `npx rotate` is a shell function that runs the compiled CLI (dist/cli/main.js, the program npx resolves)
 * with `node` directly. kubectl, gh, aws, curl and ssh are stubs in the runbook's shell. The Aembit
 * configuration the r2 runbook applies ($AEMBIT_TF_DIR) is a terraform_data stand-in whose sensitive
 * variables take the key. Every line must exit 0 except the few named in FAILING_HERE, and no key
 * material may be printed.
 * The shadows are applied once; each runbook runs on its own copy of that baseline, so the three run
 * at the same time.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import type { RepositoryGraph, StackGraph } from '@raxx/rotation/graph/graph';
import type { ShadowStack } from '../support/shadow';
import { buildShadowConfiguration, realPlanFromShadow } from '../support/shadow';
import type { JsonObject } from '@raxx/rotation/graph/terraform-json';
import { forceNewFactsFor } from '../support/force-new-facts';
import { WORKSPACE_ROOT } from '../support/fixture-repo';
import { CLI, graphOf, synthesizeRealRepo } from '../support/real-repo';

jest.setTimeout(300_000);

const execFileAsync = promisify(execFile);
const OUTDIR = synthesizeRealRepo();
const ROOT = mkdtempSync(join(tmpdir(), 'rotate-run-'));
const commandPath = (name: string) => execFileSync('bash', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
const TERRAFORM = commandPath('terraform');
const CURL = commandPath('curl');
const CLI_CONFIG = join(ROOT, 'empty.tfrc');
const TERRAFORM_ENV = { ...process.env, TF_CLI_CONFIG_FILE: CLI_CONFIG, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
/** Where this process answers the wrapper (show -json mapping, remote-state variables). */
const SOCKET = join(ROOT, 'shadows.sock');
/** The wrapper's configuration of one runbook's copy of the shadows (and its log). */
const wrapperConfigOf = (name: string) => join(ROOT, name, 'wrapper.sh');
const logOf = (name: string) => join(ROOT, name, 'terraform.log');

/** The runbooks' `terraform`: reads its copy's stacks, shadow directories and shadow addresses from ROTATE_WRAPPER_CONFIG (writeWrapperConfig). */
const WRAPPER = `#!/usr/bin/env bash
# terraform -chdir=<real stack dir> ... run in the stack's shadow (see the test's header).
source "$ROTATE_WRAPPER_CONFIG"
chdir=
if [[ "\${1-}" == -chdir=* ]]; then chdir=\${1#-chdir=}; shift; fi
name=
[[ -n "$chdir" ]] && name=\${STACK_NAME["$chdir"]-}
if [[ -z "$name" ]]; then echo "wrapper: unknown -chdir $chdir" >&2; exit 97; fi
mode=
for arg in "$@"; do
  if [[ $arg == -out=* ]]; then
    out=\${arg#-out=}; dir=\${out%/*}; [[ $out == */* ]] || dir=.
    mode=" (directory mode $(stat -c %a "\${dir:-/}"))"; break
  fi
done
printf '%s: terraform %s%s\\n' "$name" "$*" "$mode" >> "$LOG"
export TF_CLI_CONFIG_FILE="$CLI_CONFIG" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
cd "\${STACK_DIR["$chdir"]}" || exit 97
# The remote-state variables of this stack (-var=<variable>=<upstream output>), NUL-separated.
remote=()
remote_vars() {
  (( \${REMOTE_INPUTS["$name"]:-0} == 0 )) && return 0
  mapfile -d '' -t remote < <("$CURL" -sSf --unix-socket "$SOCKET" "http://shadows/remote-vars?copy=$COPY&stack=$name")
  wait $! || { echo "wrapper: no remote-state variables for $name" >&2; exit 96; }
}
command=\${1-}
(( $# > 0 )) && shift
case "$command" in
  init) "$TERRAFORM" init -input=false -no-color "$@" ;;
  plan)
    args=()
    for arg in "$@"; do
      if [[ $arg == -replace=* ]]; then address=\${arg#-replace=}; args+=("-replace=\${SHADOW_ADDRESS["$name $address"]-$address}")
      else args+=("$arg"); fi
    done
    remote_vars
    "$TERRAFORM" plan -input=false -no-color "\${remote[@]}" "\${args[@]}" ;;
  apply)
    saved=
    for arg in "$@"; do [[ $arg == -* ]] || saved=yes; done
    if [[ -n "$saved" ]]; then "$TERRAFORM" apply -input=false -no-color "$@"
    else remote_vars; "$TERRAFORM" apply -input=false -no-color -auto-approve "\${remote[@]}" "$@"; fi ;;
  output)
    if [[ "\${1-}" != -raw || $# -ne 2 ]]; then echo "wrapper: unexpected terraform output $*" >&2; exit 98; fi
    "$TERRAFORM" output -no-color "$@" ;;
  show)
    if [[ "\${1-}" != -json ]]; then echo "wrapper: unexpected terraform show $*" >&2; exit 98; fi
    "$TERRAFORM" show "$@" | "$CURL" -sSf --unix-socket "$SOCKET" --data-binary @- "http://shadows/real-plan?copy=$COPY&stack=$name"
    statuses=("\${PIPESTATUS[@]}")
    (( statuses[0] != 0 )) && exit "\${statuses[0]}"
    exit "\${statuses[1]}" ;;
  *) echo "wrapper: unexpected terraform $command\${*:+ $*}" >&2; exit 98 ;;
esac
`;

/**
 * The operator's Aembit configuration ($AEMBIT_TF_DIR), as a stand-in written from the seed
 * (ghost-r2-backup-jit-credentials.txt, quoted in stacks/r2-backups/src/aembit-consumer.ts), not from
 * the tool's runbook: the credential provider `aembit_credential_provider.r2_backup` stores
 * `access_key_id = var.r2_access_key_id` and `secret_key = var.r2_secret_key`. The variables are
 * sensitive and have no default, so an apply that does not pass both fails (-input=false) and the
 * apply's own output shows no value.
 */
const AEMBIT_STAND_IN = {
  variable: {
    r2_access_key_id: { type: 'string', sensitive: true },
    r2_secret_key: { type: 'string', sensitive: true },
  },
  resource: {
    terraform_data: {
      aembit_credential_provider__r2_backup: { input: { access_key_id: '${var.r2_access_key_id}', secret_key: '${var.r2_secret_key}' } },
    },
  },
};
/** The Aembit stand-in of a runbook's copy: what $AEMBIT_TF_DIR names in its shell. */
const aembitDirOf = (name: string) => join(ROOT, name, 'aembit');

/** A word for bash, single-quoted. */
const quoted = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/** One stack of a copy, as the wrapper and this process's answers need it. */
interface WrapperStack {
  readonly name: string;
  /** The stack's directory in the synthesized output, as the runbook passes it to -chdir. */
  readonly directory: string;
  /** Its shadow's directory in this copy (configuration and local state). */
  readonly shadowDir: string;
  readonly shadow: ShadowStack;
  readonly remote: ReadonlyArray<{ readonly variable: string; readonly output: string; readonly upstreamDir: string }>;
}
/** The stacks of each copy (baseline, one per runbook), by stack name. */
const copies = new Map<string, Map<string, WrapperStack>>();
/** Outputs of an upstream shadow (`terraform output -json`), with the state they were read from. */
const upstreamOutputs = new Map<string, { readonly state: string; readonly outputs: Promise<Record<string, { value: unknown }>> }>();

/** The outputs of the upstream shadow in `dir`: Terraform is asked again only when its state has changed (an apply). */
function outputsOf(dir: string): Promise<Record<string, { value: unknown }>> {
  const statePath = join(dir, 'terraform.tfstate');
  const state = existsSync(statePath) ? readFileSync(statePath, 'utf8') : '';
  const cached = upstreamOutputs.get(dir);
  if (cached && cached.state === state) return cached.outputs;
  const outputs = execFileAsync(TERRAFORM, ['output', '-json'], { cwd: dir, env: TERRAFORM_ENV, maxBuffer: 1 << 28 }).then(({ stdout }) => JSON.parse(stdout) as Record<string, { value: unknown }>);
  upstreamOutputs.set(dir, { state, outputs });
  return outputs;
}

/** The wrapper's questions about a stack of a copy: `real-plan` (body: the shadow's show -json) and `remote-vars`. */
async function answerWrapper(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://shadows');
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    const [copy, name] = [url.searchParams.get('copy') ?? '', url.searchParams.get('stack') ?? ''];
    const stack = copies.get(copy)?.get(name);
    if (!stack) throw new Error(`unknown stack ${name} of ${copy}`);
    if (url.pathname === '/real-plan') {
      response.end(JSON.stringify(realPlanFromShadow(JSON.parse(Buffer.concat(chunks).toString('utf8')) as JsonObject, stack.shadow)));
    } else if (url.pathname === '/remote-vars') {
      const vars = await Promise.all(
        stack.remote.map(async (input) => {
          const outputs = await outputsOf(input.upstreamDir);
          const value = outputs[input.output] ? outputs[input.output].value : 'initial';
          return `-var=${input.variable}=${typeof value === 'string' ? value : JSON.stringify(value)}\0`;
        }),
      );
      response.end(vars.join(''));
    } else throw new Error(`unknown question ${url.pathname}`);
  } catch (error) {
    response.statusCode = 400;
    response.end(`${(error as Error).message}\n`);
  }
}
const wrapperService = createServer((request, response) => void answerWrapper(request, response));

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
/** The sensitive outputs of each holder stack of each runbook's copy before it ran. */
const outputsBefore = new Map<string, Map<string, Record<string, string>>>();
let workspaceBefore: string[];
/** Stack name -> its shadow directory in the applied baseline, and in each runbook's copy. */
const baselineDirs = new Map<string, string>();
const shadowDirOf = (name: string, stack: string) => join(ROOT, name, 'shadows', stack);
/** The stacks of the runbooks (and the stacks they read), with their shadows in the copy under `shadowRoot`. */
let wrapperStacksIn: (shadowRoot: (stack: string) => string) => Map<string, WrapperStack>;

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
    'ssh() { :; }',
    ...commands.flatMap((command, index) => [command, `echo "${index} $?" >> ${JSON.stringify(statusFile)}`]),
    `ls -A ${JSON.stringify(tmp)} > ${JSON.stringify(join(dir, 'tmp-before-exit'))}`,
  ].join('\n');
  writeFileSync(join(dir, 'runbook.sh'), script);
  const result = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn('bash', [join(dir, 'runbook.sh')], {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, PATH: `${join(ROOT, 'bin')}:${process.env.PATH}`, TMPDIR: tmp, ROTATE_WRAPPER_CONFIG: wrapperConfigOf(name), AEMBIT_TF_DIR: aembitDirOf(name) },
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
  await new Promise<void>((resolve) => wrapperService.listen(SOCKET, resolve));
  // The runbooks, generated while the baseline is applied (they read the synthesized output only).
  const markdownOf = new Map(CASES.map(([target]) => [target, execFileAsync(process.execPath, [CLI, 'plan', '--target', target, '--synth-dir', OUTDIR], { cwd: WORKSPACE_ROOT, encoding: 'utf8' }).then(({ stdout }) => stdout)] as const));
  for (const markdown of markdownOf.values()) markdown.catch(() => undefined); // awaited below; no unhandled rejection meanwhile
  // The stacks of the three runbooks, and the stacks their downstream stacks read.
  const touched = [...graph.stacks.values()].filter((stack) => /^(tomoda-|r2-backups-prod$)/.test(stack.name));
  const names = new Set(touched.flatMap((stack) => [stack.name, ...stack.upstreamOf.values()]));
  const stacks = [...graph.stacks.values()].filter((stack) => names.has(stack.name));
  const shadows = new Map(stacks.map((stack) => [stack.name, buildShadowConfiguration(stack, forceNewFactsFor())] as const));
  wrapperStacksIn = (shadowRoot) =>
    new Map(
      stacks.map((stack) => {
        const shadow = shadows.get(stack.name) as ShadowStack;
        return [
          stack.name,
          {
            name: stack.name,
            directory: stack.directory,
            shadowDir: shadowRoot(stack.name),
            shadow,
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
      outputsBefore.set(target, new Map(holders.map((stack) => [stack, sensitiveOutputsOf(shadowDirOf(target, stack))])));
      const markdown = await (markdownOf.get(target) as Promise<string>);
      runs.set(target, await runInShell(target, runbookCommands(markdown)));
    }),
  );
});

/**
 * Writes the wrapper configuration of `name` (its shadow copy, its log): bash variables and
 * associative arrays, keyed by the real stack directory (-chdir) and by "<stack> <real address>".
 */
function writeWrapperConfig(name: string): void {
  mkdirSync(join(ROOT, name), { recursive: true });
  writeFileSync(logOf(name), '');
  const stacks = wrapperStacksIn((stack) => shadowDirOf(name, stack));
  copies.set(name, stacks);
  const entries = (pairs: Array<[string, string | number]>) => pairs.map(([key, value]) => `[${quoted(key)}]=${quoted(String(value))}`).join(' ');
  const all = [...stacks.values()];
  // The Aembit stand-in: -chdir="$AEMBIT_TF_DIR" runs Terraform in that directory itself.
  const aembit = aembitDirOf(name);
  mkdirSync(aembit, { recursive: true });
  writeFileSync(join(aembit, 'main.tf.json'), JSON.stringify(AEMBIT_STAND_IN, null, 2));
  writeFileSync(
    wrapperConfigOf(name),
    [
      `TERRAFORM=${quoted(TERRAFORM)}`,
      `CURL=${quoted(CURL)}`,
      `CLI_CONFIG=${quoted(CLI_CONFIG)}`,
      `LOG=${quoted(logOf(name))}`,
      `SOCKET=${quoted(SOCKET)}`,
      `COPY=${quoted(name)}`,
      `declare -A STACK_NAME=(${entries([...all.map((stack): [string, string] => [stack.directory, stack.name]), [aembit, 'aembit']])})`,
      `declare -A STACK_DIR=(${entries([...all.map((stack): [string, string] => [stack.directory, stack.shadowDir]), [aembit, aembit]])})`,
      `declare -A REMOTE_INPUTS=(${entries(all.map((stack) => [stack.name, stack.remote.length]))})`,
      `declare -A SHADOW_ADDRESS=(${entries(all.flatMap((stack) => [...stack.shadow.shadowAddressOf].map(([real, shadow]): [string, string] => [`${stack.name} ${real}`, shadow])))})`,
      '',
    ].join('\n'),
  );
}

afterAll(async () => {
  await new Promise((resolve) => wrapperService.close(resolve));
  rmSync(ROOT, { recursive: true, force: true });
});

/**
 * The lines of the runbooks that cannot succeed here, each with its exit status and why. Every other
 * line (Terraform through the wrapper, `npx rotate`, the shell's own, the stubbed commands) must exit 0:
 * a line that starts failing silently fails the test, and so does an entry here that no longer fails.
 */
const FAILING_HERE: Readonly<Record<string, ReadonlyArray<{ readonly line: string; readonly status: number; readonly reason: string }>>> = {
  r2_backup_token_prod: [
    {
      line: "gh secret list --repo raxx-app/ghost-infra --env prod | grep -E '^(R2_BACKUP_ACCESS_KEY_ID_A|R2_BACKUP_SECRET_ACCESS_KEY_A)\\b'",
      status: 1,
      reason: 'asks GitHub which environment secrets exist: gh is a stub that lists none, so grep finds no line',
    },
  ],
};

/** The sensitive outputs of a shadow's state (the stand-ins of key material), by name. */
function sensitiveOutputsOf(dir: string): Record<string, string> {
  const state = JSON.parse(readFileSync(join(dir, 'terraform.tfstate'), 'utf8')) as { outputs: Record<string, { value: unknown; sensitive?: boolean }> };
  return Object.fromEntries(Object.entries(state.outputs).filter(([, output]) => output.sensitive).map(([name, output]) => [name, typeof output.value === 'string' ? output.value : JSON.stringify(output.value)]));
}

describe.each(CASES)('the runbook of %s, run as generated', (target, stacks, keyResource) => {
  let run: Run;
  const LOG = logOf(target);
  beforeAll(() => {
    run = runs.get(target) as Run;
  });

  test('every command succeeds (but the lines named in FAILING_HERE, which fail as named), and verify accepts each saved plan', () => {
    const expected = FAILING_HERE[target] ?? [];
    const failed = run.statuses
      .filter(({ status }) => status !== 0)
      .map(({ command, status }) => {
        const named = expected.find((entry) => command.startsWith(entry.line));
        return { line: named?.line ?? command, status, reason: named?.reason ?? 'not expected to fail' };
      });
    const unexpected = failed.filter(({ reason }) => reason === 'not expected to fail');
    expect({ failed, stderr: unexpected.length > 0 ? run.stderr : '' }).toEqual({ failed: expected, stderr: '' });
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

  // A shadow's sensitive output is the text `["<id of the key's shadow resource>"]`: the value the runbook
  // reads into a shell variable. (That id alone is printed by Terraform on the resource's own lines,
  // `[id=…]`, as the real key's id would be; the material is the output's text.)
  test('no key material is printed: the sensitive outputs of its stacks, before and after the rotation, appear nowhere in its stdout or stderr', () => {
    const values = stacks.flatMap((stack) => [...Object.values(outputsBefore.get(target)?.get(stack) ?? {}), ...Object.values(sensitiveOutputsOf(shadowDirOf(target, stack)))]);
    expect(values.length).toBeGreaterThan(0);
    expect(values.filter((value) => run.stdout.includes(value) || run.stderr.includes(value))).toEqual([]);
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

test('r2_backup_token_prod: the Aembit step reads both outputs with output -raw and applies the Aembit configuration with the rotated key', () => {
  const target = 'r2_backup_token_prod';
  const log = readFileSync(logOf(target), 'utf8').split('\n');
  expect(log.filter((line) => / output |^aembit: /.test(line))).toEqual([
    'r2-backups-prod: terraform output -raw r2_access_key_id_prod',
    'r2-backups-prod: terraform output -raw r2_secret_access_key_prod',
    'aembit: terraform apply',
  ]);
  const before = outputsBefore.get(target)?.get('r2-backups-prod') as Record<string, string>;
  const after = sensitiveOutputsOf(shadowDirOf(target, 'r2-backups-prod'));
  expect(after.r2_access_key_id_prod).not.toBe(before.r2_access_key_id_prod);
  const state = JSON.parse(readFileSync(join(aembitDirOf(target), 'terraform.tfstate'), 'utf8')) as { resources: Array<{ name: string; instances: Array<{ attributes: { input: { value: unknown } } }> }> };
  expect(state.resources.map((resource) => [resource.name, resource.instances.map((instance) => instance.attributes.input.value)])).toEqual([
    ['aembit_credential_provider__r2_backup', [{ access_key_id: after.r2_access_key_id_prod, secret_key: after.r2_secret_access_key_prod }]],
  ]);
});
