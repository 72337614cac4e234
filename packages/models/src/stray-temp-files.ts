import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Temp files of `openAtomicFile` (`<name>.tmp-<pid>-<hex>`): only a writer holding the cache lock makes them. */
const ATOMIC_TEMP = /\.tmp-\d+-[0-9a-f]+$/;

/**
 * Deletes temporary files that a killed run left in a cache folder and its `partial/` folder. Call it only while
 * holding the cache lock: then no other run is writing there, so every such file is a leftover.
 * @returns how many files were removed
 */
export async function removeStrayTempFiles(dirs: readonly string[]): Promise<number> {
  let removed = 0;
  for (const dir of dirs) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      if (!ATOMIC_TEMP.test(name)) continue;
      await rm(join(dir, name), { force: true });
      removed++;
    }
  }
  return removed;
}
