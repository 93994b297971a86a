#!/usr/bin/env node
/**
 * `rotate`: the only module that prints. Parses arguments, loads the synthesized stacks, calls the
 * pure planner or verifier, renders, and turns every error value into one line on stderr. `runCli`
 * does all of it on an explicit context (environment, directory, stdin) and returns what to print;
 * `main` gives it this process's and prints.
 *
 *   rotate plan --target <name|address> [--stack <name>] [--format markdown|json|terminal] [--out <file> [--force]]
 *   rotate list [--stack <name>] [--format markdown|json] [--out <file> [--force]]
 *   rotate plan --target <name> --strategy two-slot [--stack <name>]          (routine rotation of a two-slot credential)
 *   rotate verify --plan <file|-> --target <name|address> [--stack <name>] [--allow-extra <address|type>]...
 *   rotate verify --plan <file|-> --target <name> --stack <name> --strategy two-slot --phase <1|2|3>
 *   rotate due --state <terraform show -json state output|-> [--stack <name>] [--max-age <N>d] [--now <RFC 3339>]
 *   rotate verify --run <run-id> --target <name|address> [--stack <name>]   (Terraform Cloud run, TFE_TOKEN)
 *   rotate run-task serve --port <port> [--host <addr>]   (the Terraform Cloud run task; run-task/)
 * Common: --synth-dir <dir> reads that synthesized output as is (no synthesis).
 *   rotate <command> --help, rotate --version (help.ts, io/tool-versions.ts)
 */
import type { Result } from '@raxx/rotation/errors';
import { checkOutputPath, writeOutputFile } from '../io/output-file';
import type { CliOptions, Format } from './arguments';
import { parseArguments } from './arguments';
import { commandHelp, generalHelp } from './help';
import { installedToolVersions, versionLine } from '../io/tool-versions';
import type { CliContext, LoadedRepository, Outcome } from './context';
import { errorOutcome, loadRepository, processContext } from './context';
import { runDue } from './commands/due';
import { listText } from './commands/list';
import { planText, runByNxTarget } from './commands/plan';
import { runRunTask } from './commands/run-task';
import { runVerify } from './commands/verify';

export type { CliContext, Outcome, StdinReader } from './context';
export { parseArguments } from './arguments';
export { processContext } from './context';

/** A command on the synthesized stacks: its outcome, or the text to print (or write, `--out`). */
type RepositoryCommand = (repository: LoadedRepository, options: CliOptions, format: Format, context: CliContext) => Promise<Outcome | Result<string>> | Outcome | Result<string>;

/** The commands on the synthesized stacks, by name. */
const REPOSITORY_COMMANDS: Readonly<Record<'plan' | 'list' | 'verify' | 'due', RepositoryCommand>> = {
  plan: planText,
  list: listText,
  verify: (repository, options, _format, context) => runVerify(repository, options, context),
  due: runDue,
};

/** What needs neither the stacks nor a file: help, the version, the run task, the refusal of JSON through nx run. */
async function runWithoutRepository(options: CliOptions, context: CliContext): Promise<Outcome | undefined> {
  if (options.command === 'help') return { stdout: (options.topic ? commandHelp(options.topic) : generalHelp()) + '\n', exitCode: 0 };
  if (options.command === 'version') return { stdout: versionLine(installedToolVersions()) + '\n', exitCode: 0 };
  if (options.command === 'run-task') return runRunTask(options, context);
  if (options.command === 'plan' && options.format === 'json' && !options.out && runByNxTarget(options.target, context.env)) {
    return errorOutcome({
      kind: 'usage',
      detail: `nx run prints its own lines on stdout, so JSON from it does not parse: run \`npx rotate plan --target ${options.target}${options.stack ? ` --stack ${options.stack}` : ''} --format json\` instead, or pass --out <file>`,
    });
  }
  return undefined;
}

async function run(options: CliOptions, context: CliContext): Promise<Outcome> {
  const early = await runWithoutRepository(options, context);
  if (early) return early;
  if (options.out) {
    const writable = checkOutputPath(options.out, context.cwd, { force: options.force });
    if (!writable.ok) return errorOutcome(writable.error);
  }
  const repository = await loadRepository(options, context);
  if (!repository.ok) return errorOutcome(repository.error);
  const format: Format = options.format ?? (context.stdoutIsTTY && !options.out ? 'terminal' : 'markdown');
  const result = await REPOSITORY_COMMANDS[options.command as keyof typeof REPOSITORY_COMMANDS](repository.value, options, format, context);
  if (!('ok' in result)) return result;
  if (!result.ok) return errorOutcome(result.error);
  if (options.out) {
    const written = writeOutputFile(options.out, result.value, context.cwd, { force: options.force });
    return written.ok ? { exitCode: 0 } : errorOutcome(written.error);
  }
  return { stdout: result.value, exitCode: 0 };
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
