/** `rotate list`: the rotatable targets of every stack (or one), as markdown or JSON. */
import { renderTargetList } from '@raxx/rotation/render/list';
import type { CliOptions, Format } from '../arguments';
import type { LoadedRepository } from '../context';
import type { Result } from '@raxx/rotation/errors';
import { failed, ok } from '@raxx/rotation/errors';

/** The list as it is printed or written (`terminal` prints as markdown). */
export function listText(repository: LoadedRepository, options: CliOptions, format: Format): Result<string> {
  const graph = repository.graph;
  if (options.stack !== undefined && !graph.stacks.has(options.stack)) return failed({ kind: 'unknown-stack', stack: options.stack, known: graph.stackNames });
  return ok(renderTargetList(graph, format === 'terminal' ? 'markdown' : format, options.stack));
}
