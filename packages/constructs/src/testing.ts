import type { App, TerraformStack } from 'cdktf';
import childProcess from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { tmpdir } from 'node:os';

/**
 * cdktf, loaded on first use: a test that only needs the Terraform helpers at the end of this file
 * (one whose synthesis runs in a child process) does not pay for loading it.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdktf = (): typeof import('cdktf') => require('cdktf');

/** A synthesized stack: the exact `cdk.tf.json` bytes and their parsed form. */
export interface SynthesizedStack {
  readonly text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly json: any;
}

/**
 * Synthesizes the stack that `build` adds to a fresh app into a temporary directory and returns its
 * `cdk.tf.json`, the file `terraform` and `tools/rotate` read (with its `//` metadata, which
 * `Testing.synth` strips). For tests.
 */
export function synthesizeStack(build: (app: App) => TerraformStack): SynthesizedStack {
  const outdir = mkdtempSync(join(tmpdir(), 'raxx-stack-'));
  try {
    const app = new (cdktf().App)({ outdir });
    const stack = build(app);
    app.synth();
    const text = readFileSync(join(outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8');
    return { text, json: JSON.parse(text) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The parsed `policy` (or `assume_role_policy`) JSON string of a synthesized resource. For tests. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function parsePolicy(resource: { policy?: string; assume_role_policy?: string }): any {
  const document = resource.policy ?? resource.assume_role_policy;
  if (document === undefined) throw new Error('resource has no policy document');
  return JSON.parse(document);
}

/** The Terraform expression a token of `stack` stands for, e.g. `${aws_iam_user.x.arn}`. For tests. */
export function resolveIn(stack: TerraformStack, value: unknown): unknown {
  const { DefaultTokenResolver, StringConcat, Tokenization } = cdktf();
  return Tokenization.resolve(value, { scope: stack, resolver: new DefaultTokenResolver(new StringConcat()) });
}

/** The command cdktf's version validation runs, through a shell, at every synthesis. */
const TERRAFORM_VERSION = 'terraform version';

/**
 * cdktf checks the installed Terraform at every `app.synth()`: one `terraform version` (a shell and the
 * Terraform binary, about 0.2 s of CPU) per stack with a cloud block, per import block and per moved
 * resource; 13 per synthesis of the app with Terraform Cloud. From this call until the returned
 * function restores it, this process asks Terraform once and gives every later check that answer (an
 * error is not kept: the next check asks again). The checks still run, against the installed Terraform.
 * For tests; restore in `afterAll`.
 */
export function askTerraformVersionOnce(): () => void {
  const execSync = childProcess.execSync;
  let answer: ReturnType<typeof execSync> | undefined;
  childProcess.execSync = ((command: string, options?: childProcess.ExecSyncOptions) => {
    if (command !== TERRAFORM_VERSION) return execSync(command, options);
    answer ??= execSync(command, options);
    return answer;
  }) as typeof execSync;
  return () => {
    childProcess.execSync = execSync;
  };
}

/**
 * The same for a synthesis in a child process: a `PATH` whose first folder (made under `dir`) holds a
 * `terraform` that prints what the installed Terraform printed for `terraform version`, asked once
 * here, and runs the installed Terraform for anything else. `PATH` unchanged when no Terraform
 * answers. For tests.
 */
export function pathAskingTerraformVersionOnce(dir: string, path = process.env.PATH ?? ''): string {
  let installed: string;
  let version: string;
  try {
    installed = childProcess.execSync('command -v terraform', { encoding: 'utf8', env: { PATH: path } }).trim();
    version = childProcess.execSync(TERRAFORM_VERSION, { encoding: 'utf8', env: { PATH: path, CHECKPOINT_DISABLE: '1' } });
  } catch {
    return path;
  }
  const bin = mkdtempSync(join(dir, 'terraform-version-'));
  const quoted = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
  writeFileSync(
    join(bin, 'terraform'),
    `#!/bin/sh\nif [ "$*" = version ]; then printf '%s' ${quoted(version)}; else exec ${quoted(installed)} "$@"; fi\n`,
    { mode: 0o755 },
  );
  return `${bin}${delimiter}${path}`;
}

/**
 * cdktf records where every token and computed list was created (a stack trace of every frame, shown
 * only in its error messages); under jest every such trace is source-mapped frame by frame, a third of
 * the CPU of a stack's tests. From this call on, in this test file, the trace cdktf records is empty.
 * An error's stack is formatted as before, source-mapped by jest. Outside a jest test file (no
 * formatter of jest's), nothing changes. For tests.
 */
export function skipCdktfCreationTraces(): void {
  // The formatter jest installed on the Error of its own realm, which formats the stack of an error
  // thrown in this test file unless the test file's Error has one of its own.
  const jestRealmError = (Buffer.constructor as FunctionConstructor)('return Error')() as ErrorConstructor;
  const jestFormat = jestRealmError.prepareStackTrace;
  if (jestRealmError === Error || jestFormat === undefined) return;
  // cdktf captures its trace on a plain `{ stack: '' }` and keeps nothing when the stack is empty.
  Error.prepareStackTrace = (target, frames) => (target instanceof Error ? jestFormat(target, frames) : '');
}
