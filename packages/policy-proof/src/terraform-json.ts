/**
 * The synthesized Terraform JSON of a stack (`cdktf.out/stacks/<stack>/cdk.tf.json`): what Terraform
 * Cloud reviews, and therefore what every proof in this package reads.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** One resource or data source block: its Terraform arguments, plus cdktf's `//` metadata. */
export type TerraformBlock = Readonly<Record<string, unknown>>;

/** The parts of a `cdk.tf.json` this package reads. */
export interface TerraformJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, TerraformBlock>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, TerraformBlock>>>>;
  readonly output?: Readonly<Record<string, Readonly<{ value?: unknown; sensitive?: boolean; description?: string }>>>;
  readonly provider?: Readonly<Record<string, readonly Readonly<Record<string, unknown>>[]>>;
  /** The `terraform` block: its `backend` or `cloud` says where the stack's state lives. */
  readonly terraform?: Readonly<{ backend?: Readonly<Record<string, Readonly<Record<string, unknown>>>>; cloud?: Readonly<Record<string, unknown>> }>;
}

/** A synthesized stack: its name and its Terraform JSON. */
export interface SynthesizedStack {
  readonly name: string;
  readonly json: TerraformJson;
}

/** Every stack of a synthesis output folder (`<outdir>/stacks/<stack>/cdk.tf.json`), sorted by name. */
export function readSynthesizedStacks(outdir: string): SynthesizedStack[] {
  const stacksDir = join(outdir, 'stacks');
  if (!existsSync(stacksDir)) throw new Error(`${stacksDir} does not exist: synthesize first (npm run synth)`);
  return readdirSync(stacksDir)
    .filter((name) => existsSync(join(stacksDir, name, 'cdk.tf.json')))
    .sort()
    .map((name) => ({ name, json: JSON.parse(readFileSync(join(stacksDir, name, 'cdk.tf.json'), 'utf8')) as TerraformJson }));
}

/** The blocks of one resource type (`resource.<type>`), by logical name. */
export function resourcesOfType(stack: TerraformJson, type: string): [string, TerraformBlock][] {
  return Object.entries(stack.resource?.[type] ?? {});
}

/** The blocks of one data source type (`data.<type>`), by logical name. */
export function dataOfType(stack: TerraformJson, type: string): [string, TerraformBlock][] {
  return Object.entries(stack.data?.[type] ?? {});
}
