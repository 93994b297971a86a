/**
 * Test harness: the CLI called in this process (`runCli`), for the tests of what it decides (output,
 * messages, exit codes). The result has the shape of a spawned process's (status, stdout, stderr);
 * what only the process shows (exit codes through bin/rotate.js, real stdin, a bare JSON stdout) is
 * tested on the compiled CLI in cli.test.ts ('the compiled CLI as a process').
 */
import { inspect } from 'node:util';
import { runCli } from '../../src/cli/main';
import { WORKSPACE_ROOT } from './fixture-repo';

/** How the CLI ended, as a test reads it. */
export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** What the CLI runs with, besides its arguments. */
export interface CliInput {
  /** Variables set on top of this test process's environment (`''` empties one, `undefined` unsets it). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** What stdin holds: a pipe, at its end after this text. @default '' */
  readonly stdin?: string;
  /** @default the workspace root */
  readonly cwd?: string;
}

/** Runs `rotate <args>` in this process, with stdout and stdin pipes (not terminals), as a child spawned by the test would. */
export async function rotate(args: readonly string[], input: CliInput = {}): Promise<CliResult> {
  let printed = '';
  let debugged = '';
  const outcome = await runCli(args, {
    env: { ...process.env, ...input.env },
    cwd: input.cwd ?? WORKSPACE_ROOT,
    stdoutIsTTY: false,
    stdin: { isTTY: false, read: async () => input.stdin ?? '' },
    log: (line) => (printed += `${line}\n`),
    debug: (error) => (debugged += `${inspect(error)}\n`),
  });
  return { status: outcome.exitCode, stdout: printed + (outcome.stdout ?? ''), stderr: debugged + (outcome.stderr ?? '') };
}
