/**
 * Test harness: real Terraform 1.11 plans of the synthesized repo's `terraform_data` shadows, in the
 * shape HCP Terraform serves them. The shadow's `input` is lifted to the resource's planned values,
 * and each IAM policy argument gets the document the AWS provider would plan (the synthesized
 * configuration resolved by policy-proof), since a shadow keeps only references in it.
 *
 * Plans asked in the same turn (`Promise.all([planShadow(...), planShadow(...)])`) are made together:
 * each is an instance of one shadow batch (one apply, one plan, one show). Every temporary folder
 * made here is removed after the test file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPlatformConfig } from '@raxx/config';
import { stackPolicies, stackReferences } from '@raxx/policy-proof';
import type { StackGraph } from '@raxx/rotation/graph/graph';
import { buildShadowConfiguration } from './shadow';
import type { JsonObject, JsonValue } from '@raxx/rotation/graph/terraform-json';
import { isJsonObject } from '@raxx/rotation/graph/terraform-json';
import { forceNewFactsFor } from './force-new-facts';
import { temporaryDirectories } from './temporary-directories';
import type { AppliedShadow, InstanceRequest, ShadowPlanRequest } from './shadow-terraform';
import { planShadow as planAloneShadow, ShadowBatch } from './shadow-terraform';

/** Temporary folders this module made for the test file (removed after it). */
const temporary = temporaryDirectories();

/** The app's default synthesis (local backend), copied into a temporary folder of the test file. */
export { synthesizeRealRepo } from './real-repo';

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

/**
 * The shadow of a stack, applied as the baseline of each plan asked of it (in the batch of its turn);
 * `edits` change its configuration after the baseline, before the plan.
 */
export interface BatchedShadow extends AppliedShadow {
  readonly stack: StackGraph;
  readonly edits: ReadonlyArray<NonNullable<InstanceRequest['edit']>>;
}

/** The shadow of `stack`, applied in a fresh folder with the plans asked of it. */
export async function appliedShadowOf(stack: StackGraph): Promise<BatchedShadow> {
  return { dir: temporary.make('rotate-run-task-shadow-'), shadow: buildShadowConfiguration(stack, forceNewFactsFor()), stack, edits: [] };
}

/**
 * The same shadow without one resource (references to its computed attributes become a constant):
 * Terraform then plans its deletion, next to whatever else is asked.
 */
export function withoutResource(applied: BatchedShadow, address: string): BatchedShadow {
  const edit: NonNullable<InstanceRequest['edit']> = (configuration, instance) => {
    const shadowAddress = instance.shadow.shadowAddressOf.get(address) as string;
    delete ((configuration.resource as JsonObject).terraform_data as JsonObject)[shadowAddress.split('.')[1]];
    const text = JSON.stringify(configuration).split(`${shadowAddress}.id`).join('\\"deleted-by-test\\"');
    const edited = JSON.parse(text) as JsonObject;
    for (const key of Object.keys(configuration)) delete configuration[key];
    Object.assign(configuration, edited);
  };
  return { ...applied, edits: [...applied.edits, edit] };
}

interface AskedPlan {
  readonly applied: BatchedShadow;
  readonly request: ShadowPlanRequest;
  readonly resolve: (plan: JsonObject) => void;
  readonly reject: (error: unknown) => void;
}

let asked: AskedPlan[] = [];
let batches = 0;

/** Makes every plan asked so far, as instances of one batch in the first shadow's folder. */
async function planAsked(): Promise<void> {
  const plans = asked;
  asked = [];
  const batch = new ShadowBatch(join(plans[0].applied.dir, `batch-${batches++}`));
  const instances = plans.map(({ applied, request }) =>
    batch.add(applied.stack, {
      replace: request.replace,
      changedInputs: request.changedInputs,
      edit: (configuration, instance) => applied.edits.forEach((edit) => edit(configuration, instance)),
    }),
  );
  try {
    await batch.apply();
    await batch.plan();
    plans.forEach(({ resolve }, i) => resolve(batch.planOf(instances[i])));
  } catch (error) {
    for (const { reject } of plans) reject(error);
  }
}

/**
 * `terraform plan` + `terraform show -json` of the shadow, mapped to real addresses. The plans asked
 * in one turn are made in one batch; a shadow applied alone (`applyShadow`) is planned alone.
 */
export function planShadow(applied: AppliedShadow | BatchedShadow, request: ShadowPlanRequest): Promise<JsonObject> {
  if (!('stack' in applied)) return planAloneShadow(applied, request);
  return new Promise((resolve, reject) => {
    asked.push({ applied, request, resolve, reject });
    if (asked.length === 1) setImmediate(() => void planAsked());
  });
}
