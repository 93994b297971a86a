/** Test harness: the temporary directories of one test file, removed after it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Temporary directories of one test file, each removed after the file's tests. Call at the top level
 * of the file (it registers the `afterAll`).
 */
export function temporaryDirectories(): { make: (prefix: string) => string; adopt: (dir: string) => string } {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  return {
    /** A fresh directory `<tmpdir>/<prefix>XXXXXX`. */
    make: (prefix) => {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      made.push(dir);
      return dir;
    },
    /** A directory made elsewhere (a synthesis helper's), removed with the others. */
    adopt: (dir) => {
      made.push(dir);
      return dir;
    },
  };
}
