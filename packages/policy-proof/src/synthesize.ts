/**
 * Synthesizes the repository's stacks into a folder for the proofs, through `@raxx/app` (the same
 * composition `npm run synth` uses).
 */

/** Synthesizes every stack into `outdir` with the configuration read from `vars`. */
export function synthesizeInto(outdir: string, vars: NodeJS.ProcessEnv): void {
  // Loaded lazily: the rule pack and the resolver must not need the app to be importable.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { synthesizeRepo } = require('@raxx/app') as typeof import('@raxx/app');
  synthesizeRepo(outdir, vars);
}
