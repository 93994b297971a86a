/** The Terraform commands of a runbook: preparing a working directory, and the reviewed plan/verify/apply. */
import { ROTATE_COMMAND } from './rotate-command';
import type { StackGraph } from '../graph/graph';
import type { StackPrediction } from '../predict/predict';
import { terraformCloudApplyCommands, terraformCloudInitCommands } from './terraform-cloud';
import type { Command, PrepareStep } from './types';


export function prepareStep(stack: StackGraph | StackPrediction, name: string): PrepareStep {
  const { directory, backend } = stack;
  const tf = `terraform -chdir=${directory}`;
  const init: Command[] =
    backend.kind === 'cloud'
      ? terraformCloudInitCommands(directory, backend)
      : backend.kind === 'local'
        ? [{ description: `initialize with the local backend (state at ${backend.path})`, command: `${tf} init` }]
        : [{ description: `initialize with the ${backend.type} backend`, command: `${tf} init` }];
  return {
    stack: name,
    directory,
    backend,
    commands: [
      ...init,
      { description: 'expect "No changes." (exit code 0; 2 means drift: resolve it first)', command: `${tf} plan -detailed-exitcode` },
    ],
  };
}

/** The shell variable naming the private directory of a runbook's saved plans. */
export const PLAN_DIRECTORY_VARIABLE = 'PLAN_DIR';

/**
 * Why saved plans live only in a private temporary directory: `terraform plan -out` saves, and
 * `terraform show -json` prints, every value of the stack in plain text, sensitive ones included.
 */
export const SAVED_PLAN_NOTE =
  'A saved plan holds every secret of the stack in plain text (`terraform show -json` prints them): the plans below live only in a private temporary directory (mode 0700), their JSON is piped into `rotate verify` and never written to a file, and each plan is removed once applied.';

/** Creating the private directory of the saved plans (once per runbook), and removing it at the end or on abort. */
export function savedPlanDirectoryCommands(): { readonly create: Command[]; readonly remove: Command[] } {
  const dir = `"\${${PLAN_DIRECTORY_VARIABLE}:?}"`;
  return {
    create: [
      { description: 'private directory (mode 0700) for the saved plans, outside the repository', command: `${PLAN_DIRECTORY_VARIABLE}=$(mktemp -d) && chmod 700 ${dir}` },
      { description: 'on abort: the saved plans go when this shell exits', command: `trap 'rm -rf ${dir}' EXIT` },
    ],
    remove: [{ description: 'every plan is applied: remove the directory of the saved plans', command: `rm -rf ${dir} && trap - EXIT` }],
  };
}

export function reviewedApplyCommands(targetName: string, stack: StackGraph, replaceAddress?: string): Command[] {
  if (stack.backend.kind === 'cloud') return terraformCloudApplyCommands(targetName, stack, replaceAddress);
  const tf = `terraform -chdir=${stack.directory}`;
  const file = `"$${PLAN_DIRECTORY_VARIABLE}/${targetName}-${stack.name}.tfplan"`;
  const replace = replaceAddress ? ` -replace=${replaceAddress}` : '';
  return [
    { description: replaceAddress ? `plan the replacement of ${replaceAddress} into the private directory` : 'plan with the new upstream outputs into the private directory', command: `${tf} plan${replace} -out=${file}` },
    {
      description: 'check the plan against this prediction, its JSON piped (never a file); fails, naming each address, on anything outside the prediction',
      command: `${tf} show -json ${file} | ${ROTATE_COMMAND} verify --plan - --target ${targetName} --stack ${stack.name}`,
    },
    { description: 'apply exactly the reviewed plan', command: `${tf} apply ${file}` },
    { description: 'applied: remove the saved plan', command: `rm -f ${file}` },
  ];
}
