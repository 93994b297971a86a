/**
 * The rotation runbook of a stack in Terraform Cloud (TFC_ORGANIZATION set): the CLI-driven
 * `plan -replace` next to the API-driven run (`replace-addrs`, `plan-only` for a dry review), the run
 * task's result as the gate, the token and workspace requirements, and no token in any command.
 */
import { describeSynthesisError, ensureSynthesis } from '@raxx/infra/synthesis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeError } from '@raxx/rotation/render/errors';
import { buildRepositoryGraph } from '@raxx/rotation/graph/graph';
import { renderPlanMarkdown } from '@raxx/rotation/render/markdown';
import type { ReplaceRotationPlan } from '@raxx/rotation/runbook';
import { planRotation } from '@raxx/rotation/runbook';
import { parseStackFiles, readStackFiles } from '../../src/io/synth-output';
import { buildWorkspaces, WORKSPACE_ROOT } from '../support/fixture-repo';
import { installedReplacementTable } from '@raxx/rotate';

// The app's synthesis with TFC_ORGANIZATION=acme (every stack in its own Terraform Cloud workspace).
const OUTDIR = mkdtempSync(join(tmpdir(), 'rotate-tfc-synth-'));
const synthesized = ensureSynthesis({ outdir: OUTDIR, vars: { TFC_ORGANIZATION: 'acme', RAXX_RUN_TASK_URL: 'https://run-task.acme.test/' } });
if (!synthesized.ok) throw new Error(describeSynthesisError(synthesized.error));
buildWorkspaces();

let plan: ReplaceRotationPlan;

afterAll(() => rmSync(OUTDIR, { recursive: true, force: true }));

beforeAll(async () => {
  const files = readStackFiles(WORKSPACE_ROOT, OUTDIR);
  if (!files.ok) throw new Error(describeError(files.error));
  const result = planRotation(buildRepositoryGraph(await parseStackFiles(files.value), installedReplacementTable()), { target: 'uploader_key', stack: 'tomoda-prod' });
  if (!result.ok || result.value[0].kind !== 'replace') throw new Error('no replace plan');
  plan = result.value[0];
});

describe('the runbook in Terraform Cloud mode', () => {
  test('prepares with a user or team token that has admin on the workspace, read without echo', () => {
    expect(plan.prepare.backend).toEqual({ kind: 'cloud', organization: 'acme', workspace: 'raxx-tomoda-prod' });
    expect(plan.prepare.commands.slice(0, 2)).toEqual([
      {
        command: 'terraform login',
        description:
          'log in once (organization acme) with a user or team API token with admin access to the workspace: organization tokens cannot read the unredacted plan JSON that `rotate verify --run` and the review need',
      },
      { command: 'read -rs TFE_TOKEN && export TFE_TOKEN', description: 'the same kind of token for the API calls below, read without echo (never printed, never in shell history)' },
    ]);
    expect(plan.prepare.commands[2].description).toBe('initialize against the Terraform Cloud workspace raxx-tomoda-prod (a saved cloud plan needs Terraform >= 1.6 and a CLI-driven workspace (no VCS connection))');
  });

  test('the CLI-driven run: plan -replace to a saved cloud plan, the run task gate, verify --run, apply that run', () => {
    const dir = plan.prepare.directory;
    expect(plan.replace.commands.slice(0, 6).map((command) => command.command)).toEqual([
      `terraform -chdir=${dir} plan -replace=aws_iam_access_key.uploader_key_a -out=rotate-uploader_key-tomoda-prod.tfplan`,
      'RUN_ID=<run id printed above>',
      `curl -sf -H "Authorization: Bearer $TFE_TOKEN" "\${TFE_ADDRESS:-https://app.terraform.io}/api/v2/runs/$RUN_ID/task-stages?include=task_results" | jq -r '.included[] | select(.type == "task-results") | "\\(.attributes["task-name"]): \\(.attributes.status)"'`,
      'npx rotate verify --run "$RUN_ID" --target uploader_key --stack tomoda-prod',
      `terraform -chdir=${dir} apply rotate-uploader_key-tomoda-prod.tfplan`,
      `rm -f ${dir}/rotate-uploader_key-tomoda-prod.tfplan`,
    ]);
    expect(plan.replace.commands[2].description).toContain('the review gate: the run task raxx-rotate-verify on the run must say passed');
  });

  test('the API-driven run: the JSON:API body with replace-addrs, plan-only for the dry review, then apply after the gate', () => {
    const commands = plan.replace.commands.map((command) => command.command);
    const body = (planOnly: boolean) =>
      `'{data: {type: "runs", attributes: {message: "rotate uploader_key: replace aws_iam_access_key.uploader_key_a${planOnly ? ' (dry review)' : ''}", "plan-only": ${planOnly}, "replace-addrs": ["aws_iam_access_key.uploader_key_a"]}, relationships: {workspace: {data: {type: "workspaces", id: $ws}}}}}'`;
    expect(commands).toContain(
      `DRY_RUN_ID=$(jq -n --arg ws "$WORKSPACE_ID" ${body(true)} | curl -sf -X POST -H "Authorization: Bearer $TFE_TOKEN" -H "Content-Type: application/vnd.api+json" --data @- "\${TFE_ADDRESS:-https://app.terraform.io}/api/v2/runs" | jq -r .data.id)`,
    );
    expect(commands).toContain(
      `RUN_ID=$(jq -n --arg ws "$WORKSPACE_ID" ${body(false)} | curl -sf -X POST -H "Authorization: Bearer $TFE_TOKEN" -H "Content-Type: application/vnd.api+json" --data @- "\${TFE_ADDRESS:-https://app.terraform.io}/api/v2/runs" | jq -r .data.id)`,
    );
    expect(commands).toContain('WORKSPACE_ID=$(curl -sf -H "Authorization: Bearer $TFE_TOKEN" "${TFE_ADDRESS:-https://app.terraform.io}/api/v2/organizations/acme/workspaces/raxx-tomoda-prod" | jq -r .data.id)');
    expect(commands[commands.length - 1]).toBe(
      'curl -sf -X POST -H "Authorization: Bearer $TFE_TOKEN" -H "Content-Type: application/vnd.api+json" --data \'{"comment": "reviewed: raxx-rotate-verify passed"}\' "${TFE_ADDRESS:-https://app.terraform.io}/api/v2/runs/$RUN_ID/actions/apply"',
    );
  });

  test('every Authorization header reads the token from the environment; no plan JSON is written', () => {
    const markdown = renderPlanMarkdown(plan, installedReplacementTable());
    const headers = markdown.match(/Authorization: Bearer [^"]*/g) ?? [];
    expect(headers.length).toBeGreaterThan(0);
    expect(new Set(headers)).toEqual(new Set(['Authorization: Bearer $TFE_TOKEN']));
    expect(markdown).not.toMatch(/-chdir=\S+ show -json/);
  });
});
