/**
 * Test harness: runs real Terraform (1.11, built-in terraform_data only: offline, no providers) on
 * the shadow of a stack, and maps its plan back to real addresses.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { StackGraph } from '../src/graph';
import type { ShadowStack } from '../src/shadow';
import { buildShadowConfiguration, realPlanFromShadow } from '../src/shadow';
import type { JsonObject } from '../src/terraform-json';

const run = promisify(execFile);
const CLI_CONFIG = join(tmpdir(), 'rotate-empty.tfrc');
writeFileSync(CLI_CONFIG, '');
const TERRAFORM_ENV = { ...process.env, TF_CLI_CONFIG_FILE: CLI_CONFIG, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };

/** Runs Terraform in `dir` offline (empty CLI configuration); returns stdout. */
export async function terraform(dir: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('terraform', args, { cwd: dir, env: TERRAFORM_ENV, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** A shadow stack applied once into local state in `dir`. */
export interface AppliedShadow {
  readonly dir: string;
  readonly shadow: ShadowStack;
}

/** Writes the shadow of `stack` into `dir` and applies it (remote-state variables at "initial"). */
export async function applyShadow(stack: StackGraph, dir: string): Promise<AppliedShadow> {
  mkdirSync(dir, { recursive: true });
  const shadow = buildShadowConfiguration(stack);
  writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(shadow.configuration, null, 2));
  await terraform(dir, 'apply', '-auto-approve', '-input=false', '-no-color');
  return { dir, shadow };
}

/** What to plan on an applied shadow. */
export interface ShadowPlanRequest {
  /** Real addresses to `-replace`. */
  readonly replace?: readonly string[];
  /** Remote-state variables with a new value (upstream outputs that changed). */
  readonly changedInputs?: readonly string[];
  /** Plan file name (unique per plan: plans of one shadow run in parallel). */
  readonly name: string;
}

/** `terraform plan` + `terraform show -json` on the shadow, mapped to real addresses. */
export async function planShadow(applied: AppliedShadow, request: ShadowPlanRequest): Promise<JsonObject> {
  const replace = (request.replace ?? []).map((address) => `-replace=${applied.shadow.shadowAddressOf.get(address) ?? address}`);
  const vars = (request.changedInputs ?? []).map((variable) => `-var=${variable}=rotated`);
  const planFile = `${request.name}.tfplan`;
  await terraform(applied.dir, 'plan', '-lock=false', '-input=false', '-no-color', ...replace, ...vars, `-out=${planFile}`);
  const shown = JSON.parse(await terraform(applied.dir, 'show', '-json', planFile)) as JsonObject;
  return realPlanFromShadow(shown, applied.shadow);
}

/** Non-no-op resource actions of a (mapped) plan: address -> replace | update | delete | create. */
export function actionsOf(plan: JsonObject): Record<string, string> {
  const actions: Record<string, string> = {};
  for (const change of plan.resource_changes as Array<{ address: string; change: { actions: string[] } }>) {
    const key = change.change.actions.join(',');
    if (key === 'no-op' || key === 'read') continue;
    actions[change.address] = key === 'delete,create' || key === 'create,delete' ? 'replace' : key;
  }
  return actions;
}

/** Names of outputs the plan changes. */
export function changedOutputsOf(plan: JsonObject): string[] {
  const outputs = (plan.output_changes ?? {}) as Record<string, { actions: string[] }>;
  return Object.keys(outputs).filter((name) => outputs[name].actions.join(',') !== 'no-op').sort();
}

/** Terraform's own add/change/destroy counts of a plan. */
export function summaryOf(plan: JsonObject): { add: number; change: number; destroy: number } {
  let add = 0;
  let change = 0;
  let destroy = 0;
  for (const action of Object.values(actionsOf(plan))) {
    if (action === 'replace') {
      add++;
      destroy++;
    } else if (action === 'create') add++;
    else if (action === 'update') change++;
    else if (action === 'delete') destroy++;
  }
  return { add, change, destroy };
}
