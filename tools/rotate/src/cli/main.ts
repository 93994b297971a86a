#!/usr/bin/env node
/**
 * `rotate`: the only module that prints. Parses arguments, loads the synthesized stacks, calls the
 * pure planner or verifier, renders, and turns every error value into one line on stderr. `runCli`
 * does all of it on an explicit context (environment, directory, stdin) and returns what to print;
 * `main` gives it this process's and prints.
 *
 *   rotate plan --target <name|address> [--stack <name>] [--format markdown|json|terminal] [--out <file>]
 *   rotate list [--stack <name>] [--format markdown|json] [--out <file>]
 *   rotate plan --target <name> --strategy two-slot [--stack <name>]          (routine rotation of a two-slot credential)
 *   rotate verify --plan <file|-> --target <name|address> [--stack <name>] [--allow-extra <address|type>]...
 *   rotate verify --plan <file|-> --target <name> --stack <name> --strategy two-slot --phase <1|2|3>
 *   rotate due --state <terraform show -json state output|-> [--stack <name>] [--max-age <N>d] [--now <RFC 3339>]
 *   rotate verify --run <run-id> --target <name|address> [--stack <name>]   (Terraform Cloud run, TFE_TOKEN)
 *   rotate run-task serve --port <port> [--host <addr>]   (the Terraform Cloud run task; run-task/)
 * Common: --synth-dir <dir> reads that synthesized output as is (no synthesis).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RotationError, Result } from '@raxx/rotation/errors';
import { failed, ok } from '@raxx/rotation/errors';
import { describeError } from '@raxx/rotation/render/errors';
import { credentialsDue, parseMaxAge, parseStateJson, renderDueText, stacksMatchingState } from '@raxx/rotation/due/due';
import type { ParsedStack, RepositoryGraph } from '@raxx/rotation/graph/graph';
import { buildRepositoryGraph } from '@raxx/rotation/graph/graph';
import type { RotationStrategy, Runbook } from '@raxx/rotation/runbook';
import { planRotation, planWithStrategy, predictionsOf } from '@raxx/rotation/runbook';
import type { StackPrediction } from '@raxx/rotation/predict/predict';
import { renderPlansJson } from '@raxx/rotation/render/json';
import { renderPlansMarkdown } from '@raxx/rotation/render/markdown';
import { renderPlansTerminal } from '@raxx/rotation/render/terminal';
import { checkOutputPath, writeOutputFile } from '../io/output-file';
import { inProcessSynthesizer } from '../io/phase-synthesis';
import { defaultWorkspaceRoot, loadSynthesizedStacks } from '../io/synth-output';
import { allRotationTargets, findTargets } from '@raxx/rotation/graph/targets';
import type { TwoSlotContext } from '../io/two-slot-run';
import { phaseExpectation, twoSlotRunbooks } from '../io/two-slot-run';
import type { TerraformPlanJson, VerifyReport } from '@raxx/rotation/verify/verify';
import { checkPlanStack, describeAction, describeCounts, describeViolation, parsePlanJson, verifyPlan } from '@raxx/rotation/verify/verify';
import { activeSlotsDestroyed, checkPhasePlanStack, describeActiveSlotDestroyed } from '@raxx/rotation/verify/two-slot';
import { serveRunTask, serveSettings } from '@raxx/run-task';
import { downloadRunPlan } from '../io/run-plan';
import { proofExceptions } from '@raxx/run-task/proof-exceptions';
import { installedReplacementTable } from '../io/provider-versions';

type Format = 'markdown' | 'json' | 'terminal';

interface CliOptions {
  readonly command: 'plan' | 'list' | 'verify' | 'run-task' | 'due' | 'help';
  readonly strategy?: RotationStrategy;
  readonly phase?: 1 | 2 | 3;
  readonly state?: string;
  readonly maxAge?: number;
  readonly now?: Date;
  readonly target?: string;
  readonly stack?: string;
  readonly format?: Format;
  readonly out?: string;
  readonly plan?: string;
  readonly synthDir?: string;
  readonly allowExtra: readonly string[];
  readonly run?: string;
  readonly port?: string;
  readonly host?: string;
}

const USAGE = [
  'usage: rotate plan --target <name|address> [--stack <name>] [--format markdown|json|terminal] [--out <file>]',
  '       rotate plan --target <name> --strategy replace|two-slot|create-before-delete [--stack <name>]',
  '       rotate list [--stack <name>] [--format markdown|json] [--out <file>]',
  '       terraform show -json <planfile> | rotate verify --plan - --target <name|address> [--stack <name>] [--allow-extra <address|type>]...',
  '       rotate verify --run <run-id> --target <name|address> [--stack <name>] [--allow-extra <address|type>]...   (Terraform Cloud; TFE_TOKEN, TFE_ADDRESS)',
  '       rotate run-task serve --port <port> [--host <addr>]   (RAXX_RUN_TASK_HMAC_KEY, TFE_ADDRESS)',
  '       terraform show -json <planfile> | rotate verify --plan - --target <name> --stack <name> --strategy two-slot --phase <1|2|3>',
  '       terraform show -json | rotate due --state - [--stack <name>] [--max-age <N>d] [--now <RFC 3339>] [--format json]',
  '       common: --synth-dir <dir> (read that synthesized output, never synthesize)',
].join('\n');

const VALUE_OPTIONS = new Set(['target', 'stack', 'format', 'out', 'plan', 'synth-dir', 'allow-extra', 'run', 'port', 'host', 'strategy', 'phase', 'state', 'max-age', 'now']);
/** Options that may be given more than once. */
const REPEATABLE = new Set(['allow-extra']);
const COMMANDS = new Set(['plan', 'list', 'verify', 'run-task', 'due', 'help']);
const STRATEGIES: readonly RotationStrategy[] = ['replace', 'two-slot', 'create-before-delete'];
/** The options each command honours; any other is refused rather than ignored. */
const COMMAND_OPTIONS: Readonly<Record<Exclude<CliOptions['command'], 'help'>, readonly string[]>> = {
  plan: ['target', 'stack', 'strategy', 'format', 'out', 'synth-dir'],
  list: ['stack', 'format', 'out', 'synth-dir'],
  verify: ['plan', 'run', 'target', 'stack', 'allow-extra', 'strategy', 'phase', 'synth-dir'],
  due: ['state', 'stack', 'max-age', 'now', 'format', 'synth-dir'],
  'run-task': ['port', 'host', 'synth-dir'],
};
/** An `--allow-extra` value: an address, a resource type or `output.<name>`. */
const ALLOW_EXTRA = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_.\-\[\]"]+)?$/;

/** Parses argv (without node and script). Pure. */
export function parseArguments(argv: readonly string[]): Result<CliOptions> {
  const values: Record<string, string> = {};
  const allowExtra: string[] = [];
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return ok({ command: 'help', allowExtra: [] });
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
      if (!VALUE_OPTIONS.has(name)) return failed({ kind: 'usage', detail: `unknown option --${name}; ${USAGE.split('\n')[0]}` });
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) return failed({ kind: 'usage', detail: `--${name} needs a value` });
      if (REPEATABLE.has(name)) {
        if (!ALLOW_EXTRA.test(value)) return failed({ kind: 'usage', detail: `--${name} takes an address, a resource type or output.<name>, not "${value}"` });
        allowExtra.push(value);
      }
      if (name in values && !REPEATABLE.has(name) && values[name] !== value) return failed({ kind: 'usage', detail: `--${name} given twice` });
      values[name] = value;
    } else if (command === undefined && COMMANDS.has(arg)) {
      command = arg;
    } else if (command === 'run-task' && values.subcommand === undefined && arg === 'serve') {
      values.subcommand = arg;
    } else {
      return failed({ kind: 'usage', detail: `unexpected argument "${arg}"; commands: plan, list, verify, due` });
    }
  }
  const format = values.format;
  if (format !== undefined && format !== 'markdown' && format !== 'json' && format !== 'terminal') {
    return failed({ kind: 'usage', detail: `--format must be markdown, json or terminal, not "${format}"` });
  }
  const resolved = (command ?? 'plan') as CliOptions['command'];
  if (resolved !== 'help') {
    const honoured = COMMAND_OPTIONS[resolved];
    const ignored = Object.keys(values).find((name) => name !== 'subcommand' && !honoured.includes(name));
    if (ignored !== undefined) return failed({ kind: 'usage', detail: `rotate ${resolved} does not take --${ignored} (it takes ${honoured.map((name) => `--${name}`).join(', ')})` });
  }
  if ((resolved === 'plan' || resolved === 'verify') && values.target === undefined) return failed({ kind: 'usage', detail: `rotate ${resolved} needs --target <name|address>` });
  if (resolved === 'verify' && values.plan === undefined && values.run === undefined) return failed({ kind: 'usage', detail: 'rotate verify needs --plan <terraform show -json output> or --run <run-id>' });
  if (resolved === 'verify' && values.plan !== undefined && values.run !== undefined) return failed({ kind: 'usage', detail: 'rotate verify takes --plan or --run, not both' });
  if (resolved === 'run-task' && values.subcommand !== 'serve') return failed({ kind: 'usage', detail: 'usage: rotate run-task serve --port <port> [--host <addr>]' });
  const strategy = values.strategy as RotationStrategy | undefined;
  if (strategy !== undefined && !STRATEGIES.includes(strategy)) return failed({ kind: 'usage', detail: `--strategy must be ${STRATEGIES.join(', ')}, not "${strategy}"` });
  if (values.phase !== undefined && !['1', '2', '3'].includes(values.phase)) return failed({ kind: 'usage', detail: `--phase must be 1, 2 or 3, not "${values.phase}"` });
  if (values.phase !== undefined && strategy !== 'two-slot') return failed({ kind: 'usage', detail: '--phase applies to rotate verify --strategy two-slot' });
  if (resolved === 'verify' && strategy !== undefined && strategy !== 'two-slot') return failed({ kind: 'usage', detail: `rotate verify takes --strategy two-slot only (the default plan is the ${strategy} one)` });
  if (resolved === 'verify' && strategy === 'two-slot' && values.phase === undefined) return failed({ kind: 'usage', detail: 'rotate verify --strategy two-slot needs --phase <1|2|3>' });
  if (resolved === 'verify' && strategy === 'two-slot' && allowExtra.length > 0) {
    return failed({ kind: 'usage', detail: '--allow-extra does not apply to a two-slot phase: its plan must be exactly the predicted one' });
  }
  if (resolved === 'due' && values.state === undefined) return failed({ kind: 'usage', detail: 'rotate due needs --state <terraform show -json state output, or - for stdin>' });
  const maxAge = values['max-age'] === undefined ? undefined : parseMaxAge(values['max-age']);
  if (values['max-age'] !== undefined && maxAge === undefined) return failed({ kind: 'usage', detail: `--max-age must be a number of days such as 90d, not "${values['max-age']}"` });
  const now = values.now === undefined ? undefined : new Date(values.now);
  if (values.now !== undefined && (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(values.now) || Number.isNaN(now?.getTime()))) {
    return failed({ kind: 'usage', detail: `--now must be an RFC 3339 time such as 2026-01-31T00:00:00Z, not "${values.now}"` });
  }
  return ok({
    strategy,
    phase: values.phase === undefined ? undefined : (Number(values.phase) as 1 | 2 | 3),
    state: values.state,
    maxAge,
    now,
    command: resolved,
    target: values.target,
    stack: values.stack,
    format: format as Format | undefined,
    out: values.out,
    plan: values.plan,
    synthDir: values['synth-dir'],
    dir: values.dir,
    allowExtra,
    run: values.run,
    port: values.port,
    host: values.host,
  });
}

interface LoadedRepository {
  readonly root: string;
  readonly parsed: readonly ParsedStack[];
  readonly graph: RepositoryGraph;
}

async function loadRepository(options: CliOptions, context: CliContext): Promise<Result<LoadedRepository>> {
  const root = context.env.ROTATE_WORKSPACE_ROOT ?? defaultWorkspaceRoot();
  const stacks = await loadSynthesizedStacks(
    options.synthDir ? { root, outdir: resolve(context.cwd, options.synthDir), synthesize: false } : { root, synthesize: true, vars: context.env },
  );
  return stacks.ok ? ok({ root, parsed: stacks.value, graph: buildRepositoryGraph(stacks.value, installedReplacementTable()) }) : failed(stacks.error);
}

async function loadGraph(options: CliOptions, context: CliContext): Promise<Result<RepositoryGraph>> {
  const repository = await loadRepository(options, context);
  return repository.ok ? ok(repository.value.graph) : failed(repository.error);
}

/** The two-slot strategy's view of the repository: the slot variables of `context`, synthesized in this process. */
function twoSlotContext(repository: LoadedRepository, context: CliContext): TwoSlotContext {
  return { ...repository, env: context.env, synthesize: inProcessSynthesizer(context.env) };
}

function renderList(graph: RepositoryGraph, format: Format, only?: string): string {
  const targets = allRotationTargets(graph);
  const stackNames = only === undefined ? graph.stackNames : [only];
  if (format === 'json') {
    return JSON.stringify({
      stacks: stackNames.map((stack) => ({
        stack,
        targets: targets.filter((target) => target.stack === stack).map((target) => ({
          name: target.name,
          address: target.address,
          rotation: target.kind === 'in-state' ? 'replace' : 'create-before-delete',
          ...(target.kind === 'in-state' && target.slots ? { twoSlot: { declared: target.slots.slots, variable: target.slots.slotsVariable } } : {}),
        })),
      })),
    }, null, 2) + '\n';
  }
  const lines = ['# Rotatable targets', ''];
  if (only !== undefined && !targets.some((target) => target.stack === only)) lines.push(`Stack \`${only}\` holds no rotatable key.`, '');
  for (const stack of stackNames) {
    const own = targets.filter((target) => target.stack === stack);
    if (own.length === 0) continue;
    lines.push(`## ${stack}`, '', '| target | address | rotation |', '|---|---|---|');
    for (const target of own) {
      const how =
        target.kind === 'out-of-state'
          ? `out of state: create-before-delete (${target.credential.runbook}); emergency: \`--strategy replace\``
          : target.slots
            ? `in state, two slots (declared \`${target.slots.slots}\`): \`--strategy two-slot\`; emergency: replace the active slot`
            : 'in state: replace (`terraform apply -replace`)';
      lines.push(`| \`${target.name}\` | \`${target.address}\` | ${how} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

function renderPlans(plans: readonly Runbook[], format: Format): string {
  return format === 'json' ? renderPlansJson(plans) : format === 'terminal' ? renderPlansTerminal(plans, installedReplacementTable()) : renderPlansMarkdown(plans, installedReplacementTable());
}

/** What one run of the CLI prints and how it exits; only `main` writes it to the process. */
export interface Outcome {
  readonly stdout?: string;
  readonly stderr?: string;
  readonly exitCode: number;
}

/** Standard input, as `--plan -` and `--state -` read it. */
export interface StdinReader {
  /** A terminal rather than a pipe or file: the CLI then refuses to wait for input that is not coming. */
  readonly isTTY: boolean;
  /** Everything up to end of input; rejects with an errno error when it cannot be read. */
  read(): Promise<string>;
}

/**
 * Everything the CLI reads or prints besides its arguments and the files they name: `main` takes it
 * from the process (`processContext`); a test passes its own to `runCli`.
 */
export interface CliContext {
  /** The environment: ROTATE_WORKSPACE_ROOT, TFE_TOKEN, TFE_ADDRESS, the run task's and the slot variables, NX_TASK_TARGET_TARGET, ROTATE_DEBUG. */
  readonly env: NodeJS.ProcessEnv;
  /** The directory relative paths of --synth-dir, --plan, --state, --out and --dir start from. */
  readonly cwd: string;
  /** Whether stdout is a terminal: the default format is then `terminal`. */
  readonly stdoutIsTTY: boolean;
  readonly stdin: StdinReader;
  /** Prints one line on stdout while a command runs (`run-task serve`, which runs until stopped). */
  readonly log: (line: string) => void;
  /** Shows an internal error in full (with ROTATE_DEBUG set); the outcome still holds its one line. */
  readonly debug: (error: unknown) => void;
}

/** The prediction `verify` compares against: the target's stack, or a stack that follows it. */
function predictionFor(graph: RepositoryGraph, options: CliOptions): Result<StackPrediction> {
  const all = planRotation(graph, { target: options.target as string });
  if (!all.ok) return failed(all.error);
  if (options.stack !== undefined && !graph.stacks.has(options.stack)) return failed({ kind: 'unknown-stack', stack: options.stack, known: graph.stackNames });
  const candidates: StackPrediction[] = [];
  for (const plan of all.value) {
    const predictions: StackPrediction[] =
      plan.kind === 'replace'
        ? predictionsOf(plan)
        : [{ stack: plan.target.stack, directory: plan.prepare.directory, backend: plan.prepare.backend, changes: [], outputChanges: [], summary: { add: 0, change: 0, destroy: 0 } }];
    candidates.push(...predictions.filter((prediction) => options.stack === undefined ? prediction.stack === plan.target.stack : prediction.stack === options.stack));
  }
  if (candidates.length === 1) return ok(candidates[0]);
  if (candidates.length === 0) {
    const found = findTargets(graph, options.target as string, options.stack);
    return failed(found.ok ? { kind: 'target-not-in-stack', target: options.target as string, stack: options.stack as string, holders: all.value.map((plan) => plan.target.stack) } : found.error);
  }
  return failed({ kind: 'usage', detail: `target "${options.target}" is in stacks ${candidates.map((prediction) => prediction.stack).join(', ')}; pass --stack` });
}

/** `path` as the process opens it from `context.cwd`; an empty path stays empty (no file has it). */
function fromCwd(context: CliContext, path: string): string {
  return path === '' ? path : resolve(context.cwd, path);
}

/**
 * Reads the plan of `verify` or the state of `due`: a file, or stdin for `-` (so neither is left on
 * disk). `what` names the input in errors.
 */
async function readPlanText(context: CliContext, path: string, what: 'plan' | 'state' = 'plan'): Promise<Result<string>> {
  const unreadable = (at: string, detail: string): Result<string> => failed(what === 'plan' ? { kind: 'plan-unreadable', path: at, detail } : { kind: 'state-unreadable', path: at, detail });
  if (path !== '-') {
    try {
      return ok(readFileSync(fromCwd(context, path), 'utf8'));
    } catch (error) {
      return unreadable(path, (error as NodeJS.ErrnoException).code ?? 'unreadable');
    }
  }
  if (context.stdin.isTTY) {
    return failed({ kind: 'usage', detail: what === 'plan' ? '--plan - reads the plan from stdin: pipe `terraform show -json <planfile>` into it' : '--state - reads the state from stdin: pipe `terraform show -json` into it' });
  }
  try {
    return ok(await context.stdin.read());
  } catch (error) {
    return unreadable('stdin', (error as NodeJS.ErrnoException).code ?? 'unreadable');
  }
}

/** `verify` of a phase of a two-slot rotation: exactly the phase's prediction, and no slot destroyed while usable. */
async function verifyPhase(repository: LoadedRepository, options: CliOptions, plan: TerraformPlanJson, context: CliContext): Promise<Outcome> {
  const expectation = await phaseExpectation(twoSlotContext(repository, context), options.target as string, options.phase as 1 | 2 | 3, options.stack);
  if (!expectation.ok) return errorOutcome(expectation.error);
  const { prediction, before, after, slots, from, to } = expectation.value;
  const belongs = checkPhasePlanStack(plan, before, after);
  if (!belongs.ok) return errorOutcome(belongs.error);
  const report = verifyPlan(plan, prediction);
  const destroyedActive = activeSlotsDestroyed(plan, slots);
  const counts = `plan: ${describeCounts(report.planned)}; predicted: ${describeCounts(report.predicted)}`;
  if (!report.passed || destroyedActive.length > 0) {
    return {
      stderr:
        `rotate verify: plan for ${report.stack} leaves phase ${options.phase} of ${options.target} (${from} -> ${to}; ${counts}):\n` +
        [...report.violations.map(describeViolation), ...destroyedActive.map((entry) => describeActiveSlotDestroyed(entry, slots))].map((line) => `  ${line}\n`).join(''),
      exitCode: 1,
    };
  }
  return {
    stdout: `verified: the plan for ${report.stack} matches phase ${options.phase} of ${options.target} (${from} -> ${to}; ${counts}; ${report.matched.length} predicted change(s) present)\n`,
    exitCode: 0,
  };
}

/** `rotate due`: the credentials of a state older than their maximum age; exit 1 when any. */
async function runDue(repository: LoadedRepository, options: CliOptions, format: Format, context: CliContext): Promise<Outcome> {
  const path = options.state as string;
  const text = await readPlanText(context, path, 'state');
  if (!text.ok) return errorOutcome(text.error);
  const state = parseStateJson(text.value, path === '-' ? 'stdin' : path);
  if (!state.ok) return errorOutcome(state.error);
  let stackName = options.stack;
  if (stackName !== undefined && !repository.graph.stacks.has(stackName)) return errorOutcome({ kind: 'unknown-stack', stack: stackName, known: repository.graph.stackNames });
  if (stackName === undefined) {
    const matching = stacksMatchingState(repository.graph, state.value);
    if (matching.length === 1) stackName = matching[0];
  } else if (state.value.resources.length > 0 && !stacksMatchingState(repository.graph, state.value).includes(stackName)) {
    const asPlan = { format_version: state.value.formatVersion, resource_changes: [], prior_state: { values: state.value.values ?? {} } } as unknown as TerraformPlanJson;
    const belongs = checkPlanStack(asPlan, repository.graph.stacks.get(stackName) as never);
    const detail = !belongs.ok && belongs.error.kind === 'plan-other-stack' ? belongs.error.detail : 'its resources do not match';
    return errorOutcome({ kind: 'state-malformed', path: path === '-' ? 'stdin' : path, detail: `not the state of stack "${stackName}" (${detail})` });
  }
  const report = credentialsDue(state.value, stackName ? repository.graph.stacks.get(stackName) : undefined, { now: options.now ?? new Date(), maxAgeDays: options.maxAge });
  const overdue = report.credentials.some((entry) => entry.overdue);
  return { stdout: format === 'json' ? JSON.stringify(report, null, 2) + '\n' : renderDueText(report), exitCode: overdue ? 1 : 0 };
}

function verifiedOutcome(report: VerifyReport, target: string): Outcome {
  const counts = `plan: ${describeCounts(report.planned)}; predicted: ${describeCounts(report.predicted)}`;
  const unused = report.unusedAllowances.map((entry) => `rotate verify: note: --allow-extra ${entry} matched no change\n`).join('');
  const allowed = report.allowed.map((change) => `  allowed: ${change.address}: ${describeAction(change.actual)}, predicted no change (--allow-extra ${change.allowedBy})\n`).join('');
  if (!report.passed) {
    const outside = report.violations.some((violation) => violation.kind === 'unexpected-change' || violation.kind === 'unexpected-output-change');
    return {
      stderr:
        `rotate verify: plan for ${report.stack} leaves the predicted blast radius of ${target} (${counts}):\n` +
        report.violations.map((violation) => `  ${describeViolation(violation)}\n`).join('') +
        (outside ? '  (accept a change outside the prediction only on purpose: --allow-extra <address|type>)\n' : '') +
        unused,
      exitCode: 1,
    };
  }
  const how = report.allowed.length > 0 ? `matches the rotation of ${target} with ${report.allowed.length} allowed extra change(s)` : `matches the rotation of ${target}`;
  return {
    stdout: `verified: the plan for ${report.stack} ${how} (${counts}; ${report.matched.length} predicted change(s) present)\n` + allowed,
    stderr: unused || undefined,
    exitCode: 0,
  };
}

/** True when this process is the Nx target inferred for `target` (nx-plugin.js): Nx prints its own lines to stdout. */
function runByNxTarget(target: string | undefined, env: NodeJS.ProcessEnv): boolean {
  const nxTarget = env.NX_TASK_TARGET_TARGET;
  return target !== undefined && nxTarget !== undefined && (nxTarget === target || nxTarget === `rotate-${target}`);
}

async function run(options: CliOptions, context: CliContext): Promise<Outcome> {
  if (options.command === 'help') return { stdout: USAGE + '\n', exitCode: 0 };
  if (options.command === 'run-task') {
    const settings = serveSettings(options.port, options.host, context.env);
    if (!settings.ok) return errorOutcome(settings.error);
    const served = await serveRunTask(settings.value, () => loadGraph(options, context), (line) => context.log(`rotate run-task: ${line}`), () => proofExceptions(context.env));
    return served.ok ? { exitCode: 0 } : errorOutcome(served.error);
  }
  if (options.command === 'plan' && options.format === 'json' && !options.out && runByNxTarget(options.target, context.env)) {
    return errorOutcome({
      kind: 'usage',
      detail: `nx run prints its own lines on stdout, so JSON from it does not parse: run \`npx rotate plan --target ${options.target}${options.stack ? ` --stack ${options.stack}` : ''} --format json\` instead, or pass --out <file>`,
    });
  }
  if (options.out) {
    const writable = checkOutputPath(options.out, context.cwd);
    if (!writable.ok) return errorOutcome(writable.error);
  }
  const repository = await loadRepository(options, context);
  if (!repository.ok) return errorOutcome(repository.error);
  const graph = { value: repository.value.graph };
  const format: Format = options.format ?? (context.stdoutIsTTY && !options.out ? 'terminal' : 'markdown');

  if (options.command === 'due') return runDue(repository.value, options, format, context);

  if (options.command === 'verify' && options.strategy === 'two-slot') {
    const text = options.run !== undefined ? await downloadRunPlan(options.run, context.env) : await readPlanText(context, options.plan as string);
    if (!text.ok) return errorOutcome(text.error);
    const plan = parsePlanJson(text.value, options.run !== undefined ? `the plan JSON of ${options.run}` : options.plan === '-' ? 'stdin' : (options.plan as string));
    if (!plan.ok) return errorOutcome(plan.error);
    return verifyPhase(repository.value, options, plan.value, context);
  }

  if (options.command === 'verify') {
    const prediction = predictionFor(graph.value, options);
    if (!prediction.ok) return errorOutcome(prediction.error);
    let text: Result<string>;
    if (options.run !== undefined) {
      const downloaded = await downloadRunPlan(options.run, context.env);
      if (!downloaded.ok) return errorOutcome(downloaded.error);
      text = downloaded;
    } else text = await readPlanText(context, options.plan as string);
    if (!text.ok) return errorOutcome(text.error);
    const plan = parsePlanJson(text.value, options.run !== undefined ? `the plan JSON of ${options.run}` : options.plan === '-' ? 'stdin' : (options.plan as string));
    if (!plan.ok) return errorOutcome(plan.error);
    const stack = graph.value.stacks.get(prediction.value.stack);
    const belongs = stack ? checkPlanStack(plan.value, stack) : ok(undefined);
    if (!belongs.ok) return errorOutcome(belongs.error);
    return verifiedOutcome(verifyPlan(plan.value, prediction.value, { allowExtra: options.allowExtra }), options.target as string);
  }

  let rendered: string;
  if (options.command === 'list') {
    if (options.stack !== undefined && !graph.value.stacks.has(options.stack)) return errorOutcome({ kind: 'unknown-stack', stack: options.stack, known: graph.value.stackNames });
    rendered = renderList(graph.value, format === 'terminal' ? 'markdown' : format, options.stack);
  } else {
    const plans: Result<Runbook[]> =
      options.strategy === 'two-slot'
        ? await twoSlotRunbooks(twoSlotContext(repository.value, context), options.target as string, options.stack)
        : planWithStrategy(graph.value, { target: options.target as string, stack: options.stack, strategy: options.strategy });
    if (!plans.ok) return errorOutcome(plans.error);
    rendered = renderPlans(plans.value, options.out && format === 'terminal' ? 'markdown' : format);
  }
  if (options.out) {
    const written = writeOutputFile(options.out, rendered, context.cwd);
    return written.ok ? { exitCode: 0 } : errorOutcome(written.error);
  }
  return { stdout: rendered, exitCode: 0 };
}

function errorOutcome(error: RotationError): Outcome {
  return { stderr: `rotate: ${describeError(error)}\n`, exitCode: 2 };
}

/** Runs the CLI on `argv` (without node and script) in `context`; prints nothing itself. */
export async function runCli(argv: readonly string[], context: CliContext): Promise<Outcome> {
  try {
    const options = parseArguments(argv);
    return options.ok ? await run(options.value, context) : errorOutcome(options.error);
  } catch (error) {
    // A bug, not a user error: still one line, no stack trace (ROTATE_DEBUG=1 shows it).
    if (context.env.ROTATE_DEBUG) context.debug(error);
    return { stderr: `rotate: internal error: ${(error as Error).message ?? String(error)}\n`, exitCode: 70 };
  }
}

/** The context of this process: its environment, directory, stdin and stdout. */
export function processContext(): CliContext {
  return {
    env: process.env,
    cwd: process.cwd(),
    stdoutIsTTY: process.stdout.isTTY === true,
    stdin: {
      // Read only when asked: touching process.stdin opens it.
      get isTTY() {
        return process.stdin.isTTY === true;
      },
      read: async () => {
        const chunks: Buffer[] = [];
        for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks).toString('utf8');
      },
    },
    log: (line) => process.stdout.write(`${line}\n`),
    debug: (error) => console.error(error),
  };
}

/** Runs the CLI in this process's context and prints its outcome; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const outcome = await runCli(argv, processContext());
  if (outcome.stdout) process.stdout.write(outcome.stdout);
  if (outcome.stderr) process.stderr.write(outcome.stderr);
  return outcome.exitCode;
}

/**
 * Exits with `code` once stdout and stderr are flushed. The hcl2json wasm runtime keeps timers alive
 * for ~0.3 s after its last call, which would otherwise hold the finished process open.
 */
export function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

if (require.main === module) {
  void main(process.argv.slice(2)).then(exitWhenFlushed);
}
