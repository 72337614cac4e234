import { accessSync, constants, statfsSync, statSync } from 'node:fs';
import { basename, dirname, resolve, sep } from 'node:path';
import { OutputError, outputError } from '../../output-error.js';

/**
 * Refuses, before any work, a folder a run must write into that can never be written: a path under a regular
 * file, or (when `mustBeWritable`) a folder, or the nearest existing parent of a folder still to be created, that
 * is read-only or not ours. Nothing is created. A full disk can only be seen when writing (see
 * {@link asOutputError}).
 * @param what how the message names the folder, e.g. 'results folder'.
 * @param mustBeWritable check write permission of an existing folder too; default true. A complete cache on
 *   read-only storage can still be read, so the cache passes false.
 * @throws OutputError `<dir>: cannot write the <what> (<CODE>: <reason>)`.
 */
export function checkRunFolder(dir: string, what: string, mustBeWritable = true): void {
  let current = resolve(dir);
  let exists = true;
  for (;;) {
    const info = statOrUndefined(current);
    if (info === undefined) {
      const parent = dirname(current);
      if (parent === current) return;
      current = parent;
      exists = false;
      continue;
    }
    if (!info.isDirectory())
      throw new OutputError(`${dir}: cannot write the ${what} (ENOTDIR: ${current} is a file, not a folder)`);
    if (exists && !mustBeWritable) return;
    try {
      accessSync(current, constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EACCES';
      const reason = code === 'EROFS' ? 'on a read-only file system' : 'not writable';
      throw new OutputError(`${dir}: cannot write the ${what} (${code}: ${current} is ${reason})`);
    }
    return;
  }
}

/** File-system codes that mean "this location cannot be written", not a bug. */
const WRITE_CODES = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'ENOTDIR', 'EEXIST']);

/**
 * A file-system error met while writing a run (a full disk, storage turned read-only) as a one-line OutputError
 * naming the path; any other error is returned unchanged. Only errors on paths inside `dirs` (the run's
 * results and cache folders) are converted, except ENOSPC and EDQUOT, which only writes meet: an unreadable input
 * elsewhere must not read as "cannot write".
 */
export function asOutputError(error: unknown, dirs: readonly string[]): unknown {
  const e = error as NodeJS.ErrnoException;
  if (!e || typeof e.code !== 'string' || !WRITE_CODES.has(e.code)) return error;
  if (typeof e.path !== 'string') {
    // A write on an open file (the atomic writer's) carries no path: name the folder whose disk is full.
    if (e.code !== 'ENOSPC' && e.code !== 'EDQUOT') return error;
    return outputError(fullestFolder(dirs) ?? dirs.join(' or '), e);
  }
  const path = resolve(e.path);
  const inside = dirs.some((dir) => {
    const d = resolve(dir);
    return path === d || path.startsWith(`${d}${sep}`);
  });
  // A temp file's name means nothing to the user: name its folder.
  const named = /^\..*\.tmp$/.test(basename(e.path)) ? dirname(e.path) : e.path;
  return inside || e.code === 'ENOSPC' || e.code === 'EDQUOT' ? outputError(named, e) : error;
}

/** The first of `dirs` (or its nearest existing parent) on a file system with less than 1 MiB free. */
function fullestFolder(dirs: readonly string[]): string | undefined {
  for (const dir of dirs) {
    let current = resolve(dir);
    while (!statOrUndefined(current) && dirname(current) !== current) current = dirname(current);
    try {
      const fs = statfsSync(current);
      if (fs.bavail * fs.bsize < 2 ** 20) return dir;
    } catch {
      // statfs unsupported here: fall back to naming every folder.
    }
  }
  return undefined;
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Refuses a cache folder that exists but cannot be written when `toCompute` stages still have to be stored in it
 * (a complete cache on read-only storage is fine: nothing is written). Called before any work.
 * @param toCompute counts the stages the run must compute and store; called only for an unwritable cache.
 * @throws OutputError `<cache>: cannot write the cache folder (EROFS: ...; N stage(s) must be computed and stored)`.
 */
export async function checkCacheWritableFor(cacheDir: string, toCompute: () => Promise<number>): Promise<void> {
  if (!statOrUndefined(cacheDir)?.isDirectory()) return;
  let code: string;
  try {
    accessSync(cacheDir, constants.W_OK);
    return;
  } catch (error) {
    code = (error as NodeJS.ErrnoException).code ?? 'EACCES';
  }
  const n = await toCompute();
  if (n === 0) return;
  const reason = code === 'EROFS' ? 'read-only file system' : 'not writable';
  throw new OutputError(
    `${cacheDir}: cannot write the cache folder (${code}: ${reason}; ${n} stage(s) must be computed and stored)`,
  );
}
