#!/usr/bin/env node
// Transpile-only build: every workspace's src/**/*.ts to dist/**/*.js (CommonJS) with swc.
// No type-checking here (that is `npm run typecheck`), so the synth hot path runs plain JavaScript.
// Incremental: a file is rewritten only when its source is newer than its output.
import { readdirSync, statSync, mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const workspaceGlobs = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces;

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts')) yield path;
  }
}

const projects = workspaceGlobs.flatMap((glob) => {
  const parent = join(root, glob.replace(/\/\*$/, ''));
  return existsSync(parent) ? readdirSync(parent).map((name) => join(parent, name)) : [];
}).filter((dir) => existsSync(join(dir, 'src')));

let swc;
let written = 0;
for (const project of projects) {
  for (const source of sourceFiles(join(project, 'src'))) {
    const out = join(project, 'dist', relative(join(project, 'src'), source)).replace(/\.ts$/, '.js');
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
if (process.argv.includes('--verbose')) console.log(`build: ${written} file(s) transpiled`);
