// Nx plugin: infers one target of project `rotate` per rotatable key of the synthesized stacks, so
// `nx run rotate --target=uploader_key --stack=tomoda-prod` runs the plan of that key.
//
// Nx calls this while it computes the project graph (every `nx` command), so it does no build and no
// synthesis: it reads the synthesized output as it is (cdktf.out, ~10 small JSON files, memoized by the
// manifest's modification time) through the compiled tool. The target, when it runs, builds what is
// stale and re-synthesizes when the inputs differ (`npx rotate` does both). When no target can be
// inferred (no synthesis yet, no build, a malformed output), the plugin says why in one line on stderr
// and in the project's description, and Nx carries on.
const { existsSync, statSync } = require('node:fs');
const { join, resolve } = require('node:path');

const PROJECT_FILE = 'tools/rotate/project.json';
const RESERVED = new Set(['test', 'lint', 'typecheck', 'build']);
const memo = { key: undefined, result: undefined };
const reported = new Set();

/** `{ ok: true, value: { name: stacks[] } }` or `{ ok: false, cause }`. */
function discoverTargets(root, outdir) {
  const manifest = join(outdir, 'manifest.json');
  if (!existsSync(manifest)) return { ok: false, cause: `no synthesized output at ${outdir} (run \`npm run synth\`)` };
  const key = `${outdir}:${statSync(manifest).mtimeMs}`;
  if (memo.key === key) return memo.result;
  const compiled = join(root, 'tools', 'rotate', 'dist', 'nx-targets.js');
  if (!existsSync(compiled)) return { ok: false, cause: 'tools/rotate is not built (run `npm run synth` or `npm run build`)' };
  const { inferRotationTargets, describeError } = require(compiled);
  const inferred = inferRotationTargets(outdir);
  const result = inferred.ok ? inferred : { ok: false, cause: describeError(inferred.error) };
  memo.key = key;
  memo.result = result;
  return result;
}

function targetsFor(root, options) {
  const explicit = (options && options.synthDir) || process.env.ROTATE_SYNTH_DIR;
  const outdir = resolve(root, explicit || 'cdktf.out');
  let discovered;
  try {
    discovered = discoverTargets(root, outdir);
  } catch (error) {
    discovered = { ok: false, cause: String((error && error.message) || error).split('\n')[0] };
  }
  if (!discovered.ok) {
    if (!reported.has(discovered.cause)) {
      reported.add(discovered.cause);
      process.stderr.write(`rotate (nx plugin): no rotation targets inferred: ${discovered.cause}\n`);
    }
    return { targets: {}, cause: discovered.cause };
  }
  const synthDir = explicit ? ` --synth-dir ${outdir}` : '';
  const targets = {};
  for (const name of Object.keys(discovered.value).sort()) {
    const targetName = RESERVED.has(name) ? `rotate-${name}` : name;
    targets[targetName] = {
      // Nx appends forwarded flags (--stack, --format, --out).
      command: `node tools/rotate/bin/rotate.js plan --target ${name}${synthDir}`,
      options: { cwd: '{workspaceRoot}' },
      cache: false,
      metadata: { description: `Rotation plan of ${name} (stacks: ${[...new Set(discovered.value[name])].join(', ')})`, technologies: ['terraform'] },
    };
  }
  return { targets };
}

exports.createNodes = [
  PROJECT_FILE,
  (files, options, context) => {
    const { targets, cause } = targetsFor(context.workspaceRoot, options);
    const project = { targets, ...(cause ? { metadata: { description: `Rotation runbooks (no key targets: ${cause})` } } : {}) };
    return files.map((file) => [file, { projects: { 'tools/rotate': project } }]);
  },
];
