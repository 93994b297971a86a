/** `rotate run-task serve`: the run task server of apps/run-task, on the synthesized stacks this CLI reads. */
import { serveRunTask, serveSettings } from '@raxx/run-task';
import { proofExceptions } from '@raxx/run-task/proof-exceptions';
import type { CliOptions } from '../arguments';
import type { CliContext, Outcome } from '../context';
import { errorOutcome, loadGraph } from '../context';

/** Serves until stopped; exit 0 on a clean stop, 2 when it cannot start. */
export async function runRunTask(options: CliOptions, context: CliContext): Promise<Outcome> {
  const settings = serveSettings(options.port, options.host, context.env);
  if (!settings.ok) return errorOutcome(settings.error);
  const served = await serveRunTask(settings.value, () => loadGraph(options, context), (line) => context.log(`rotate run-task: ${line}`), () => proofExceptions(context.env));
  return served.ok ? { exitCode: 0 } : errorOutcome(served.error);
}
