/** The rotatable targets of a repository, as `rotate list` prints them (markdown or JSON). */
import type { RepositoryGraph } from '../graph/graph';
import { allRotationTargets } from '../graph/targets';

/** The rotatable targets of the graph (or of stack `only`), as markdown or JSON. */
export function renderTargetList(graph: RepositoryGraph, format: 'markdown' | 'json', only?: string): string {
  const targets = allRotationTargets(graph);
  const stackNames = only === undefined ? graph.stackNames : [only];
  if (format === 'json') {
    return JSON.stringify({
      stacks: stackNames.map((stack) => ({
        stack,
        targets: targets.filter((target) => target.stack === stack).map((target) => ({
          name: target.name,
          address: target.address,
          rotation: target.kind === 'in-state' ? 'replace' : 'create-before-delete',
          ...(target.kind === 'in-state' && target.slots ? { twoSlot: { declared: target.slots.slots, variable: target.slots.slotsVariable } } : {}),
        })),
      })),
    }, null, 2) + '\n';
  }
  const lines = ['# Rotatable targets', ''];
  if (only !== undefined && !targets.some((target) => target.stack === only)) lines.push(`Stack \`${only}\` holds no rotatable key.`, '');
  for (const stack of stackNames) {
    const own = targets.filter((target) => target.stack === stack);
    if (own.length === 0) continue;
    lines.push(`## ${stack}`, '', '| target | address | rotation |', '|---|---|---|');
    for (const target of own) {
      const how =
        target.kind === 'out-of-state'
          ? `out of state: create-before-delete (${target.credential.runbook}); emergency: \`--strategy replace\``
          : target.slots
            ? `in state, two slots (declared \`${target.slots.slots}\`): \`--strategy two-slot\`; emergency: replace the active slot`
            : 'in state: replace (`terraform apply -replace`)';
      lines.push(`| \`${target.name}\` | \`${target.address}\` | ${how} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
