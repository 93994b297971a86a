#!/usr/bin/env node
// Repository rules, run per Nx project (`nx run <project>:lint`) or over folders given as arguments:
//  - no-provider-barrel: providers are imported by deep path (`@cdktf/provider-aws/lib/iam-user`);
//    the barrel loads the whole generated provider (seconds per process, GiBs for the type-checker).
//  - no-key-material: no string shaped like an AWS access key id or a PEM private key.
//  - pure-rotation-core: packages/rotation/src does no file, process or network I/O and reads no
//    environment variable (no node:fs, node:child_process, node:http(s), node:net, process.env); the
//    CLI and the run task read and hand it what it needs.
// Prints one line per finding (`file:line rule: text`) and exits 1 when there is any.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const RULES = [
  {
    id: 'no-provider-barrel',
    pattern: /(?:from\s+|require\(\s*|import\(\s*)['"]@cdktf\/provider-[a-z0-9-]+['"]/,
    message: 'import the provider by deep path (@cdktf/provider-<name>/lib/<resource>), never its barrel',
  },
  {
    id: 'no-key-material',
    pattern: /\bAKIA[0-9A-Z]{16}\b|-----BEGIN [A-Z ]*PRIVATE KEY-----/,
    message: 'key-shaped string; use an obvious placeholder',
  },
  {
    id: 'pure-rotation-core',
    files: /(^|\/)packages\/rotation\/src\//,
    pattern: /(?:from\s+|require\(\s*|import\(\s*)['"](?:node:)?(?:fs|fs\/promises|child_process|http|https|net)['"]|\bprocess\.env\b/,
    message: 'the rotation core does no I/O and reads no environment: take the value as an argument (tools/rotate/src/io, apps/run-task read it)',
  },
];
const SOURCE = /\.(ts|js|mjs|cjs)$/;
const SKIP = new Set(['node_modules', 'dist', 'cdktf.out', '.nx', 'coverage']);

function* files(path) {
  const stat = statSync(path);
  if (stat.isFile()) {
    if (SOURCE.test(path)) yield path;
    return;
  }
  for (const entry of readdirSync(path)) if (!SKIP.has(entry)) yield* files(join(path, entry));
}

export function lint(paths) {
  const findings = [];
  for (const root of paths) {
    for (const file of files(root)) {
      const path = relative(process.cwd(), file);
      const rules = RULES.filter((rule) => !rule.files || rule.files.test(path));
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        for (const rule of rules) {
          if (rule.pattern.test(line) && !line.includes(`lint-allow ${rule.id}`)) {
            findings.push(`${relative(process.cwd(), file)}:${i + 1} ${rule.id}: ${rule.message}`);
          }
        }
      });
    }
  }
  return findings;
}

const paths = process.argv.slice(2);
if (paths.length === 0) {
  console.error('usage: lint.mjs <folder> [<folder>...]');
  process.exit(2);
}
const findings = lint(paths);
for (const finding of findings) console.error(finding);
process.exit(findings.length ? 1 : 0);
