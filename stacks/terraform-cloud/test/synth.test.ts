/**
 * `TFC_ORGANIZATION=acme RAXX_RUN_TASK_URL=https://run-task.acme.test/ npm run synth` (CDKTF_OUTDIR points it at a temporary folder): the
 * terraform-cloud stack has a workspace for every stack the app synthesized, the run task attached to
 * each, and state shared exactly along the remote-state reads the other stacks' JSON holds.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** `npm run synth` into a fresh CDKTF_OUTDIR with `env`; the stacks its manifest names. */
function synth(env: Record<string, string>): Promise<{ outdir: string; stacks: string[] }> {
  const outdir = mkdtempSync(join(tmpdir(), 'tfc-synth-'));
  return new Promise((resolve, reject) => {
    // The caller's own Terraform Cloud settings are dropped (an empty TFC_ORGANIZATION would be refused).
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(TFC_ORGANIZATION|RAXX_RUN_TASK_URL)$/.test(name)));
    execFile('npm', ['run', '--silent', 'synth'], { cwd: ROOT, env: { ...inherited, CDKTF_OUTDIR: outdir, ...env } }, (error) => {
      if (error) return reject(error);
      const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
      resolve({ outdir, stacks: Object.keys(manifest.stacks) });
    });
  });
}

/**
 * Both syntheses, started at once before the first test (dist/ brought up to date first, so neither
 * builds); each describe awaits its own.
 */
const syntheses: Partial<Record<'acme' | 'none', ReturnType<typeof synth>>> = {};
beforeAll(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require(join(ROOT, 'apps/infra/build.js')) as { buildWorkspaces: () => void }).buildWorkspaces();
  syntheses.acme = synth({ TFC_ORGANIZATION: 'acme', RAXX_RUN_TASK_URL: 'https://run-task.acme.test/' });
  syntheses.none = synth({});
});
/** A synthesis shares the two cores with the other. */
const SYNTHESIS_TIMEOUT = 60_000;

const stackJson = (outdir: string, stack: string) => JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
const id = (stack: string) => stack.replace(/-/g, '_');

describe('TFC_ORGANIZATION=acme RAXX_RUN_TASK_URL=https://run-task.acme.test/ npm run synth', () => {
  let outdir: string;
  let stacks: string[];
  let json: any;
  let others: string[];
  beforeAll(async () => {
    ({ outdir, stacks } = await (syntheses.acme as ReturnType<typeof synth>));
    json = stackJson(outdir, 'terraform-cloud');
    others = stacks.filter((stack) => stack !== 'terraform-cloud');
  }, SYNTHESIS_TIMEOUT);

  test('synthesizes the terraform-cloud stack, in its own workspace', () => {
    expect(stacks).toContain('terraform-cloud');
    expect(json.terraform.cloud).toEqual({ organization: 'acme', workspaces: { name: 'raxx-terraform-cloud' } });
  });

  test('a workspace raxx-<stack> for every stack of the app', () => {
    const names = Object.values(json.resource.tfe_workspace).map((workspace: any) => workspace.name).sort();
    expect(names).toEqual(stacks.map((stack) => `raxx-${stack}`).sort());
    for (const stack of others) expect(stackJson(outdir, stack).terraform.cloud.workspaces.name).toBe(`raxx-${stack}`);
  });

  test('the run task attached post_plan to every credential workspace', () => {
    expect(Object.keys(json.resource.tfe_workspace_run_task).sort()).toEqual(others.map(id).sort());
    for (const stack of others) {
      expect(json.resource.tfe_workspace_run_task[id(stack)]).toMatchObject({
        workspace_id: `\${tfe_workspace.${id(stack)}.id}`,
        task_id: '${tfe_organization_run_task.rotate_verify.id}',
        stages: ['post_plan'],
        enforcement_level: stack.endsWith('-dev') ? 'advisory' : 'mandatory',
      });
    }
  });

  test("state sharing and run triggers follow the remote-state reads in the other stacks' JSON: none today, so nothing is shared", () => {
    const reads = others.flatMap((reader) =>
      Object.keys(stackJson(outdir, reader).data?.terraform_remote_state ?? {}).map((name) => ({ source: name.replace('cross-stack-reference-input-', ''), reader })),
    );
    // Secrets stay in the stack that creates them (issue 11): today no stack reads another's state, so
    // nothing is shared and nothing triggers; terraform-cloud-stack.test.ts covers a stack that reads one.
    expect(reads).toEqual([]);
    for (const stack of others) {
      const consumers = reads.filter((read) => read.source === stack).map((read) => `\${tfe_workspace.${id(read.reader)}.id}`);
      expect(json.resource.tfe_workspace_settings[id(stack)].remote_state_consumer_ids).toEqual(consumers);
      expect(json.resource.tfe_workspace_settings[id(stack)].global_remote_state).toBe(false);
    }
    expect(Object.keys(json.resource.tfe_run_trigger ?? {}).sort()).toEqual(reads.map((read) => `${id(read.reader)}_after_${id(read.source)}`).sort());
  });

  test('the stacks with a kubernetes provider run on the agent pool, the others remotely', () => {
    for (const stack of others) {
      const cluster = 'kubernetes' in (stackJson(outdir, stack).provider ?? {});
      expect([stack, json.resource.tfe_workspace_settings[id(stack)].execution_mode]).toEqual([stack, cluster ? 'agent' : 'remote']);
    }
    expect(others.filter((stack) => json.resource.tfe_workspace_settings[id(stack)].execution_mode === 'agent').length).toBeGreaterThan(0);
  });

  test('no sensitive variable carries a value; the HMAC key is an ephemeral sensitive variable, sent write-only', () => {
    const sensitive = Object.values(json.resource.tfe_variable).filter((variable: any) => variable.sensitive);
    expect(sensitive.length).toBeGreaterThan(0);
    for (const variable of sensitive as any[]) expect(variable.value).toBeUndefined();
    expect(json.resource.tfe_organization_run_task.rotate_verify.hmac_key_wo).toBe('${var.run_task_hmac_key}');
    expect(json.resource.tfe_organization_run_task.rotate_verify).not.toHaveProperty('hmac_key');
    expect(json.variable.run_task_hmac_key).toMatchObject({ sensitive: true, ephemeral: true });
  });

  test('health assessments on every workspace but the local one of this stack', () => {
    for (const [name, settings] of Object.entries(json.resource.tfe_workspace_settings) as [string, any][]) {
      expect([name, settings.assessments_enabled]).toEqual([name, settings.execution_mode !== 'local']);
    }
    expect(json.resource.tfe_workspace_settings.terraform_cloud.execution_mode).toBe('local');
  });
});

describe('npm run synth without TFC_ORGANIZATION', () => {
  test('has no terraform-cloud stack', async () => {
    expect((await (syntheses.none as ReturnType<typeof synth>)).stacks).not.toContain('terraform-cloud');
  }, SYNTHESIS_TIMEOUT);
});
