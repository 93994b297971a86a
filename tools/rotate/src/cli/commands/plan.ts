/** `rotate plan`: the runbook of a target, with the strategy asked for (two-slot synthesizes each declaration). */
import type { Result } from '@raxx/rotation/errors';
import { failed, ok } from '@raxx/rotation/errors';
import type { Runbook } from '@raxx/rotation/runbook';
import { planWithStrategy } from '@raxx/rotation/runbook';
import { renderPlansJson } from '@raxx/rotation/render/json';
import { renderPlansMarkdown } from '@raxx/rotation/render/markdown';
import { renderPlansTerminal } from '@raxx/rotation/render/terminal';
import { twoSlotRunbooks } from '../../io/two-slot-run';
import type { CliOptions, Format } from '../arguments';
import type { CliContext, LoadedRepository } from '../context';
import { twoSlotContext } from '../context';

/** True when this process is the Nx target inferred for `target` (nx-plugin.js): Nx prints its own lines to stdout. */
export function runByNxTarget(target: string | undefined, env: NodeJS.ProcessEnv): boolean {
  const nxTarget = env.NX_TASK_TARGET_TARGET;
  return target !== undefined && nxTarget !== undefined && (nxTarget === target || nxTarget === `rotate-${target}`);
}

/** The runbooks as they are printed or written (`terminal` is written as markdown). */
export async function planText(repository: LoadedRepository, options: CliOptions, format: Format, context: CliContext): Promise<Result<string>> {
  const plans: Result<Runbook[]> =
    options.strategy === 'two-slot'
      ? await twoSlotRunbooks(twoSlotContext(repository, context), options.target as string, options.stack)
      : planWithStrategy(repository.graph, { target: options.target as string, stack: options.stack, strategy: options.strategy });
  if (!plans.ok) return failed(plans.error);
  const shown = options.out && format === 'terminal' ? 'markdown' : format;
  const table = repository.graph.replacementTable;
  return ok(shown === 'json' ? renderPlansJson(plans.value) : shown === 'terminal' ? renderPlansTerminal(plans.value, table) : renderPlansMarkdown(plans.value, table));
}
