/** The Terraform commands of a runbook: preparing a working directory, and the reviewed plan/verify/apply. */
import type { StackGraph } from '../graph';
import type { StackPrediction } from '../predict';
import { terraformCloudApplyCommands, terraformCloudInitCommands } from './terraform-cloud';
import type { Command, PrepareStep } from './types';

/** How the runbooks call this tool. */
export const ROTATE_COMMAND = 'npx rotate';

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

export function reviewedApplyCommands(targetName: string, stack: StackGraph, replaceAddress?: string): Command[] {
  if (stack.backend.kind === 'cloud') return terraformCloudApplyCommands(targetName, stack, replaceAddress);
  const tf = `terraform -chdir=${stack.directory}`;
  const file = `rotate-${targetName}-${stack.name}`;
  const replace = replaceAddress ? ` -replace=${replaceAddress}` : '';
  return [
    { description: replaceAddress ? `plan the replacement of ${replaceAddress}` : 'plan with the new upstream outputs', command: `${tf} plan${replace} -out=${file}.tfplan` },
    { description: 'export the plan as JSON', command: `${tf} show -json ${file}.tfplan > ${stack.directory}/${file}.json` },
    {
      description: 'check the plan against this prediction (fails, naming the address, on anything outside the blast radius)',
      command: `${ROTATE_COMMAND} verify --plan ${stack.directory}/${file}.json --target ${targetName} --stack ${stack.name}`,
    },
    { description: 'apply exactly the reviewed plan', command: `${tf} apply ${file}.tfplan` },
  ];
}
