/**
 * The terraform-cloud stack on a small app of its own: workspaces, execution modes, state sharing and
 * run triggers come from the app's stacks, providers and cross-stack references.
 */
import { GithubProvider } from '@cdktf/provider-github/lib/provider';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TfeProvider } from '@cdktf/provider-tfe/lib/provider';
import { loadPlatformConfig } from '@raxx/config';
import { RaxxStack } from '@raxx/constructs';
import { App, TerraformOutput } from 'cdktf';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enforcementLevelOf, TerraformCloudStack } from '../src';

// cdktf's record of where each token was created is not source-mapped in these tests (see the helper).

const CONFIG = loadPlatformConfig({ TFC_ORGANIZATION: 'acme', RAXX_RUN_TASK_URL: 'https://run-task.example.test/' }).terraformCloud!;

/** A cluster stack (`source-dev`) whose namespace name a GitHub stack (`reader-prod`) reads. */
function smallApp(outdir: string): App {
  const app = new App({ outdir });
  const source = new RaxxStack(app, 'source-dev', { terraformCloudOrganization: 'acme' });
  new KubernetesProvider(source, 'kubernetes', { configPath: '~/.kube/config', configContext: 'dev' });
  const namespace = new NamespaceV1(source, 'namespace', { metadata: { name: 'app-dev' } });
  const reader = new RaxxStack(app, 'reader-prod', { terraformCloudOrganization: 'acme' });
  new GithubProvider(reader, 'github', { owner: 'raxx-app' });
  new TerraformOutput(reader, 'namespace', { value: namespace.metadata.name });
  return app;
}

/** The terraform-cloud stack's cdk.tf.json. */
function synthesized(build: (outdir: string) => App): Record<string, any> {
  const outdir = mkdtempSync(join(tmpdir(), 'terraform-cloud-'));
  build(outdir).synth();
  return JSON.parse(readFileSync(join(outdir, 'stacks', 'terraform-cloud', 'cdk.tf.json'), 'utf8'));
}

describe('the terraform-cloud stack of an app', () => {
  const json = synthesized((outdir) => {
    const app = smallApp(outdir);
    new TerraformCloudStack(app, { config: CONFIG });
    return app;
  });
  const resource = json.resource;

  test('one CLI-driven workspace per stack, in the project, working directory stacks/<stack>; its own imported and kept', () => {
    const workspaces = Object.values(resource.tfe_workspace) as Array<Record<string, unknown>>;
    expect(workspaces.map((workspace) => [workspace.name, workspace.working_directory, workspace.project_id, workspace.auto_apply])).toEqual([
      ['raxx-reader-prod', 'stacks/reader-prod', '${tfe_project.credentials.id}', false],
      ['raxx-source-dev', 'stacks/source-dev', '${tfe_project.credentials.id}', false],
      ['raxx-terraform-cloud', 'stacks/terraform-cloud', '${tfe_project.credentials.id}', false],
    ]);
    expect(resource.tfe_project.credentials).toMatchObject({ name: 'raxx-credentials', organization: 'acme' });
    expect(json.import).toEqual([{ id: 'acme/raxx-terraform-cloud', to: 'tfe_workspace.terraform_cloud' }]);
    expect(resource.tfe_workspace.terraform_cloud.lifecycle).toEqual({ prevent_destroy: true });
  });

  test('the stack that reaches a cluster runs on the agent pool, allowed for it alone; the others remote; this one local', () => {
    const settings = resource.tfe_workspace_settings;
    expect(settings.source_dev).toMatchObject({ execution_mode: 'agent', agent_pool_id: '${tfe_agent_pool.cluster_agents.id}', depends_on: ['tfe_agent_pool_allowed_workspaces.cluster_agents'] });
    expect(settings.reader_prod.execution_mode).toBe('remote');
    expect(settings.reader_prod.agent_pool_id).toBeUndefined();
    expect(settings.terraform_cloud.execution_mode).toBe('local');
    expect(resource.tfe_agent_pool.cluster_agents).toMatchObject({ name: 'raxx-cluster-agents', organization_scoped: false });
    expect(resource.tfe_agent_pool_allowed_workspaces.cluster_agents.allowed_workspace_ids).toEqual(['${tfe_workspace.source_dev.id}']);
  });

  test('state is shared only with the stack that reads it, and that stack runs after it', () => {
    const settings = resource.tfe_workspace_settings;
    expect(Object.fromEntries(Object.entries(settings).map(([name, value]) => [name, [(value as any).global_remote_state, (value as any).remote_state_consumer_ids]]))).toEqual({
      reader_prod: [false, []],
      source_dev: [false, ['${tfe_workspace.reader_prod.id}']],
      terraform_cloud: [false, []],
    });
    expect(resource.tfe_run_trigger).toEqual({
      reader_prod_after_source_dev: expect.objectContaining({ workspace_id: '${tfe_workspace.reader_prod.id}', sourceable_id: '${tfe_workspace.source_dev.id}' }),
    });
  });

  test('the run task: HMAC key write-only from an ephemeral sensitive variable, attached post_plan, advisory in dev and mandatory in prod', () => {
    const { '//': _metadata, ...task } = resource.tfe_organization_run_task.rotate_verify;
    expect(task).toEqual({
      name: 'raxx-rotate-verify',
      organization: 'acme',
      url: 'https://run-task.example.test/',
      hmac_key_wo: '${var.run_task_hmac_key}',
      category: 'task',
      enabled: true,
      description: expect.any(String),
      lifecycle: { replace_triggered_by: ['terraform_data.run_task_hmac_key_version'] },
    });
    expect(task).not.toHaveProperty('hmac_key');
    expect(json.variable.run_task_hmac_key).toEqual({ type: 'string', sensitive: true, ephemeral: true, nullable: false, description: expect.any(String) });
    expect(json.variable.run_task_hmac_key.default).toBeUndefined();
    expect(resource.terraform_data.run_task_hmac_key_version.input).toBe(1);
    const attached = resource.tfe_workspace_run_task;
    expect(Object.keys(attached)).toEqual(['reader_prod', 'source_dev']);
    expect(attached.source_dev).toMatchObject({ workspace_id: '${tfe_workspace.source_dev.id}', task_id: '${tfe_organization_run_task.rotate_verify.id}', stages: ['post_plan'], enforcement_level: 'advisory' });
    expect(attached.reader_prod).toMatchObject({ stages: ['post_plan'], enforcement_level: 'mandatory' });
  });

  test('the key version comes from RAXX_RUN_TASK_HMAC_KEY_VERSION: bumping it changes the terraform_data that replaces the run task', () => {
    const bumped = synthesized((outdir) => {
      const app = smallApp(outdir);
      const config = loadPlatformConfig({ TFC_ORGANIZATION: 'acme', RAXX_RUN_TASK_URL: 'https://run-task.example.test/', RAXX_RUN_TASK_HMAC_KEY_VERSION: '2' }).terraformCloud!;
      new TerraformCloudStack(app, { config });
      return app;
    });
    expect(bumped.resource.terraform_data.run_task_hmac_key_version.input).toBe(2);
    expect(() => loadPlatformConfig({ TFC_ORGANIZATION: 'acme', RAXX_RUN_TASK_URL: 'https://run-task.example.test/', RAXX_RUN_TASK_HMAC_KEY_VERSION: '0' })).toThrow('RAXX_RUN_TASK_HMAC_KEY_VERSION="0" is not a positive integer');
  });

  test('health assessments on every workspace that runs remotely or on the agents; none on the local one', () => {
    const settings = resource.tfe_workspace_settings;
    expect(Object.fromEntries(Object.entries(settings).map(([name, value]) => [name, [(value as any).execution_mode, (value as any).assessments_enabled]]))).toEqual({
      reader_prod: ['remote', true],
      source_dev: ['agent', true],
      terraform_cloud: ['local', false],
    });
    for (const workspace of Object.values(resource.tfe_workspace)) expect(workspace).not.toHaveProperty('assessments_enabled');
  });

  test("the providers' variables by name; a sensitive one has no value and is never overwritten", () => {
    expect(resource.tfe_variable).toEqual({
      reader_prod_github_token: expect.objectContaining({ key: 'GITHUB_TOKEN', category: 'env', sensitive: true, workspace_id: '${tfe_workspace.reader_prod.id}', lifecycle: { ignore_changes: ['value'] } }),
    });
    expect(resource.tfe_variable.reader_prod_github_token.value).toBeUndefined();
  });

  test('the provider reads its token from the environment, never from configuration', () => {
    expect(json.provider.tfe).toEqual([{ organization: 'acme' }]);
  });
});

describe('misuse fails early and says what to fix', () => {
  test('a stack added after it', () => {
    expect(() =>
      synthesized((outdir) => {
        const app = smallApp(outdir);
        new TerraformCloudStack(app, { config: CONFIG });
        new RaxxStack(app, 'late-prod', { terraformCloudOrganization: 'acme' });
        return app;
      }),
    ).toThrow('the terraform-cloud stack must be added to the app last; added after it: late-prod');
  });

  test('a provider whose variables are not declared', () => {
    expect(() =>
      synthesized((outdir) => {
        const app = smallApp(outdir);
        new TfeProvider(new RaxxStack(app, 'other-prod', { terraformCloudOrganization: 'acme' }), 'tfe', {});
        new TerraformCloudStack(app, { config: CONFIG });
        return app;
      }),
    ).toThrow('stack other-prod uses provider "tfe", which has no entry in PROVIDER_VARIABLES (stacks/terraform-cloud/src/provider-variables.ts)');
  });
});

describe('enforcement by environment', () => {
  test.each([
    ['tomoda-dev', 'advisory'],
    ['tomoda-staging', 'mandatory'],
    ['tomoda-prod', 'mandatory'],
    ['freescout-backup', 'mandatory'],
    ['github-secrets', 'mandatory'],
  ])('%s: %s', (stack, level) => {
    expect(enforcementLevelOf(stack, ['dev'])).toBe(level);
  });
});
