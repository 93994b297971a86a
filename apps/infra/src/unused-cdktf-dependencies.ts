/**
 * Two of cdktf's own dependencies are loaded with cdktf but never called by a synthesis of this app:
 *  - `archiver` (with readable-stream, lodash, glob, zip and tar streams: ~200 modules), which cdktf's
 *    `lib/private/fs.js` requires at load and calls only to zip a `TerraformAsset` of type ARCHIVE
 *    (the app has no assets);
 *  - `semver`, which `lib/validations/validate-binary-version.js` requires at load and calls only in a
 *    `terraform version` check (the app has none: moved blocks go through `moveStateFrom`).
 * Loading them was about a fifth of the synthesis process's CPU time.
 *
 * `deferUnusedCdktfDependencies` puts a stand-in for each into `require.cache` (Node's documented module
 * cache, where adding entries is allowed) at the path cdktf resolves it to, before cdktf is loaded. The
 * stand-in loads the real module the first time it is called or one of its properties is read, and
 * forwards to it from then on, so an asset or a version check would still work, only later. Nothing is
 * done when cdktf or the module is already loaded, or when Node has no module cache (a test runner's
 * own module registry).
 *
 * Only the app's command line (`main.ts`) installs it, as its first import.
 */
import Module from 'node:module';
import { dirname, join } from 'node:path';

/** Each deferred module, and the folder of cdktf's `lib/` that requires it. */
const UNUSED_DEPENDENCIES = [
  { name: 'archiver', requiredFrom: 'private' },
  { name: 'semver', requiredFrom: 'validations' },
] as const;

/** A stand-in that loads `path` when first used and forwards calls and property reads to it. */
function deferredModule(path: string): unknown {
  let loaded: unknown;
  const load = (): Record<PropertyKey, unknown> & ((...args: unknown[]) => unknown) => {
    if (loaded === undefined) {
      delete require.cache[path];
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = require(path);
    }
    return loaded as Record<PropertyKey, unknown> & ((...args: unknown[]) => unknown);
  };
  return new Proxy(function deferred() {}, {
    apply: (_target, self, args) => Reflect.apply(load(), self, args),
    construct: (_target, args) => Reflect.construct(load(), args),
    get: (_target, property) => load()[property],
    has: (target, property) => property in load() || property in target,
  });
}

/** Installs the stand-ins (see the file comment). Returns the paths it deferred. */
export function deferUnusedCdktfDependencies(): string[] {
  const cache = require.cache as NodeJS.Dict<NodeJS.Module> | undefined;
  if (!cache || typeof cache !== 'object') return [];
  let cdktfLib: string;
  try {
    cdktfLib = join(dirname(require.resolve('cdktf/package.json')), 'lib');
  } catch {
    return [];
  }
  if (cache[join(cdktfLib, 'index.js')]) return []; // cdktf is loaded: it holds the real modules already
  const deferred: string[] = [];
  for (const dependency of UNUSED_DEPENDENCIES) {
    let path: string;
    try {
      path = require.resolve(dependency.name, { paths: [join(cdktfLib, dependency.requiredFrom)] });
    } catch {
      continue;
    }
    if (cache[path]) continue;
    const standIn = new Module(path);
    standIn.filename = path;
    standIn.loaded = true;
    standIn.exports = deferredModule(path);
    cache[path] = standIn;
    deferred.push(path);
  }
  return deferred;
}
