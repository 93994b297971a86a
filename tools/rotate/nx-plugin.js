// Nx plugin: infers one target of project `rotate` per rotatable key of the synthesized stacks, so
// `nx run rotate --target=uploader_key --stack=tomoda-prod` works from a fresh clone. Runs inside
// the Nx daemon: synchronous, fast (reads ~10 small JSON files, no reference parsing), and never
// throws: on any failure it infers no targets and Nx carries on.
const { execFileSync } = require('node:child_process');
const { existsSync, statSync } = require('node:fs');
const { join, resolve } = require('node:path');

const PROJECT_FILE = 'tools/rotate/project.json';
const RESERVED = new Set(['test', 'lint', 'typecheck', 'build']);
const memo = { key: undefined, targets: {} };

function compiledTool(root) {
  const dist = join(root, 'tools', 'rotate', 'dist');
  return ['graph.js', 'targets.js', 'synth-output.js', 'cli.js'].every((file) => existsSync(join(dist, file))) ? dist : undefined;
}

function runNode(root, args) {
  execFileSync(process.execPath, args, { cwd: root, stdio: 'ignore', timeout: 120000 });
}

/** The rotatable target names and their stacks, from the synthesized output (synthesizing when needed). */
function discoverTargets(root, outdir, synthesizeWhenNeeded) {
  let dist = compiledTool(root);
  if (!dist) {
    runNode(root, [join(root, 'scripts', 'build.mjs')]);
    dist = compiledTool(root);
    if (!dist) return undefined;
  }
  const { isSynthOutputStale, readStackFiles } = require(join(dist, 'synth-output.js'));
  if (synthesizeWhenNeeded && isSynthOutputStale(root, outdir)) {
    try {
      runNode(root, [join(root, 'scripts', 'build.mjs')]);
      runNode(root, [join(root, 'packages', 'app', 'dist', 'main.js'), '--outdir', outdir]);
    } catch {
      // A synth that fails (e.g. a stack being edited) falls back to the last good output, if any.
    }
  }
  const manifest = join(outdir, 'manifest.json');
  if (!existsSync(manifest)) return undefined;
  const key = `${outdir}:${statSync(manifest).mtimeMs}`;
  if (memo.key === key) return memo.targets;
  const files = readStackFiles(root, outdir);
  if (!files.ok) return undefined;
  const { buildRepositoryGraph } = require(join(dist, 'graph.js'));
  const { allRotationTargets } = require(join(dist, 'targets.js'));
  // Target discovery needs only the resources and their `//` metadata: no reference extraction.
  const graph = buildRepositoryGraph(files.value.map((file) => ({ ...file, references: {} })));
  const stacksByName = {};
  for (const target of allRotationTargets(graph)) (stacksByName[target.name] ??= []).push(target.stack);
  memo.key = key;
  memo.targets = stacksByName;
  return stacksByName;
}

function targetsFor(root, options) {
  const outdir = resolve(root, (options && options.synthDir) || process.env.ROTATE_SYNTH_DIR || 'cdktf.out');
  const explicit = Boolean((options && options.synthDir) || process.env.ROTATE_SYNTH_DIR);
  const discovered = discoverTargets(root, outdir, !explicit);
  if (!discovered) return {};
  const synthDir = explicit ? ` --synth-dir ${outdir}` : '';
  const targets = {};
  for (const name of Object.keys(discovered).sort()) {
    const targetName = RESERVED.has(name) ? `rotate-${name}` : name;
    targets[targetName] = {
      // The incremental build keeps dist/ current; Nx appends forwarded flags (--stack, --format, --out).
      command: `node scripts/build.mjs && node tools/rotate/dist/cli.js plan --target ${name}${synthDir}`,
      options: { cwd: '{workspaceRoot}' },
      cache: false,
      metadata: { description: `Rotation plan of ${name} (stacks: ${[...new Set(discovered[name])].join(', ')})`, technologies: ['terraform'] },
    };
  }
  return targets;
}

exports.createNodes = [
  PROJECT_FILE,
  (files, options, context) => {
    let targets = {};
    try {
      targets = targetsFor(context.workspaceRoot, options);
    } catch {
      targets = {};
    }
    return files.map((file) => [file, { projects: { 'tools/rotate': { targets } } }]);
  },
];
