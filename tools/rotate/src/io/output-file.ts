/**
 * `--out`: writes only to a new path in an existing directory or, with `--force`, over a regular file,
 * atomically (a private temporary file beside it, renamed into place). An existing regular file is
 * refused without `--force`; with it, the file keeps its permission bits. A symlink, FIFO, device,
 * socket or directory at the path, or a path under a regular file, is refused even with `--force`: the
 * rename would replace it with a regular file.
 */
import type { Stats } from 'node:fs';
import { chmodSync, linkSync, lstatSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Result } from '@raxx/rotation/errors';
import { failed, ok } from '@raxx/rotation/errors';

/** How `--out` may treat what is already at the path. */
export interface OutputFileOptions {
  /** Replace an existing regular file (`--force`). @default false: an existing file is refused */
  readonly force?: boolean;
}

/** What link(2) fails with on a file system that has no hard links. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/** What `--out` says of an existing regular file without `--force`. */
export const EXISTS_DETAIL = 'it exists; pass --force to replace it';

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

/** What is at `target`: nothing (a new path), a regular file with its permission bits, or why it may not be written. */
function inspectTarget(path: string, target: string, options: OutputFileOptions): Result<{ readonly mode: number } | undefined> {
  try {
    const stats = lstatSync(target);
    const kind = kindOf(stats);
    if (kind) return failed({ kind: 'output-unwritable', path, detail: `it is ${kind}; --out writes only to a regular file or a new path` });
    if (!options.force) return failed({ kind: 'output-unwritable', path, detail: EXISTS_DETAIL });
    return ok({ mode: stats.mode & 0o777 });
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

/** Why `path` (relative to `cwd`) may not be written, or nothing when it may. */
export function checkOutputPath(path: string, cwd: string = process.cwd(), options: OutputFileOptions = {}): Result<void> {
  const inspected = inspectTarget(path, resolve(cwd, path), options);
  return inspected.ok ? ok(undefined) : inspected;
}

/**
 * Writes `text` to `path` (relative to `cwd`) atomically after the checks of `checkOutputPath`; never
 * leaves a partial or temporary file. A new file gets the mode any new file gets (0666 less the umask);
 * a replaced one (`--force`) keeps its permission bits. Without `--force` the file is linked into
 * place (link(2) never replaces), so a file that appeared since the check is refused too.
 */
export function writeOutputFile(path: string, text: string, cwd: string = process.cwd(), options: OutputFileOptions = {}): Result<void> {
  const target = resolve(cwd, path);
  const existing = inspectTarget(path, target, options);
  if (!existing.ok) return existing;
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.rotate.tmp`);
  const unwritable = (error: unknown): Result<void> => {
    rmSync(temporary, { force: true });
    return failed({ kind: 'output-unwritable', path, detail: errnoOf(error) });
  };
  try {
    // Private while it is written; a replaced file's mode is set before the rename, so it never shows another.
    writeFileSync(temporary, text, { flag: 'wx', mode: existing.value ? 0o600 : 0o666 });
    if (existing.value) chmodSync(temporary, existing.value.mode);
  } catch (error) {
    return unwritable(error);
  }
  if (options.force) {
    try {
      renameSync(temporary, target);
      return ok(undefined);
    } catch (error) {
      return unwritable(error);
    }
  }
  try {
    linkSync(temporary, target);
  } catch (error) {
    const code = errnoOf(error);
    if (code === 'EEXIST') {
      rmSync(temporary, { force: true });
      return failed({ kind: 'output-unwritable', path, detail: EXISTS_DETAIL });
    }
    // A file system without hard links: the check above is then the only guard against clobbering.
    if (!NO_HARD_LINKS.has(code)) return unwritable(error);
    try {
      renameSync(temporary, target);
      return ok(undefined);
    } catch (renameError) {
      return unwritable(renameError);
    }
  }
  rmSync(temporary, { force: true });
  return ok(undefined);
}
