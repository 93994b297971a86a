/**
 * What every command shares: the context it runs in (environment, directory, stdin, log), its outcome,
 * the repository it loads (the synthesized stacks and their graph), the plan or state it reads, and
 * how an error value becomes one line and exit code 2.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RotationError, Result } from '@raxx/rotation/errors';
import { failed, ok } from '@raxx/rotation/errors';
import { describeError } from '@raxx/rotation/render/errors';
import type { ParsedStack, RepositoryGraph } from '@raxx/rotation/graph/graph';
import { buildRepositoryGraph } from '@raxx/rotation/graph/graph';
import { inProcessSynthesizer } from '../io/phase-synthesis';
import { installedReplacementTable } from '../io/provider-versions';
import { defaultWorkspaceRoot, loadSynthesizedStacks } from '../io/synth-output';
import type { TwoSlotContext } from '../io/two-slot-run';
import type { CliOptions } from './arguments';

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

/** The synthesized stacks the commands work on, and their graph. */
export interface LoadedRepository {
  readonly root: string;
  readonly parsed: readonly ParsedStack[];
  readonly graph: RepositoryGraph;
}

export async function loadRepository(options: CliOptions, context: CliContext): Promise<Result<LoadedRepository>> {
  const root = context.env.ROTATE_WORKSPACE_ROOT ?? defaultWorkspaceRoot();
  const stacks = await loadSynthesizedStacks(
    options.synthDir ? { root, outdir: resolve(context.cwd, options.synthDir), synthesize: false } : { root, synthesize: true, vars: context.env },
  );
  return stacks.ok ? ok({ root, parsed: stacks.value, graph: buildRepositoryGraph(stacks.value, installedReplacementTable()) }) : failed(stacks.error);
}

export async function loadGraph(options: CliOptions, context: CliContext): Promise<Result<RepositoryGraph>> {
  const repository = await loadRepository(options, context);
  return repository.ok ? ok(repository.value.graph) : failed(repository.error);
}

/** The two-slot strategy's view of the repository: the slot variables of `context`, synthesized in this process. */
export function twoSlotContext(repository: LoadedRepository, context: CliContext): TwoSlotContext {
  return { ...repository, env: context.env, synthesize: inProcessSynthesizer(context.env) };
}

/** `path` as the process opens it from `context.cwd`; an empty path stays empty (no file has it). */
export function fromCwd(context: CliContext, path: string): string {
  return path === '' ? path : resolve(context.cwd, path);
}

/**
 * Reads the plan of `verify` or the state of `due`: a file, or stdin for `-` (so neither is left on
 * disk). `what` names the input in errors.
 */
export async function readPlanText(context: CliContext, path: string, what: 'plan' | 'state' = 'plan'): Promise<Result<string>> {
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

/** An error value as the CLI shows it: one line on stderr, exit 2. */
export function errorOutcome(error: RotationError): Outcome {
  return { stderr: `rotate: ${describeError(error)}\n`, exitCode: 2 };
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
