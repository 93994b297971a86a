import { App, DefaultTokenResolver, StringConcat, TerraformStack, Tokenization } from 'cdktf';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
    const app = new App({ outdir });
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
  return Tokenization.resolve(value, { scope: stack, resolver: new DefaultTokenResolver(new StringConcat()) });
}
