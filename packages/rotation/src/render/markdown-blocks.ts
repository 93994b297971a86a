/** Markdown building blocks shared by the runbook renderers (pure). */
import type { Command, PrepareStep } from '../runbook';
import type { StackPrediction } from '../predict/predict';

export function shell(commands: readonly Command[]): string {
  const width = Math.min(100, Math.max(...commands.map((command) => command.command.length)));
  const lines = commands.map((command) => `${command.command.padEnd(width)}  # ${command.description}`);
  return ['```sh', ...lines, '```'].join('\n');
}

export function fenced(text: string): string {
  return ['```', text, '```'].join('\n');
}

export function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function backendLine(prediction: { stack: string; backend: StackPrediction['backend'] }): string {
  const { backend } = prediction;
  if (backend.kind === 'cloud') return `Terraform Cloud workspace \`${backend.workspace}\` (organization \`${backend.organization}\`)`;
  if (backend.kind === 'local') return `local state \`${backend.path}\``;
  return `\`${backend.type}\` backend`;
}

/** The start of section 1 of an in-state key's runbook: the stack's directory, backend and commands. */
export function inStatePrepareSection(prepare: PrepareStep): string[] {
  return ['## 1. Prepare', '', `Stack directory \`${prepare.directory}\`, ${backendLine(prepare)}.`, '', shell(prepare.commands)];
}

/** Section 1 of an out-of-state key's runbook: Terraform holds nothing, so its stack must stay at "No changes.". */
export function outOfStatePrepareSection(prepare: PrepareStep): string[] {
  return [
    '## 1. Prepare',
    '',
    `Terraform does not hold this key: the stack must plan no changes before and after (${backendLine(prepare)}).`,
    '',
    shell(prepare.commands),
    '',
  ];
}
