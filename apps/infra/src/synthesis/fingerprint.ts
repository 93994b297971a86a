/**
 * The fingerprint of what the app is built from: every source of every workspace the synthesis can
 * load (apps, packages, stacks; not tools), and the lock file (provider versions). Content, not
 * modification times: a checkout or a touch that changes nothing keeps the output fresh.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Workspace groups the app is built from. */
const APP_GROUPS = ['apps', 'packages', 'stacks'];

function collect(dir: string, files: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) collect(path, files);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) files.push(path);
  }
}

/** SHA-256 over the app's `src/**\/*.ts` files (path and content) and package-lock.json. */
export function sourcesFingerprint(root: string): string {
  const files: string[] = [];
  for (const group of APP_GROUPS) {
    const parent = join(root, group);
    if (!existsSync(parent)) continue;
    for (const project of readdirSync(parent).sort()) {
      const src = join(parent, project, 'src');
      if (existsSync(src)) collect(src, files);
    }
  }
  const lock = join(root, 'package-lock.json');
  if (existsSync(lock)) files.push(lock);
  const hash = createHash('sha256');
  for (const file of files.sort()) hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}
