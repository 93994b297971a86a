/**
 * `nx run infra:nag [--synth-dir DIR]`: the generic rule pack plus every stack's rules and exceptions (their proofs) over every synthesized stack. Prints one
 * line per finding (stack, resource, Sid, finding) and exits 1 if there is any.
 */
import { UsageError, parseCliArgs, stacksToCheck } from './cli-support';
import { composeProofs, formatFinding, runNag } from '@raxx/policy-proof';

const USAGE = 'nag-cli.js [--synth-dir DIR]';

async function main(): Promise<number> {
  try {
    const args = parseCliArgs(process.argv.slice(2), USAGE, ['--synth-dir']);
    const { stacks, config, proofs, source } = stacksToCheck(args);
    const { pack, exceptions } = composeProofs(proofs);
    const report = await runNag(stacks, config, { pack, exceptions });
    for (const error of report.errors) console.error(`nag: error: ${error}`);
    for (const finding of report.findings) console.error(`nag: ${formatFinding(finding)}`);
    const evaluations = Object.values(report.evaluations).reduce((a, b) => a + b, 0);
    const verdict = report.findings.length + report.errors.length === 0 ? 'passed' : 'FAILED';
    console.log(
      `nag: ${verdict}: ${stacks.length} stacks from ${source}, ${evaluations} rule evaluations, ${report.findings.length} findings, ${report.allowed.length} allowed by exceptions, ${report.errors.length} errors`,
    );
    return verdict === 'passed' ? 0 : 1;
  } catch (error) {
    console.error(`nag: ${(error as Error).message.split('\n')[0]}`);
    return error instanceof UsageError ? 2 : 1;
  }
}

void main().then((code) => (process.exitCode = code));
