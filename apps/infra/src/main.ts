/**
 * The cdktf app: synthesizes every stack for every environment. Run through `bin/synth.js`
 * (`npm run synth`, and `cdktf synth|deploy` via cdktf.json), which brings dist/ up to date first.
 *
 *   node apps/infra/bin/synth.js [--outdir DIR] [--only PREFIX]
 *
 * The synthesis is written beside the output and moved into place only when complete (a failure
 * leaves the previous output as it was), with the record of its inputs (synthesis-record.json).
 * `--only` checks that some stack starts with PREFIX (the per-project Nx `synth` target) and reports
 * those; the whole app is still synthesized, because cross-stack references need every stack.
 */
// First import: cdktf's unused dependencies are deferred only if this runs before cdktf is loaded.
import './defer-unused-cdktf-dependencies';
import { ConfigurationError } from '@raxx/config';
import { synthesizeRepo } from './synthesize';
import { discardStaging, moveIntoPlace, stagingFolderFor } from './synthesis/swap';

interface MainArgs {
  readonly outdir: string;
  readonly only?: string;
}

function parseArgs(argv: readonly string[]): MainArgs {
  let outdir = process.env.CDKTF_OUTDIR || 'cdktf.out';
  let only: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if ((arg === '--outdir' || arg === '--only') && (value === undefined || value.startsWith('--'))) {
      throw new ConfigurationError(`${arg} needs a value`);
    }
    if (arg === '--outdir') outdir = argv[++i];
    else if (arg === '--only') only = argv[++i];
    else throw new ConfigurationError(`unknown argument "${arg}"; usage: synth.js [--outdir DIR] [--only STACK_PREFIX]`);
  }
  return { outdir, only };
}

function main(): number {
  let staging: string | undefined;
  try {
    const args = parseArgs(process.argv.slice(2));
    const started = process.hrtime.bigint();
    staging = stagingFolderFor(args.outdir);
    const { stackNames } = synthesizeRepo(staging, process.env);
    const selected = args.only ? stackNames.filter((name) => name.startsWith(args.only as string)) : stackNames;
    if (selected.length === 0) {
      throw new ConfigurationError(`no stack starts with "${args.only}"; stacks: ${stackNames.join(', ')}`);
    }
    moveIntoPlace(staging, args.outdir);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (!process.env.CDKTF_CONTEXT_JSON) {
      // Quiet under the cdktf CLI, which prints its own progress.
      console.log(`synthesized ${selected.length} stack(s) into ${args.outdir} in ${ms.toFixed(0)} ms: ${selected.join(', ')}`);
    }
    return 0;
  } catch (error) {
    if (staging) discardStaging(staging);
    if (error instanceof ConfigurationError) {
      console.error(`synth: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = main();
