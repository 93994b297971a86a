/**
 * Synthesis in this process (loads cdktf and every stack): the app into a folder, with its record.
 * `main.ts` wraps it for the command line; tests call it directly.
 */
import type { PlatformConfig } from '@raxx/config';
import { loadPlatformConfig } from '@raxx/config';
import { App } from 'cdktf';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RaxxStacks } from './raxx-app';
import { addRaxxStacks } from './raxx-app';
import { WORKSPACE_ROOT } from './synthesis/ensure';
import { sourcesFingerprint } from './synthesis/fingerprint';
import { SYNTHESIS_RECORD_FILE, synthesisInputs, synthesisRecord } from './synthesis/record';
import { withoutTokenCreationStacks } from './token-creation-stacks';

/** What one synthesis produced. */
export interface SynthesizedRepo {
  /** Folder holding `manifest.json`, `synthesis-record.json` and `stacks/<stack>/cdk.tf.json`. */
  readonly outdir: string;
  /** Stack names, in manifest order. */
  readonly stackNames: readonly string[];
  /** The configuration the stacks were built from. */
  readonly config: PlatformConfig;
  /** The stack objects, for their public attributes (names, ARNs). */
  readonly stacks: RaxxStacks;
}

/** Every stack of the app, for `config`, in a fresh app that is not synthesized (its attributes only). */
export function composeRepo(config: PlatformConfig, outdir?: string): { app: App; stacks: RaxxStacks } {
  const app = new App({ outdir, skipValidation: false });
  return { app, stacks: addRaxxStacks(app, config) };
}

/** Synthesizes every stack into `outdir` with the configuration read from `vars`, and records its inputs. */
export function synthesizeRepo(outdir: string, vars: NodeJS.ProcessEnv = process.env): SynthesizedRepo {
  const config = loadPlatformConfig(vars);
  const stacks = withoutTokenCreationStacks(() => {
    const composed = composeRepo(config, outdir);
    composed.app.synth();
    return composed.stacks;
  });
  const stackNames = stackNamesIn(outdir);
  const record = synthesisRecord(synthesisInputs(vars, sourcesFingerprint(WORKSPACE_ROOT)), stackNames);
  writeFileSync(join(outdir, SYNTHESIS_RECORD_FILE), JSON.stringify(record, null, 2) + '\n');
  return { outdir, stackNames, config, stacks };
}

function stackNamesIn(outdir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
  return Object.keys(manifest.stacks);
}
