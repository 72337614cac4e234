import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { messages } from './messages.js';
import { ModelError } from './model-error.js';

/**
 * An exclusive lock on a feature-cache folder, so two runs sharing a cache never write it at once: the second
 * waits for the first and then finds its finished cache.
 *
 * The lock is the file `<dir>/.lock`, created atomically with its contents (written to a temp file, then
 * hard-linked into place, which fails when the lock exists). It records the holder's host, process id and
 * process start time. A lock whose holder is gone (same host, and no process with that id and start time: a
 * killed run) is broken and taken over; breaking renames the file aside first and checks it was the stale one,
 * so two runs breaking the same lock at once cannot both take it.
 */

/** Who holds a lock. */
export interface LockHolder {
  readonly host: string;
  readonly pid: number;
  /** Process start time (Linux clock ticks since boot) telling a reused process id apart; '' when unknown. */
  readonly started: string;
  readonly token: string;
}

/** Options of {@link acquireCacheLock}. */
export interface CacheLockOptions {
  /** Called once when the lock is held by another live process and this run starts waiting. */
  onWait?: (lockFile: string, holder: LockHolder | undefined) => void;
  /** Give up after this many milliseconds of waiting (ModelError `CACHE_LOCKED`); default: wait as long as it takes. */
  timeoutMs?: number;
  /** Interval between checks while waiting; default 200 ms. */
  pollMs?: number;
  /** Stops waiting (ModelError `ABORTED`). */
  signal?: AbortSignal;
}

/** The lock file of a cache folder. */
export function cacheLockFile(dir: string): string {
  return join(dir, '.lock');
}

/**
 * Takes the lock of cache folder `dir` (created when missing), waiting while another live process holds it.
 * @returns a function releasing the lock (it only deletes the lock when it is still this run's).
 * @throws ModelError `CACHE_LOCKED` after `timeoutMs`, `ABORTED` when `signal` fires while waiting; file-system
 *   errors (e.g. a read-only folder) as they are.
 */
export async function acquireCacheLock(dir: string, options: CacheLockOptions = {}): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  const file = cacheLockFile(dir);
  const me: LockHolder = {
    host: hostname(),
    pid: process.pid,
    started: processStarted(process.pid) ?? '',
    token: randomBytes(8).toString('hex'),
  };
  const text = JSON.stringify(me);
  const began = Date.now();
  let waiting = false;
  for (;;) {
    if (await tryCreate(file, text)) return () => release(file, me.token);
    const seen = await readFile(file, 'utf8').catch(() => undefined);
    if (seen === undefined) continue; // released in between: try again at once
    const holder = parseHolder(seen);
    if (holder === undefined || holderGone(holder)) {
      await breakStale(file, seen);
      continue;
    }
    if (!waiting) {
      waiting = true;
      options.onWait?.(file, holder);
    }
    if (options.signal?.aborted) throw new ModelError(messages.extractionAborted(dir, 0), 'ABORTED', dir);
    if (options.timeoutMs !== undefined && Date.now() - began > options.timeoutMs) {
      throw new ModelError(messages.cacheLocked(file, holder.pid, holder.host), 'CACHE_LOCKED', file);
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 200));
  }
}

/** Creates `file` with `text` in one step; false when it exists. */
async function tryCreate(file: string, text: string): Promise<boolean> {
  const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.new`;
  await writeFile(temp, text);
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}

async function release(file: string, token: string): Promise<void> {
  const seen = await readFile(file, 'utf8').catch(() => undefined);
  if (seen !== undefined && parseHolder(seen)?.token === token) await rm(file, { force: true });
}

/**
 * Removes a stale lock whose text was `seen`. It is renamed aside first: if what was moved is not the stale lock
 * (another run broke it and took the lock meanwhile), it is put back.
 */
async function breakStale(file: string, seen: string): Promise<void> {
  const aside = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.stale`;
  try {
    await rename(file, aside);
  } catch {
    return; // already gone
  }
  const moved = await readFile(aside, 'utf8').catch(() => undefined);
  if (moved !== undefined && moved !== seen) await link(aside, file).catch(() => undefined);
  await rm(aside, { force: true });
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.host !== 'string' || !Number.isInteger(value.pid) || typeof value.token !== 'string')
      return undefined;
    return {
      host: value.host,
      pid: value.pid as number,
      started: typeof value.started === 'string' ? value.started : '',
      token: value.token,
    };
  } catch {
    return undefined;
  }
}

/** True when the holder certainly no longer runs: same host, and its process id is free or now names another process. */
function holderGone(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false; // another machine on a shared disk: cannot tell, so wait
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return true;
  }
  const started = processStarted(holder.pid);
  return holder.started !== '' && started !== undefined && started !== holder.started;
}

/** A process's start time from /proc (Linux), or undefined elsewhere. */
function processStarted(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime); the fields are counted after the command name, which may contain spaces.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
