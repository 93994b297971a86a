/**
 * The Terraform commands of a runbook for a stack in Terraform Cloud (`cloud` backend, set by
 * TFC_ORGANIZATION): the CLI-driven run (`terraform plan -replace`, a saved cloud plan) next to the
 * API-driven run (`POST /api/v2/runs` with `replace-addrs`, `plan-only` for a dry review). The run
 * task's result on the run is the review gate. Tokens are read from the environment, never printed.
 */
import type { StackBackend, StackGraph } from '../graph/graph';
import { ROTATE_COMMAND } from './rotate-command';
import type { Command } from './types';

type CloudBackend = Extract<StackBackend, { kind: 'cloud' }>;

/** Name of the run task the terraform-cloud stack attaches (its result gates the apply). */
export const RUN_TASK_NAME = 'raxx-rotate-verify';

/** The API base in commands: `TFE_ADDRESS`, HCP Terraform by default. */
export const TFE_API = '${TFE_ADDRESS:-https://app.terraform.io}/api/v2';

/** What a token must be able to do, stated where the runbook asks for it. */
export const TOKEN_REQUIREMENTS =
  'a user or team API token with admin access to the workspace: organization tokens cannot read the unredacted plan JSON that `rotate verify --run` and the review need';

/** Saved cloud plans (`plan -out` on a `cloud` backend) and where they work. */
export const SAVED_PLAN_REQUIREMENTS = 'a saved cloud plan needs Terraform >= 1.6 and a CLI-driven workspace (no VCS connection)';

const AUTH = '-H "Authorization: Bearer $TFE_TOKEN"';
const JSON_API = '-H "Content-Type: application/vnd.api+json"';

/** `terraform login`, the token for the API, init. */
export function terraformCloudInitCommands(directory: string, backend: CloudBackend): Command[] {
  return [
    { description: `log in once (organization ${backend.organization}) with ${TOKEN_REQUIREMENTS}`, command: 'terraform login' },
    { description: 'the same kind of token for the API calls below, read without echo (never printed, never in shell history)', command: 'read -rs TFE_TOKEN && export TFE_TOKEN' },
    { description: `initialize against the Terraform Cloud workspace ${backend.workspace} (${SAVED_PLAN_REQUIREMENTS})`, command: `terraform -chdir=${directory} init` },
  ];
}

function runBody(message: string, planOnly: boolean, replaceAddress?: string): string {
  const attributes = [`message: ${JSON.stringify(message)}`, `"plan-only": ${planOnly}`, ...(replaceAddress ? [`"replace-addrs": [${JSON.stringify(replaceAddress)}]`] : [])];
  return `{data: {type: "runs", attributes: {${attributes.join(', ')}}, relationships: {workspace: {data: {type: "workspaces", id: $ws}}}}}`;
}

function createRun(variable: string, message: string, planOnly: boolean, replaceAddress?: string): string {
  return `${variable}=$(jq -n --arg ws "$WORKSPACE_ID" '${runBody(message, planOnly, replaceAddress)}' | curl -sf -X POST ${AUTH} ${JSON_API} --data @- "${TFE_API}/runs" | jq -r .data.id)`;
}

function gate(variable: string): Command {
  return {
    description: `the review gate: the run task ${RUN_TASK_NAME} on the run must say passed (it verifies the plan against this prediction and runs the IAM rule pack); apply nothing else`,
    command: `curl -sf ${AUTH} "${TFE_API}/runs/$${variable}/task-stages?include=task_results" | jq -r '.included[] | select(.type == "task-results") | "\\(.attributes["task-name"]): \\(.attributes.status)"'`,
  };
}

/**
 * The reviewed run of `stack` in Terraform Cloud: CLI-driven first, then the API-driven alternative.
 * With `replaceAddress`, the run replaces it (`-replace` / `replace-addrs`).
 */
export function terraformCloudApplyCommands(targetName: string, stack: StackGraph, replaceAddress?: string): Command[] {
  const backend = stack.backend as CloudBackend;
  const tf = `terraform -chdir=${stack.directory}`;
  const file = `rotate-${targetName}-${stack.name}.tfplan`;
  const replace = replaceAddress ? ` -replace=${replaceAddress}` : '';
  const what = replaceAddress ? `rotate ${targetName}: replace ${replaceAddress}` : `rotate ${targetName}: follow the new upstream outputs`;
  return [
    {
      description: `CLI-driven run in ${backend.workspace} (${SAVED_PLAN_REQUIREMENTS}); the file only names the run, it holds no plan data`,
      command: `${tf} plan${replace} -out=${file}`,
    },
    { description: 'the run id the plan printed (also the last part of its URL)', command: 'RUN_ID=<run id printed above>' },
    gate('RUN_ID'),
    {
      description: `the same check from here, the plan JSON kept in memory (TFE_TOKEN: ${TOKEN_REQUIREMENTS})`,
      command: `${ROTATE_COMMAND} verify --run "$RUN_ID" --target ${targetName} --stack ${stack.name}`,
    },
    { description: 'apply exactly the reviewed run (confirms it in Terraform Cloud)', command: `${tf} apply ${file}` },
    { description: 'remove the saved plan file (a bookmark of the run)', command: `rm -f ${stack.directory}/${file}` },
    { command: '# or, API-driven (no local Terraform; the run uses the workspace\'s latest configuration version):', description: 'the same gate applies' },
    {
      description: `the workspace id of ${backend.workspace}`,
      command: `WORKSPACE_ID=$(curl -sf ${AUTH} "${TFE_API}/organizations/${backend.organization}/workspaces/${backend.workspace}" | jq -r .data.id)`,
    },
    { description: 'dry review: a plan-only run (never applies); its run task result and plan are the review', command: createRun('DRY_RUN_ID', `${what} (dry review)`, true, replaceAddress) },
    gate('DRY_RUN_ID'),
    { description: 'the run to apply, once the dry review passed', command: createRun('RUN_ID', what, false, replaceAddress) },
    gate('RUN_ID'),
    {
      description: 'apply it, only after the gate passed',
      command: `curl -sf -X POST ${AUTH} ${JSON_API} --data '{"comment": "reviewed: ${RUN_TASK_NAME} passed"}' "${TFE_API}/runs/$RUN_ID/actions/apply"`,
    },
  ];
}
