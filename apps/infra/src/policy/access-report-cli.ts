/**
 * `npm run access-report [-- --synth-dir DIR] [--out FILE]`: the markdown access matrix of every
 * stack, to stdout or atomically to FILE. Exits 1 if a request contradicts the seeds.
 * Runs the simulator (AGPL, a devDependency): a review tool, never part of a stack or tools/rotate.
 */
import { UsageError, parseCliArgs, stacksToCheck, writeAtomically } from './cli-support';
import { composeProofs } from '@raxx/policy-proof';
import { buildAccessMatrix, contradictions, renderAccessMatrix } from '@raxx/policy-proof/simulation';

const USAGE = 'access-report-cli.js [--synth-dir DIR] [--out FILE]';

async function main(): Promise<number> {
  try {
    const args = parseCliArgs(process.argv.slice(2), USAGE, ['--synth-dir', '--out']);
    const { stacks, config, proofs } = stacksToCheck(args);
    const matrix = await buildAccessMatrix(stacks, config, composeProofs(proofs).sentences);
    const markdown = renderAccessMatrix(matrix) + '\n';
    if (args.out) writeAtomically(args.out, markdown);
    else process.stdout.write(markdown);
    const failing = contradictions(matrix);
    for (const outcome of failing) console.error(`access-report: ${outcome.message}`);
    return failing.length === 0 ? 0 : 1;
  } catch (error) {
    console.error(`access-report: ${(error as Error).message.split('\n')[0]}`);
    return error instanceof UsageError ? 2 : 1;
  }
}

void main().then((code) => (process.exitCode = code));
