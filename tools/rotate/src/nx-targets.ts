/**
 * What the Nx plugin (`nx-plugin.js`) shows as targets: the rotatable key names of the synthesized
 * output and the stacks that hold them. Cheap on purpose, since Nx calls it while computing its project
 * graph: it reads the output as it is (no build, no synthesis, no reference extraction); the target
 * itself brings the output up to date when it runs.
 */
import { readSynthesis } from '@raxx/infra/synthesis';
import type { Result } from '@raxx/rotation/errors';
import { failed, ok } from '@raxx/rotation/errors';
import { describeError } from '@raxx/rotation/render/errors';
import { buildRepositoryGraph } from '@raxx/rotation/graph/graph';
import { rotationErrorOf } from './io/synth-output';
import { allRotationTargets } from '@raxx/rotation/graph/targets';
import { installedReplacementTable } from './io/provider-versions';

/** Target name -> the stacks that hold it (stack order), or why there are none (one line). */
export function inferRotationTargets(outdir: string): Result<Record<string, string[]>> {
  const output = readSynthesis(outdir);
  if (!output.ok) return failed(rotationErrorOf(output.error));
  const graph = buildRepositoryGraph(output.value.stacks.map((stack) => ({ name: stack.name, directory: stack.directory, configuration: stack.configuration, references: {} })), installedReplacementTable());
  const stacksByName: Record<string, string[]> = {};
  for (const target of allRotationTargets(graph)) (stacksByName[target.name] ??= []).push(target.stack);
  return ok(stacksByName);
}

export { describeError };
