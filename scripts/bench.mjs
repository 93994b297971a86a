#!/usr/bin/env node
// `npm run bench`: the speed and memory figures of the monorepo, measured side by side in one run.
// One line per figure (median of several runs, and its ratio to its reference), the same written as
// JSON to bench/results.json (git-ignored). Never fails on a time: it reports, it does not judge.
//
//   node scripts/bench.mjs [--runs N] [--quick]     (--quick skips the test-suite and type-check figures)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 7;
const quick = args.includes('--quick');
const env = { ...process.env, CHECKPOINT_DISABLE: '1', NX_DAEMON: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: '0' };
const results = [];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function timeCommand(command, commandArgs, options = {}) {
  const started = process.hrtime.bigint();
  const run = spawnSync(command, commandArgs, { cwd: root, env, encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`${command} ${commandArgs.join(' ')} exited ${run.status}: ${(run.stderr || run.stdout).trim().split('\n').slice(-3).join(' | ')}`);
  return { ms, stdout: run.stdout, stderr: run.stderr };
}

function medianOf(n, fn) {
  return median(Array.from({ length: n }, fn));
}

function record(figure) {
  results.push(figure);
  const ratio = figure.ratio === undefined ? '' : `  ratio ${figure.ratio.toFixed(2)} to ${figure.reference}`;
  const target = figure.target ? `  (target ${figure.target})` : '';
  console.log(`${figure.name.padEnd(34)} ${String(figure.value.toFixed(figure.unit === 'ms' ? 0 : 1)).padStart(8)} ${figure.unit}${ratio}${target}`);
}

/** Peak resident memory of a command: /usr/bin/time when present, else the kernel's VmHWM polled from /proc. */
async function peakMemory(command, commandArgs) {
  if (existsSync('/usr/bin/time')) {
    const run = spawnSync('/usr/bin/time', ['-v', command, ...commandArgs], { cwd: root, env, encoding: 'utf8', maxBuffer: 64 << 20 });
    const kib = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)?.[1]);
    return { ok: run.status === 0, mib: kib / 1024 };
  }
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { cwd: root, env, stdio: 'ignore' });
    let kib = 0;
    const poll = setInterval(() => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        kib = Math.max(kib, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
      } catch {
        /* exited between polls */
      }
    }, 20);
    child.on('exit', (code) => {
      clearInterval(poll);
      resolve({ ok: code === 0, mib: kib / 1024 });
    });
  });
}

/**
 * A TypeScript module outside every build (the rotation benchmark is test support, not product code),
 * transpiled with swc and loaded as CommonJS from its own path, so its imports resolve as the tests'.
 */
function loadTypeScript(file) {
  const { transformSync } = require('@swc/core');
  const { code } = transformSync(readFileSync(file, 'utf8'), { filename: file, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } });
  const Module = require('node:module');
  const loaded = new Module(file);
  loaded.filename = file;
  loaded.paths = Module._nodeModulePaths(dirname(file));
  loaded._compile(code, file);
  return loaded.exports;
}

const node = process.execPath;
timeCommand(node, ['apps/infra/build.js']);
const outdir = mkdtempSync(join(tmpdir(), 'raxx-bench-'));

// 1. The reference: a process that only loads cdktf and one deep-imported AWS resource class. It is
// timed interleaved with the synthesis program (2.), run for run, so a change in the machine's load
// during the bench falls on both sides of their ratio alike.
const PROBE = ['-e', "require('cdktf'); require('@cdktf/provider-aws/lib/iam-user')"];
const SYNTH = ['apps/infra/dist/main.js', '--outdir', outdir];
const interleaved = { probe: [], synth: [] };
for (let i = 0; i < runs; i++) {
  interleaved.probe.push(timeCommand(node, PROBE).ms);
  interleaved.synth.push(timeCommand(node, SYNTH).ms);
}
const probe = median(interleaved.probe);
record({ name: 'probe: cdktf + one deep import', value: probe, unit: 'ms' });

// The same probe with cdktf loaded the way the app's command line loads it: archiver and semver, which
// a synthesis never calls, deferred (apps/infra/src/unused-cdktf-dependencies.ts). The synthesis's ratio
// to it (below) is what the synthesis costs beyond loading cdktf; the target stays the ratio to the probe.
const appWayProbe = medianOf(runs, () =>
  timeCommand(node, ['-e', "require('./apps/infra/dist/unused-cdktf-dependencies.js').deferUnusedCdktfDependencies(); require('cdktf'); require('@cdktf/provider-aws/lib/iam-user')"]).ms,
);
record({ name: 'reference: probe, cdktf the app way', value: appWayProbe, unit: 'ms', ratio: appWayProbe / probe, reference: 'probe' });

// What a barrel import would cost every process instead (the "before" of deep imports).
// Measured in a child process only; the module name is built so no source line imports the barrel.
const barrelModule = ['@cdktf', 'provider-aws'].join('/');
const barrel = medianOf(Math.min(runs, 3), () => timeCommand(node, ['-e', `require('cdktf'); require('${barrelModule}')`]).ms);
record({ name: 'reference: aws provider barrel', value: barrel, unit: 'ms', ratio: barrel / probe, reference: 'probe' });

// 2. Synthesis of every stack for every environment, in one command, compiled JavaScript: the program
// itself, then what `npm run synth` runs (the build's freshness check in the same process, then it).
const synth = median(interleaved.synth);
record({ name: 'synth: every stack (node)', value: synth, unit: 'ms', ratio: synth / probe, reference: 'probe', target: '<= 1.50x probe' });
record({ name: 'synth: ratio to app-way probe', value: synth, unit: 'ms', ratio: synth / appWayProbe, reference: 'app-way probe' });
const synthCommand = medianOf(runs, () => timeCommand(node, ['apps/infra/bin/synth.js', '--outdir', outdir]).ms);
record({ name: 'npm run synth (dist fresh)', value: synthCommand, unit: 'ms', ratio: synthCommand / synth, reference: 'synth' });

// 3. The same through the cdktf CLI (what users run before `cdktf deploy`): no TypeScript compile on the path.
const cliOut = mkdtempSync(join(tmpdir(), 'raxx-bench-cli-'));
const cli = medianOf(Math.min(runs, 3), () => timeCommand(join(root, 'node_modules/.bin/cdktf'), ['synth', '--output', cliOut]).ms);
record({ name: 'synth: through cdktf CLI', value: cli, unit: 'ms', ratio: cli / probe, reference: 'probe' });
rmSync(cliOut, { recursive: true, force: true });

// 4. Rotation planning (tools/rotate): every target of the repo, and generated graphs.
let rotateBench;
try {
  rotateBench = loadTypeScript(join(root, 'tools/rotate/test/support/bench.ts'));
} catch (error) {
  console.log(`rotate: benchmark functions not available (${error.message.split('\n')[0]})`);
}
if (rotateBench) {
  const repo = await rotateBench.benchmarkRepoPlans(outdir, runs);
  record({ name: `rotate: all ${repo.targets} targets of the repo`, value: repo.ms, unit: 'ms', ratio: repo.ms / synth, reference: 'synth', target: '< 1.00x synth' });
  // A process that plans: what a user waits for, reference extraction included when its cache is cold.
  const cli = ['tools/rotate/dist/cli/main.js', 'plan', '--target', 'uploader_key', '--synth-dir', outdir];
  const coldCli = medianOf(Math.min(runs, 5), () => {
    rmSync(join(outdir, '.rotate-references.json'), { force: true });
    return timeCommand(node, cli).ms;
  });
  record({ name: 'rotate: CLI process, cold ref cache', value: coldCli, unit: 'ms', ratio: coldCli / synth, reference: 'synth' });
  const warmCli = medianOf(Math.min(runs, 5), () => timeCommand(node, cli).ms);
  record({ name: 'rotate: CLI process, warm ref cache', value: warmCli, unit: 'ms', ratio: warmCli / synth, reference: 'synth' });
  await rotateBench.benchmarkPlanner(1000, 3); // JIT warm-up, so the 1k figure is not the cold compiler
  const sizes = [1000, 5000, 10000];
  const planned = [];
  for (const size of sizes) {
    const figure = await rotateBench.benchmarkPlanner(size, Math.min(runs, 5));
    planned.push(figure.ms);
    record({ name: `rotate: planner, ${size} resources`, value: figure.ms, unit: 'ms', ...(size === 10000 ? { target: '< 1000 ms' } : {}) });
    record({ name: `rotate: planner, ${size}, per resource`, value: (figure.ms / size) * 1000, unit: 'us' });
  }
  // Linear scaling: the cost per resource stays flat as the graph grows (1k carries fixed costs).
  record({ name: 'rotate: per-resource cost 10k / 5k', value: planned[2] / 2 / planned[1], unit: 'x', target: '~1.0 (linear)' });
}

// 4a. The run task under load (scripts/bench-run-task.mjs).
try {
  const { benchRunTask } = await import('./bench-run-task.mjs');
  await benchRunTask({ root, outdir, record, loadTypeScript });
} catch (error) {
  console.log(`run task: not measured (${String(error.message).split('\n')[0]})`);
}

// 4b. The Nx project graph (no daemon, as in CI), with the rotate plugin and without it (nx.json
// without "plugins", restored afterwards).
{
  const nx = join(root, 'node_modules/.bin/nx');
  const nxJson = join(root, 'nx.json');
  const original = readFileSync(nxJson, 'utf8');
  const withoutPlugins = JSON.stringify({ ...JSON.parse(original), plugins: undefined }, null, 2) + '\n';
  const restore = () => writeFileSync(nxJson, original);
  process.once('SIGINT', () => {
    restore();
    process.exit(130);
  });
  const times = { with: [], without: [] };
  try {
    for (let i = 0; i < runs; i++) {
      writeFileSync(nxJson, withoutPlugins);
      times.without.push(timeCommand(nx, ['show', 'projects']).ms);
      restore();
      times.with.push(timeCommand(nx, ['show', 'projects']).ms);
    }
  } finally {
    restore();
  }
  const without = median(times.without);
  const withPlugin = median(times.with);
  record({ name: 'nx show projects, no plugin', value: without, unit: 'ms' });
  record({ name: 'nx show projects, rotate plugin', value: withPlugin, unit: 'ms', ratio: withPlugin / without, reference: 'no plugin', target: '<= 1.15x' });
}

// 5. The test suite from a cold cache: `npm test` (every project in one jest run), then the same tests
// through Nx (one jest per project), then a warm Nx rerun with nothing changed.
if (!quick) {
  const nx = join(root, 'node_modules/.bin/nx');
  const jest = join(root, 'node_modules/.bin/jest');
  // Cold: no jest transform cache, no shared test synthesis, no Nx cache (nx reset). --skip-nx-cache
  // would not do for Nx: it also skips writing the cache, so the warm rerun below would find nothing.
  const makeCold = () => {
    rmSync(join(root, 'node_modules/.cache/jest'), { recursive: true, force: true });
    rmSync(join(root, 'node_modules/.cache/raxx'), { recursive: true, force: true }); // the tests' shared syntheses
  };
  makeCold();
  const cold = timeCommand(jest, ['-c', 'jest.config.js']);
  const tests = /Tests:\s+(\d+) passed/.exec(cold.stderr ?? '')?.[1];
  record({ name: `tests: cold npm test (${tests ?? '?'} passed)`, value: cold.ms, unit: 'ms', target: '< 30000 ms' });
  makeCold();
  timeCommand(nx, ['reset', '--onlyCache']);
  const coldNx = timeCommand(nx, ['run-many', '-t', 'test', '--outputStyle=static']);
  record({ name: 'tests: cold, one jest per project (nx)', value: coldNx.ms, unit: 'ms', ratio: coldNx.ms / cold.ms, reference: 'npm test' });
  const warm = timeCommand(nx, ['run-many', '-t', 'test', '--outputStyle=static']);
  const cached = /read the output from the cache instead of running the command for (\d+) out of (\d+) tasks/.exec(warm.stdout);
  record({ name: `tests: warm nx rerun (${cached ? `${cached[1]}/${cached[2]} cached` : 'cache not reported'})`, value: warm.ms, unit: 'ms' });

  // 6. Type-checking the whole repo: peak memory.
  const started = process.hrtime.bigint();
  const typecheck = await peakMemory(node, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit', '--incremental', 'false']);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  record({ name: `typecheck: peak memory${typecheck.ok ? '' : ' (tsc reported errors)'}`, value: typecheck.mib, unit: 'MiB', target: '< 1536 MiB' });
  record({ name: 'typecheck: wall time', value: ms, unit: 'ms' });
}

rmSync(outdir, { recursive: true, force: true });
mkdirSync(join(root, 'bench'), { recursive: true });
writeFileSync(
  join(root, 'bench/results.json'),
  JSON.stringify({ date: new Date().toISOString(), node: process.version, runs, figures: results }, null, 2) + '\n',
);
console.log('written: bench/results.json');
