import { hostname } from 'node:os';
import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { outputError } from '../output-error.js';

/**
 * The staging folder of an output folder: built next to its destination and renamed into place only when every
 * file is written, so a failed or killed run never leaves a half-written output folder.
 *
 * Its name carries the host and process id (`.<out>.staging-<host>-<pid>-<random>`), so a later run can tell
 * the leftovers of a killed run (same host, process gone) from a concurrent run's folder, and deletes them.
 */
export interface OutputStaging {
  readonly dir: string;
  /** Replaces `outDir` with the staging folder. */
  commit(): Promise<void>;
  /** Deletes the staging folder. */
  discard(): Promise<void>;
}

/**
 * Creates the staging folder for `outDir` before any work starts, so an output location that cannot be written
 * (a parent that is a file, a read-only file system) is reported at once, not after the run.
 * @throws OutputError naming `outDir` and the reason
 */
export async function openOutputStaging(outDir: string): Promise<OutputStaging> {
  const parent = dirname(outDir);
  const prefix = `.${basename(outDir)}.staging-${safeHost()}-`;
  let dir: string;
  try {
    await mkdir(parent, { recursive: true });
    await removeDeadStagings(parent, prefix);
    dir = await mkdtemp(join(parent, `${prefix}${process.pid}-`));
  } catch (error) {
    throw outputError(outDir, error);
  }
  return {
    dir,
    async commit() {
      try {
        await rm(outDir, { recursive: true, force: true });
        await rename(dir, outDir);
      } catch (error) {
        throw outputError(outDir, error);
      }
    },
    async discard() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Deletes staging folders of `prefix` left by processes of this host that no longer run. */
async function removeDeadStagings(parent: string, prefix: string): Promise<void> {
  for (const name of await readdir(parent)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    if (Number.isInteger(pid) && pid > 0 && !processAlive(pid))
      await rm(join(parent, name), { recursive: true, force: true });
  }
}

/** Whether a process with this id runs on this host (EPERM: it runs, under another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function safeHost(): string {
  return hostname().replace(/[^A-Za-z0-9.-]/g, '_') || 'host';
}
