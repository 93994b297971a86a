/**
 * Truth for the two-slot strategy: for each credential, the stack is synthesized with each phase's
 * slot declaration, mirrored as terraform_data shadows, and real Terraform 1.11 applies the previous
 * phase and plans the next. Every phase's prediction (from the graphs alone) must equal that plan, and
 * `verify` is checked on those plans, including a plan that skips the deactivation. All credentials
 * share one working directory (each rotation a shadow instance of its own), so each phase is one
 * plan, one show and one apply for all of them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CredentialSlotMetadata } from '@raxx/constructs';
import type { RepositoryGraph, StackGraph } from '@raxx/rotation/graph/graph';
import type { StackPrediction } from '@raxx/rotation/predict/predict';
import { predictRepositoryChange } from '@raxx/rotation/predict/config-change';
import { formatSlotState, parseSlotState } from '@raxx/config';
import { rotationStates } from '@raxx/rotation/runbook';
import { realPlanFromShadow } from '../../support/shadow';
import { findTargets } from '@raxx/rotation/graph/targets';
import type { JsonObject } from '@raxx/rotation/graph/terraform-json';
import type { TerraformPlanJson } from '@raxx/rotation/verify/verify';
import { verifyPlan } from '@raxx/rotation/verify/verify';
import { activeSlotsDestroyed, checkPhasePlanStack } from '@raxx/rotation/verify/two-slot';
import type { CliResult } from '../../support/cli-harness';
import { rotate } from '../../support/cli-harness';
import type { ShadowInstance } from '../../support/shadow-terraform';
import { actionsOf, applyBaselines, instancePlan, mergeConfigurations, shadowInstance, summaryOf, terraform, writeConfiguration } from '../../support/shadow-terraform';
import { realRepository } from '../../support/two-slot-repo';

jest.setTimeout(180_000);

/** Synthesis folders this file made (removed after it). */
const synthesized: string[] = [];

/** The real repository with `vars` (see two-slot-repo), its folder noted for removal. */
async function repository(vars: Readonly<Record<string, string>> = {}): Promise<Awaited<ReturnType<typeof realRepository>>> {
  const repo = await realRepository(vars);
  synthesized.push(repo.outdir);
  return repo;
}

function predictedActions(prediction: StackPrediction): Record<string, string> {
  return Object.fromEntries(prediction.changes.filter((change) => change.action !== 'read').map((change) => [change.address, change.action]));
}

interface PhaseRun {
  readonly phase: 1 | 2 | 3;
  readonly from: string;
  readonly to: string;
  readonly predictions: readonly StackPrediction[];
  readonly plan: JsonObject;
  readonly before: StackGraph;
  readonly after: StackGraph;
}

interface CredentialRun {
  readonly slots: CredentialSlotMetadata;
  readonly phases: readonly PhaseRun[];
  /** Phase 3's declaration planned straight after phase 1 (the deactivation skipped). */
  readonly skipped: JsonObject;
  readonly graphs: readonly RepositoryGraph[];
}

const CREDENTIALS = [
  ['uploader_key', 'tomoda-prod'],
  ['eso_reader_key', 'tomoda-prod'],
  ['r2_backup_token_prod', 'r2-backups-prod'],
  ['r2_backup_token_dev', 'r2-backups-dev'],
] as const;

const runs = new Map<string, CredentialRun>();
const SHADOW_ROOT = mkdtempSync(join(tmpdir(), 'rotate-phase-shadow-'));

afterAll(() => {
  for (const dir of [SHADOW_ROOT, ...synthesized]) rmSync(dir, { recursive: true, force: true });
});

/** A credential's stack synthesized with the declaration of each phase (start, then phases 1 to 3). */
interface Rotation {
  readonly credential: string;
  readonly stackName: string;
  readonly slots: CredentialSlotMetadata;
  readonly declarations: readonly string[];
  readonly graphs: readonly RepositoryGraph[];
}

async function synthesizeRotation(credential: string, stackName: string): Promise<Rotation> {
  const { graph: declared } = await repository();
  const found = findTargets(declared, credential, stackName);
  if (!found.ok || found.value[0].kind !== 'in-state' || !found.value[0].slots) throw new Error(`${credential}: not a two-slot target`);
  const slots = found.value[0].slots;
  const states = rotationStates(parseSlotState(slots.slots) as never);
  const declarations = [states.start, ...states.phases].map(formatSlotState);
  const graphs = await Promise.all(declarations.map(async (declaration) => (await repository({ [slots.slotsVariable]: declaration })).graph));
  return { credential, stackName, slots, declarations, graphs };
}

/**
 * Every credential's rotation in one working directory, two shadow instances each: `rotation` goes
 * through phases 1, 2 and 3; `skip` follows it through phase 1, then takes phase 3's declaration
 * straight away (the old slot would be destroyed while Active). Each step writes every instance's
 * next shadow, plans them all at once, and applies that plan: the previous phase of each instance is
 * applied before its next is planned. Shadows take `triggers_replace` from the ForceNew facts.
 */
async function rotateAll(rotations: readonly Rotation[]): Promise<void> {
  const stackAt = (rotation: Rotation, index: number) => rotation.graphs[index].stacks.get(rotation.stackName) as StackGraph;
  const prefixes = rotations.map((_, i) => ({ rotation: `i${2 * i}__`, skip: `i${2 * i + 1}__` }));
  /** The declaration index each instance takes at each step (step 0 is the applied baseline). */
  const STEPS = [
    { rotation: 0, skip: 0 },
    { rotation: 1, skip: 1 },
    { rotation: 2, skip: 3 },
    { rotation: 3, skip: 3 },
  ] as const;
  const dir = SHADOW_ROOT;
  let previous: Array<{ rotation: ShadowInstance; skip: ShadowInstance }> = [];
  const phases = rotations.map((): PhaseRun[] => []);
  const skipped: JsonObject[] = [];
  for (const [step, at] of STEPS.entries()) {
    const current = rotations.map((rotation, i) => ({
      rotation: shadowInstance(stackAt(rotation, at.rotation), prefixes[i].rotation),
      skip: shadowInstance(stackAt(rotation, at.skip), prefixes[i].skip),
    }));
    if (step === 0) {
      // Instances whose start is the same shadow (both tomoda-prod credentials, each skip) share one apply.
      await applyBaselines(dir, current.flatMap(({ rotation, skip }) => [rotation, skip]));
      previous = current;
      continue;
    }
    writeConfiguration(dir, mergeConfigurations(current.flatMap(({ rotation, skip }) => [rotation.shadow.configuration, skip.shadow.configuration])));
    const phase = step as 1 | 2 | 3;
    await terraform(dir, 'plan', '-input=false', '-no-color', `-out=phase${phase}.tfplan`);
    const shown = JSON.parse(await terraform(dir, 'show', '-json', `phase${phase}.tfplan`)) as JsonObject;
    for (const [i, rotation] of rotations.entries()) {
      phases[i].push({
        phase,
        from: rotation.declarations[phase - 1],
        to: rotation.declarations[phase],
        predictions: predictRepositoryChange(rotation.graphs[phase - 1], rotation.graphs[phase], rotation.stackName),
        plan: phasePlan(shown, previous[i].rotation, current[i].rotation),
        before: stackAt(rotation, phase - 1),
        after: stackAt(rotation, phase),
      });
      if (phase === 2) skipped[i] = phasePlan(shown, previous[i].skip, current[i].skip);
    }
    await terraform(dir, 'apply', '-auto-approve', '-input=false', '-no-color', `phase${phase}.tfplan`);
    previous = current;
  }
  for (const [i, { credential, slots, graphs }] of rotations.entries()) runs.set(credential, { slots, graphs, phases: phases[i], skipped: skipped[i] });
}

/** One instance's part of a batch plan, mapped to real addresses; resources deleted by the phase are named by the previous shadow. */
function phasePlan(shown: JsonObject, previous: ShadowInstance, next: ShadowInstance): JsonObject {
  return realPlanFromShadow(instancePlan(shown, next.prefix), { ...next.alone, realAddressOf: new Map([...previous.alone.realAddressOf, ...next.alone.realAddressOf]) });
}

beforeAll(async () => {
  const rotations: Rotation[] = [];
  for (const [credential, stack] of CREDENTIALS) rotations.push(await synthesizeRotation(credential, stack));
  await rotateAll(rotations);
});

describe('each phase, predicted from the graphs, is what Terraform plans', () => {
  test.each(CREDENTIALS)('%s in %s: only the credential\'s stack changes in any phase', (credential, stack) => {
    for (const phase of (runs.get(credential) as CredentialRun).phases) expect(phase.predictions.map((prediction) => prediction.stack)).toEqual([stack]);
  });

  test.each(CREDENTIALS)('%s in %s: same actions and the same Plan line in every phase', (credential) => {
    for (const phase of (runs.get(credential) as CredentialRun).phases) {
      const [prediction] = phase.predictions;
      expect({ phase: phase.phase, actions: actionsOf(phase.plan) }).toEqual({ phase: phase.phase, actions: predictedActions(prediction) });
      expect({ phase: phase.phase, summary: summaryOf(phase.plan) }).toEqual({ phase: phase.phase, summary: prediction.summary });
    }
  });

  test('uploader_key in tomoda-prod: Terraform itself creates slot b without destroying anything, switches a off in place, then deletes it', () => {
    const { phases } = runs.get('uploader_key') as CredentialRun;
    expect(phases.map((phase) => actionsOf(phase.plan))).toEqual([
      {
        'aws_iam_access_key.uploader_key_b': 'create',
        'aws_secretsmanager_secret_version.s3_uploader_creds_b': 'create',
        'kubernetes_manifest.uploader_external_secret': 'update',
      },
      { 'aws_iam_access_key.uploader_key_a': 'update' },
      { 'aws_iam_access_key.uploader_key_a': 'delete', 'aws_secretsmanager_secret_version.s3_uploader_creds_a': 'delete' },
    ]);
    expect(phases.map((phase) => summaryOf(phase.plan))).toEqual([
      { add: 2, change: 1, destroy: 0 },
      { add: 0, change: 1, destroy: 0 },
      { add: 0, change: 0, destroy: 2 },
    ]);
  });

  test('r2_backup_token_prod: slot b\'s token and secrets are created and the variable updated in place; a is disabled, then deleted with its secrets', () => {
    const { phases } = runs.get('r2_backup_token_prod') as CredentialRun;
    expect(actionsOf(phases[0].plan)).toEqual({
      'cloudflare_account_token.r2_backup_token_prod_b': 'create',
      'github_actions_environment_secret.r2_backup_access_key_id_b_prod': 'create',
      'github_actions_environment_secret.r2_backup_secret_access_key_b_prod': 'create',
      'github_actions_environment_variable.r2_backup_active_slot_prod': 'update',
    });
    expect(actionsOf(phases[2].plan)).toEqual({
      'cloudflare_account_token.r2_backup_token_prod_a': 'delete',
      'github_actions_environment_secret.r2_backup_access_key_id_a_prod': 'delete',
      'github_actions_environment_secret.r2_backup_secret_access_key_a_prod': 'delete',
    });
  });
});

describe('verify on the real phase plans', () => {
  test.each(CREDENTIALS)('%s in %s: every phase plan belongs to the stack, matches its prediction and destroys no usable slot', (credential) => {
    const { phases, slots } = runs.get(credential) as CredentialRun;
    for (const phase of phases) {
      const plan = phase.plan as unknown as TerraformPlanJson;
      expect(checkPhasePlanStack(plan, phase.before, phase.after)).toEqual({ ok: true, value: undefined });
      expect({ phase: phase.phase, violations: verifyPlan(plan, phase.predictions[0]).violations }).toEqual({ phase: phase.phase, violations: [] });
      expect(activeSlotsDestroyed(plan, slots)).toEqual([]);
    }
  });

  test.each(CREDENTIALS)('%s in %s: a plan that deletes the old slot without switching it off first is caught, naming its status', (credential) => {
    const { skipped, slots, phases } = runs.get(credential) as CredentialRun;
    expect(activeSlotsDestroyed(skipped as unknown as TerraformPlanJson, slots)).toEqual([{ address: slots.addresses.a, status: slots.status.active }]);
    // The phase-3 prediction alone would accept it: the guard reads the prior state, not the configuration.
    expect(verifyPlan(skipped as unknown as TerraformPlanJson, phases[2].predictions[0]).violations).toEqual([]);
  });

  test('phase 2 of another credential is refused for this one: the plan names addresses the stack lacks', () => {
    const uploader = runs.get('uploader_key') as CredentialRun;
    const r2 = runs.get('r2_backup_token_prod') as CredentialRun;
    const result = checkPhasePlanStack(r2.phases[1].plan as unknown as TerraformPlanJson, uploader.phases[1].before, uploader.phases[1].after);
    expect(result.ok).toBe(false);
  });

  describe('through the CLI, with the declaration each phase is run under', () => {
    /** `rotate verify --strategy two-slot` on a plan piped through stdin, the declaration exported and synthesized (the CLI in this process). */
    const cli = async (declaration: string, plan: JsonObject, phase: number): Promise<CliResult> => {
      const { outdir } = await repository({ RAXX_PROD_UPLOADER_KEY_SLOTS: declaration });
      const args = ['verify', '--plan', '-', '--target', 'uploader_key', '--stack', 'tomoda-prod', '--strategy', 'two-slot', '--phase', String(phase), '--synth-dir', outdir];
      return rotate(args, { env: { RAXX_PROD_UPLOADER_KEY_SLOTS: declaration }, stdin: JSON.stringify(plan) });
    };
    const results = new Map<string, CliResult>();

    beforeAll(async () => {
      const { phases, skipped } = runs.get('uploader_key') as CredentialRun;
      const cases: Array<[string, string, JsonObject, number]> = [
        ['phase 1', 'b+active-standby', phases[0].plan, 1],
        ['phase 3', 'b', phases[2].plan, 3],
        ['skipped', 'b', skipped, 3],
      ];
      await Promise.all(cases.map(async ([name, declaration, plan, phase]) => results.set(name, await cli(declaration, plan, phase))));
    });

    test('phase 1, piped on stdin, under b+active-standby: verified', () => {
      const result = results.get('phase 1') as CliResult;
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe('verified: the plan for tomoda-prod matches phase 1 of uploader_key (a -> b+active-standby; plan: 2 to add, 1 to change, 0 to destroy; predicted: 2 to add, 1 to change, 0 to destroy; 3 predicted change(s) present)\n');
      expect(result.status).toBe(0);
    });

    test('phase 3 under the end declaration b: verified', () => {
      const result = results.get('phase 3') as CliResult;
      expect(result.stdout).toBe('verified: the plan for tomoda-prod matches phase 3 of uploader_key (b+inactive -> b; plan: 0 to add, 0 to change, 2 to destroy; predicted: 0 to add, 0 to change, 2 to destroy; 2 predicted change(s) present)\n');
      expect(result.status).toBe(0);
    });

    test('the deletion of a key still Active fails, naming it and the phase that switches it off', () => {
      const result = results.get('skipped') as CliResult;
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        'rotate verify: plan for tomoda-prod leaves phase 3 of uploader_key (b+inactive -> b; plan: 0 to add, 0 to change, 2 to destroy; predicted: 0 to add, 0 to change, 2 to destroy):\n' +
          '  aws_iam_access_key.uploader_key_a: destroyed while status = "Active"; switch it off first (status = "Inactive", phase 2)\n',
      );
    });
  });
});
