/**
 * `--out`: writes only to a regular file or to a new path in an existing directory, atomically (a
 * private temporary file renamed into place). A symlink, FIFO, device, socket or directory at the path,
 * or a path under a regular file, is refused: the rename would replace it with a regular file.
 */
import type { Stats } from 'node:fs';
import { lstatSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Result } from '@raxx/rotation/errors';
import { failed, ok } from '@raxx/rotation/errors';

function kindOf(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isSymbolicLink()) return 'a symbolic link';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function errnoOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

/** The nearest existing ancestor of `path` that is not a directory, if any (ENOTDIR's culprit). */
function fileAncestor(path: string): string | undefined {
  for (let parent = dirname(path); parent !== dirname(parent); parent = dirname(parent)) {
    try {
      return lstatSync(parent).isDirectory() ? undefined : parent;
    } catch {
      // not there: look further up
    }
  }
  return undefined;
}

/** Why `path` (relative to `cwd`) may not be written, or nothing when it may. */
export function checkOutputPath(path: string, cwd: string = process.cwd()): Result<void> {
  const target = resolve(cwd, path);
  try {
    const kind = kindOf(lstatSync(target));
    return kind ? failed({ kind: 'output-unwritable', path, detail: `it is ${kind}; --out writes only to a regular file or a new path` }) : ok(undefined);
  } catch (error) {
    const code = errnoOf(error);
    if (code === 'ENOENT') return ok(undefined);
    if (code === 'ENOTDIR') {
      const ancestor = fileAncestor(target);
      return failed({ kind: 'output-unwritable', path, detail: ancestor ? `${ancestor} is a regular file, not a directory` : 'ENOTDIR' });
    }
    return failed({ kind: 'output-unwritable', path, detail: code });
  }
}

/** Writes `text` to `path` (relative to `cwd`) atomically after `checkOutputPath`; never leaves a partial or temporary file. */
export function writeOutputFile(path: string, text: string, cwd: string = process.cwd()): Result<void> {
  const checked = checkOutputPath(path, cwd);
  if (!checked.ok) return checked;
  const target = resolve(cwd, path);
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.rotate.tmp`);
  try {
    writeFileSync(temporary, text, { flag: 'wx' });
  } catch (error) {
    return failed({ kind: 'output-unwritable', path, detail: errnoOf(error) });
  }
  try {
    renameSync(temporary, target);
    return ok(undefined);
  } catch (error) {
    rmSync(temporary, { force: true });
    return failed({ kind: 'output-unwritable', path, detail: errnoOf(error) });
  }
}
