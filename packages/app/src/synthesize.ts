import { loadPlatformConfig } from '@raxx/config';
import { App } from 'cdktf';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addRaxxStacks } from './raxx-app';

/** What one synthesis produced. */
export interface SynthesizedRepo {
  /** Folder holding `manifest.json` and `stacks/<stack>/cdk.tf.json`. */
  readonly outdir: string;
  /** Stack names, in the app's order. */
  readonly stackNames: readonly string[];
}

/** Synthesizes every stack into `outdir` with the configuration read from `vars`. */
export function synthesizeRepo(outdir: string, vars: NodeJS.ProcessEnv = process.env): SynthesizedRepo {
  const app = new App({ outdir, skipValidation: false });
  addRaxxStacks(app, loadPlatformConfig(vars));
  app.synth();
  return { outdir, stackNames: stackNamesIn(outdir) };
}

/** Stack names listed by a synthesized `manifest.json`. */
export function stackNamesIn(outdir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
  return Object.keys(manifest.stacks);
}

/** The parsed Terraform JSON of one synthesized stack. */
export function readStack(outdir: string, stackName: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(outdir, 'stacks', stackName, 'cdk.tf.json'), 'utf8')) as Record<string, unknown>;
}
