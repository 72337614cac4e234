import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Temp files of `writeFileAtomic` (`.<name>.<12 hex>.tmp`), which a killed run leaves behind. */
const ATOMIC_TEMP = /^\..+\.[0-9a-f]{12}\.tmp$/;

/**
 * Deletes the stage cache's stray temp files after a successful run: those in `stages/<kind>/` and `models/` not
 * modified since `before` (the run's start) and at least `minAgeMs` old (default 60 s). Another run writing
 * into the same cache at the same time keeps touching its own temp file, so it is never deleted under it.
 * @returns the paths removed.
 */
export function removeStrayStageTemps(cacheDir: string, before: number, minAgeMs = 60_000): string[] {
  const limit = Math.min(before, Date.now() - minAgeMs);
  const dirs = [join(cacheDir, 'models'), ...subfolders(join(cacheDir, 'stages'))];
  const removed: string[] = [];
  for (const dir of dirs) {
    for (const name of namesIn(dir)) {
      if (!ATOMIC_TEMP.test(name)) continue;
      const path = join(dir, name);
      const info = statOrUndefined(path);
      if (!info?.isFile() || info.mtimeMs >= limit) continue;
      rmSync(path, { force: true });
      removed.push(path);
    }
  }
  return removed;
}

function subfolders(dir: string): string[] {
  return namesIn(dir)
    .map((name) => join(dir, name))
    .filter((path) => statOrUndefined(path)?.isDirectory());
}

function namesIn(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
