#!/usr/bin/env node
// The repository's build, owned by the app that runs it: every workspace's src/**/*.ts (and a stack's
// proof/**/*.ts) to dist/**/*.js (CommonJS), transpile-only with swc. No type-checking here (that is
// `npm run typecheck`), so the synthesis path runs plain JavaScript.
// Incremental: a file is rewritten only when its source is newer than its output; with nothing to do,
// swc is never loaded and the whole check is a walk of stat calls (a few milliseconds).
//
//   node apps/infra/build.js [--verbose]          (or require('@raxx/infra/build').buildWorkspaces())
'use strict';
const { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');

/** The workspace root: two levels above this file (`apps/infra/build.js`). */
const WORKSPACE_ROOT = join(__dirname, '..', '..');
/** Source folders of a workspace and where their output goes, relative to the workspace. */
const SOURCE_FOLDERS = [
  ['src', 'dist'],
  ['proof', join('dist', 'proof')],
];

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts')) yield path;
  }
}

/** Every workspace folder of the root package.json (`apps/*`, `packages/*`, ...). */
function workspaces(root) {
  const globs = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces;
  return globs.flatMap((glob) => {
    const parent = join(root, glob.replace(/\/\*$/, ''));
    return existsSync(parent) ? readdirSync(parent).map((name) => join(parent, name)) : [];
  });
}

/**
 * Transpiles every stale source of every workspace. Returns how many files it checked and wrote.
 * @param {{ root?: string, verbose?: boolean }} [options]
 */
function buildWorkspaces(options = {}) {
  const root = options.root ?? WORKSPACE_ROOT;
  let swc;
  let checked = 0;
  let written = 0;
  for (const workspace of workspaces(root)) {
    for (const [from, to] of SOURCE_FOLDERS) {
      const sources = join(workspace, from);
      if (!existsSync(sources)) continue;
      for (const source of sourceFiles(sources)) {
        checked++;
        const out = join(workspace, to, relative(sources, source)).replace(/\.ts$/, '.js');
        if (existsSync(out) && statSync(out).mtimeMs >= statSync(source).mtimeMs) continue;
        swc ??= require('@swc/core');
        const { code } = swc.transformSync(readFileSync(source, 'utf8'), {
          filename: source,
          jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
          module: { type: 'commonjs' },
          sourceMaps: false,
        });
        mkdirSync(dirname(out), { recursive: true });
        writeFileSync(out, code);
        written++;
      }
    }
  }
  if (options.verbose) console.log(`build: ${written} of ${checked} file(s) transpiled`);
  return { checked, written };
}

module.exports = { buildWorkspaces, WORKSPACE_ROOT };

if (require.main === module) buildWorkspaces({ verbose: process.argv.includes('--verbose') });
