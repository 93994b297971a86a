/** `rotate due`: which credentials of a state are older than their maximum age. */
import { credentialsDue, parseStateJson, renderDueText, stacksMatchingState } from '@raxx/rotation/due/due';
import type { StackGraph } from '@raxx/rotation/graph/graph';
import { checkStateStack } from '@raxx/rotation/verify/verify';
import type { CliOptions, Format } from '../arguments';
import type { CliContext, LoadedRepository, Outcome } from '../context';
import { errorOutcome, readPlanText } from '../context';

/** `rotate due`: the credentials of a state older than their maximum age; exit 1 when any. */
export async function runDue(repository: LoadedRepository, options: CliOptions, format: Format, context: CliContext): Promise<Outcome> {
  const path = options.state as string;
  const text = await readPlanText(context, path, 'state');
  if (!text.ok) return errorOutcome(text.error);
  const state = parseStateJson(text.value, path === '-' ? 'stdin' : path);
  if (!state.ok) return errorOutcome(state.error);
  let stackName = options.stack;
  if (stackName !== undefined && !repository.graph.stacks.has(stackName)) return errorOutcome({ kind: 'unknown-stack', stack: stackName, known: repository.graph.stackNames });
  if (stackName === undefined) {
    const matching = stacksMatchingState(repository.graph, state.value);
    if (matching.length === 1) stackName = matching[0];
  } else if (state.value.resources.length > 0 && !stacksMatchingState(repository.graph, state.value).includes(stackName)) {
    const belongs = checkStateStack(state.value.values, repository.graph.stacks.get(stackName) as StackGraph);
    const detail = !belongs.ok && belongs.error.kind === 'plan-other-stack' ? belongs.error.detail : 'its resources do not match';
    return errorOutcome({ kind: 'state-malformed', path: path === '-' ? 'stdin' : path, detail: `not the state of stack "${stackName}" (${detail})` });
  }
  const report = credentialsDue(state.value, stackName ? repository.graph.stacks.get(stackName) : undefined, { now: options.now ?? new Date(), maxAgeDays: options.maxAge });
  const overdue = report.credentials.some((entry) => entry.overdue);
  return { stdout: format === 'json' ? JSON.stringify(report, null, 2) + '\n' : renderDueText(report), exitCode: overdue ? 1 : 0 };
}
