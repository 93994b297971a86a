/**
 * Test harness: real Terraform 1.11 plans of the synthesized repo's `terraform_data` shadows, in the
 * shape HCP Terraform serves them. The shadow's `input` is lifted to the resource's planned values,
 * and each IAM policy argument gets the document the AWS provider would plan (the synthesized
 * configuration resolved by policy-proof), since a shadow keeps only references in it.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlatformConfig } from '@raxx/config';
import { stackPolicies, stackReferences } from '@raxx/policy-proof';
import type { StackGraph } from '../../src/graph';
import type { JsonObject, JsonValue } from '../../src/terraform-json';
import { isJsonObject } from '../../src/terraform-json';
import { WORKSPACE_ROOT } from '../fixture-repo';
import type { AppliedShadow } from '../shadow-terraform';
import { applyShadow, planShadow } from '../shadow-terraform';

/** Builds the workspace and synthesizes the real repo into a temporary folder; returns it. */
export function synthesizeRealRepo(): string {
  const outdir = mkdtempSync(join(tmpdir(), 'rotate-run-task-synth-'));
  execFileSync(process.execPath, [join(WORKSPACE_ROOT, 'scripts', 'build.mjs')], { cwd: WORKSPACE_ROOT });
  execFileSync(process.execPath, [join(WORKSPACE_ROOT, 'packages', 'app', 'dist', 'main.js'), '--outdir', outdir], { cwd: WORKSPACE_ROOT, env: { ...process.env, TFC_ORGANIZATION: '' } });
  return outdir;
}

/** Each policy argument of the stack, resolved: address -> argument -> document JSON. */
function resolvedPolicies(outdir: string, stack: string): Map<string, Record<string, string>> {
  const json = JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
  const refs = stackReferences({ name: stack, json }, loadPlatformConfig({}));
  const byAddress = new Map<string, Record<string, string>>();
  for (const policy of refs ? stackPolicies(refs) : []) {
    const argument = policy.origin === 'trust' ? 'assume_role_policy' : 'policy';
    byAddress.set(policy.address, { ...(byAddress.get(policy.address) ?? {}), [argument]: JSON.stringify(policy.document) });
  }
  return byAddress;
}

function lift(value: JsonValue | undefined): JsonValue {
  return isJsonObject(value) && 'input' in value ? (value.input ?? null) : (value ?? null);
}

/**
 * A real shadow plan as HCP Terraform serves it: planned values per resource, real policy documents;
 * `widen` rewrites the planned document of one policy address.
 */
export function asServedPlan(plan: JsonObject, outdir: string, stack: string, widen?: { address: string; document: object }): JsonObject {
  const policies = resolvedPolicies(outdir, stack);
  const changes = (plan.resource_changes as JsonObject[]).map((entry) => {
    const change = entry.change as JsonObject;
    const after = lift(change.after);
    const afterUnknown = isJsonObject(change.after_unknown) && isJsonObject(change.after_unknown.input) ? change.after_unknown.input : {};
    const documents = policies.get(entry.address as string);
    const planned = isJsonObject(after) && documents ? { ...after, ...documents } : after;
    const widened = widen && widen.address === entry.address && isJsonObject(planned) ? { ...planned, policy: JSON.stringify(widen.document) } : planned;
    return { ...entry, change: { ...change, before: lift(change.before), after: widened, after_unknown: afterUnknown } };
  });
  return { ...plan, resource_changes: changes };
}

/** The shadow of `stack` applied once in a fresh folder. */
export function appliedShadowOf(stack: StackGraph): Promise<AppliedShadow> {
  return applyShadow(stack, join(mkdtempSync(join(tmpdir(), 'rotate-run-task-shadow-')), stack.name));
}

/**
 * The same shadow without one resource (references to its computed attributes become a constant):
 * Terraform then plans its deletion, next to whatever else is asked.
 */
export function withoutResource(applied: AppliedShadow, address: string): AppliedShadow {
  const shadowAddress = applied.shadow.shadowAddressOf.get(address) as string;
  const name = shadowAddress.split('.')[1];
  const dir = mkdtempSync(join(tmpdir(), 'rotate-run-task-mutated-'));
  cpSync(applied.dir, dir, { recursive: true });
  const configuration = JSON.parse(readFileSync(join(dir, 'main.tf.json'), 'utf8'));
  delete configuration.resource.terraform_data[name];
  const text = JSON.stringify(configuration).split(`${shadowAddress}.id`).join('\\"deleted-by-test\\"');
  writeFileSync(join(dir, 'main.tf.json'), text);
  return { dir, shadow: applied.shadow };
}

export { planShadow };
