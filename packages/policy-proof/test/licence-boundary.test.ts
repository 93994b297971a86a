/**
 * @cloud-copilot/iam-simulate is AGPL: only the simulation folder imports it, and the package exposes
 * it only through its `./simulation` entry point (tests and the access report), so the resolver, the
 * rule pack (and anything a stack or tools/rotate could load) never do.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const src = join(__dirname, '..', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

test('only src/simulation/ imports @cloud-copilot/iam-simulate', () => {
  const importers = sources(src)
    .filter((file) => /from '@cloud-copilot\/iam-simulate'|require\('@cloud-copilot\/iam-simulate'\)/.test(readFileSync(file, 'utf8')))
    .map((file) => relative(src, file));
  expect(importers).toEqual(['simulation/access-simulator.ts']);
});

test('outside src/simulation/, nothing imports the simulation; only the ./simulation entry point exposes it', () => {
  const importers = sources(src)
    .filter((file) => !relative(src, file).startsWith('simulation/'))
    .filter((file) => /from '\.\/simulation/.test(readFileSync(file, 'utf8')))
    .map((file) => relative(src, file));
  expect(importers).toEqual([]);
  const exports = JSON.parse(readFileSync(join(src, '..', 'package.json'), 'utf8')).exports as Record<string, { source: string }>;
  expect(Object.entries(exports).map(([entry, target]) => [entry, target.source])).toEqual([
    ['.', './src/index.ts'],
    ['./simulation', './src/simulation/index.ts'],
  ]);
});
