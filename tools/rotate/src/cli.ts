#!/usr/bin/env node
/**
 * `rotate`: the only module that prints. Parses arguments, loads the synthesized stacks, calls the
 * pure planner or verifier, renders, and turns every error value into one line on stderr.
 *
 *   rotate plan --target <name|address> [--stack <name>] [--format markdown|json|terminal] [--out <file>]
 *   rotate list [--format markdown|json] [--out <file>]
 *   rotate verify --plan <terraform show -json output> --target <name|address> [--stack <name>]
 *   rotate verify --run <run-id> --target <name|address> [--stack <name>]   (Terraform Cloud run, TFE_TOKEN)
 *   rotate run-task serve --port <port> [--host <addr>]   (the Terraform Cloud run task; run-task/)
 *   rotate shadow --stack <name> --dir <dir>    (writes the terraform_data shadow of a stack; debugging)
 * Common: --synth-dir <dir> reads that synthesized output as is (no synthesis).
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { RotationError, Result } from './errors';
import { describeError, failed, ok } from './errors';
import type { RepositoryGraph } from './graph';
import { buildRepositoryGraph } from './graph';
import type { RotationPlan } from './runbook';
import { planRotation, predictionsOf } from './runbook';
import type { StackPrediction } from './predict';
import { renderPlansJson } from './render-json';
import { renderPlansMarkdown } from './render-markdown';
import { renderPlansTerminal } from './render-terminal';
import { buildShadowConfiguration } from './shadow';
import { defaultWorkspaceRoot, loadSynthesizedStacks } from './synth-output';
import { allRotationTargets, findTargets } from './targets';
import { checkPlanStack, describeViolation, parsePlanJson, verifyPlan } from './verify';
import { downloadRunPlan, serveRunTask, serveSettings } from './run-task';

type Format = 'markdown' | 'json' | 'terminal';

interface CliOptions {
  readonly command: 'plan' | 'list' | 'verify' | 'shadow' | 'run-task' | 'help';
  readonly target?: string;
  readonly stack?: string;
  readonly format?: Format;
  readonly out?: string;
  readonly plan?: string;
  readonly synthDir?: string;
  readonly dir?: string;
  readonly run?: string;
  readonly port?: string;
  readonly host?: string;
}

const USAGE = [
  'usage: rotate plan --target <name|address> [--stack <name>] [--format markdown|json] [--out <file>]',
  '       rotate list [--format markdown|json] [--out <file>]',
  '       rotate verify --plan <plan.json> --target <name|address> [--stack <name>]',
  '       rotate verify --run <run-id> --target <name|address> [--stack <name>]   (Terraform Cloud; TFE_TOKEN, TFE_ADDRESS)',
  '       rotate run-task serve --port <port> [--host <addr>]   (RAXX_RUN_TASK_HMAC_KEY, TFE_ADDRESS)',
  '       common: --synth-dir <dir> (read that synthesized output, never synthesize)',
].join('\n');

const VALUE_OPTIONS = new Set(['target', 'stack', 'format', 'out', 'plan', 'synth-dir', 'dir', 'run', 'port', 'host']);
const COMMANDS = new Set(['plan', 'list', 'verify', 'shadow', 'run-task', 'help']);

/** Parses argv (without node and script). Pure. */
export function parseArguments(argv: readonly string[]): Result<CliOptions> {
  const values: Record<string, string> = {};
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return ok({ command: 'help' });
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
      if (!VALUE_OPTIONS.has(name)) return failed({ kind: 'usage', detail: `unknown option --${name}; ${USAGE.split('\n')[0]}` });
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) return failed({ kind: 'usage', detail: `--${name} needs a value` });
      if (name in values && values[name] !== value) return failed({ kind: 'usage', detail: `--${name} given twice` });
      values[name] = value;
    } else if (command === undefined && COMMANDS.has(arg)) {
      command = arg;
    } else if (command === 'run-task' && values.subcommand === undefined && arg === 'serve') {
      values.subcommand = arg;
    } else {
      return failed({ kind: 'usage', detail: `unexpected argument "${arg}"; commands: plan, list, verify` });
    }
  }
  const format = values.format;
  if (format !== undefined && format !== 'markdown' && format !== 'json' && format !== 'terminal') {
    return failed({ kind: 'usage', detail: `--format must be markdown or json, not "${format}"` });
  }
  const resolved = (command ?? 'plan') as CliOptions['command'];
  if ((resolved === 'plan' || resolved === 'verify') && values.target === undefined) return failed({ kind: 'usage', detail: `rotate ${resolved} needs --target <name|address>` });
  if (resolved === 'verify' && values.plan === undefined && values.run === undefined) return failed({ kind: 'usage', detail: 'rotate verify needs --plan <terraform show -json output> or --run <run-id>' });
  if (resolved === 'verify' && values.plan !== undefined && values.run !== undefined) return failed({ kind: 'usage', detail: 'rotate verify takes --plan or --run, not both' });
  if (resolved === 'run-task' && values.subcommand !== 'serve') return failed({ kind: 'usage', detail: 'usage: rotate run-task serve --port <port> [--host <addr>]' });
  if (resolved === 'shadow' && (values.stack === undefined || values.dir === undefined)) return failed({ kind: 'usage', detail: 'rotate shadow needs --stack and --dir' });
  return ok({
    command: resolved,
    target: values.target,
    stack: values.stack,
    format: format as Format | undefined,
    out: values.out,
    plan: values.plan,
    synthDir: values['synth-dir'],
    dir: values.dir,
    run: values.run,
    port: values.port,
    host: values.host,
  });
}

/** Writes `text` to `path` atomically: a temporary file renamed into place, never a partial file. */
function writeAtomically(path: string, text: string): Result<void> {
  const target = resolve(path);
  const temporary = join(dirname(target), `.${process.pid}.${Date.now()}.rotate.tmp`);
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, target);
    return ok(undefined);
  } catch (error) {
    rmSync(temporary, { force: true });
    return failed({ kind: 'output-unwritable', path, detail: (error as NodeJS.ErrnoException).code ?? String(error) });
  }
}

async function loadGraph(options: CliOptions): Promise<Result<RepositoryGraph>> {
  const root = process.env.ROTATE_WORKSPACE_ROOT ?? defaultWorkspaceRoot();
  const stacks = await loadSynthesizedStacks(
    options.synthDir ? { root, outdir: resolve(options.synthDir), synthesize: false } : { root, synthesize: true },
  );
  return stacks.ok ? ok(buildRepositoryGraph(stacks.value)) : failed(stacks.error);
}

function renderList(graph: RepositoryGraph, format: Format): string {
  const targets = allRotationTargets(graph);
  if (format === 'json') {
    return JSON.stringify({
      stacks: graph.stackNames.map((stack) => ({
        stack,
        targets: targets.filter((target) => target.stack === stack).map((target) => ({
          name: target.name,
          address: target.address,
          rotation: target.kind === 'in-state' ? 'replace' : 'create-before-delete',
        })),
      })),
    }, null, 2) + '\n';
  }
  const lines = ['# Rotatable targets', ''];
  for (const stack of graph.stackNames) {
    const own = targets.filter((target) => target.stack === stack);
    if (own.length === 0) continue;
    lines.push(`## ${stack}`, '', '| target | address | rotation |', '|---|---|---|');
    for (const target of own) {
      const how = target.kind === 'in-state' ? 'in state: replace (`terraform apply -replace`)' : `out of state: create-before-delete (${target.credential.runbook})`;
      lines.push(`| \`${target.name}\` | \`${target.address}\` | ${how} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

function renderPlans(plans: readonly RotationPlan[], format: Format): string {
  return format === 'json' ? renderPlansJson(plans) : format === 'terminal' ? renderPlansTerminal(plans) : renderPlansMarkdown(plans);
}

interface Outcome {
  readonly stdout?: string;
  readonly stderr?: string;
  readonly exitCode: number;
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

async function run(options: CliOptions, isTty: boolean): Promise<Outcome> {
  if (options.command === 'help') return { stdout: USAGE + '\n', exitCode: 0 };
  if (options.command === 'run-task') {
    const settings = serveSettings(options.port, options.host, process.env);
    if (!settings.ok) return errorOutcome(settings.error);
    const served = await serveRunTask(settings.value, () => loadGraph(options), (line) => process.stdout.write(`rotate run-task: ${line}\n`));
    return served.ok ? { exitCode: 0 } : errorOutcome(served.error);
  }
  const graph = await loadGraph(options);
  if (!graph.ok) return errorOutcome(graph.error);
  const format: Format = options.format ?? (isTty && !options.out ? 'terminal' : 'markdown');

  if (options.command === 'shadow') {
    const stack = graph.value.stacks.get(options.stack as string);
    if (!stack) return errorOutcome({ kind: 'unknown-stack', stack: options.stack as string, known: graph.value.stackNames });
    mkdirSync(options.dir as string, { recursive: true });
    const shadow = buildShadowConfiguration(stack);
    const written = writeAtomically(join(options.dir as string, 'main.tf.json'), JSON.stringify(shadow.configuration, null, 2));
    return written.ok ? { stdout: `wrote ${join(options.dir as string, 'main.tf.json')}\n`, exitCode: 0 } : errorOutcome(written.error);
  }

  if (options.command === 'verify') {
    const prediction = predictionFor(graph.value, options);
    if (!prediction.ok) return errorOutcome(prediction.error);
    let text: string;
    if (options.run !== undefined) {
      const downloaded = await downloadRunPlan(options.run, process.env);
      if (!downloaded.ok) return errorOutcome(downloaded.error);
      text = downloaded.value;
    } else try {
      text = readFileSync(options.plan as string, 'utf8');
    } catch (error) {
      return errorOutcome({ kind: 'plan-unreadable', path: options.plan as string, detail: (error as NodeJS.ErrnoException).code ?? 'unreadable' });
    }
    const plan = parsePlanJson(text, options.plan ?? `the plan JSON of ${options.run}`);
    if (!plan.ok) return errorOutcome(plan.error);
    const stack = graph.value.stacks.get(prediction.value.stack);
    const belongs = stack ? checkPlanStack(plan.value, stack) : ok(undefined);
    if (!belongs.ok) return errorOutcome(belongs.error);
    const report = verifyPlan(plan.value, prediction.value);
    const warnings = report.unexpectedChanges.map((change) => `rotate verify: warning: ${change.address}: ${change.actual} outside the prediction (not destructive)\n`).join('');
    if (report.violations.length > 0) {
      return {
        stderr: warnings + `rotate verify: plan for ${report.stack} leaves the predicted blast radius of ${options.target}:\n` + report.violations.map((violation) => `  ${describeViolation(violation)}\n`).join(''),
        exitCode: 1,
      };
    }
    const { add, change, destroy } = prediction.value.summary;
    return { stdout: `verified: the plan for ${report.stack} matches the rotation of ${options.target} (${add} to add, ${change} to change, ${destroy} to destroy; ${report.matched.length} predicted change(s) present)\n`, stderr: warnings || undefined, exitCode: 0 };
  }

  let rendered: string;
  if (options.command === 'list') {
    rendered = renderList(graph.value, format === 'terminal' ? 'markdown' : format);
  } else {
    const plans = planRotation(graph.value, { target: options.target as string, stack: options.stack });
    if (!plans.ok) return errorOutcome(plans.error);
    rendered = renderPlans(plans.value, options.out && format === 'terminal' ? 'markdown' : format);
  }
  if (options.out) {
    const written = writeAtomically(options.out, rendered);
    return written.ok ? { exitCode: 0 } : errorOutcome(written.error);
  }
  return { stdout: rendered, exitCode: 0 };
}

function errorOutcome(error: RotationError): Outcome {
  return { stderr: `rotate: ${describeError(error)}\n`, exitCode: 2 };
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let outcome: Outcome;
  try {
    const options = parseArguments(argv);
    outcome = options.ok ? await run(options.value, process.stdout.isTTY === true) : errorOutcome(options.error);
  } catch (error) {
    // A bug, not a user error: still one line, no stack trace (ROTATE_DEBUG=1 shows it).
    if (process.env.ROTATE_DEBUG) console.error(error);
    outcome = { stderr: `rotate: internal error: ${(error as Error).message ?? String(error)}\n`, exitCode: 70 };
  }
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
