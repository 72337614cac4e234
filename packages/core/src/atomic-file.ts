import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The one atomic file writer of the project (caches, results, tables, checkpoints): data goes to a temporary
 * file beside the target (`<name>.tmp-<pid>-<hex>`), which is flushed and renamed over the target only once
 * complete. A crash leaves either the old file or the new one, never a truncated mix (plus, at worst, a stray
 * temporary file, which the feature cache's writer removes). The one piece of I/O in core: every package writes
 * through it, and core is the package they all depend on.
 */

/** The temporary name beside `path`. */
const tempPathOf = (path: string) => `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;

/** An open temporary file that becomes `path` on {@link AtomicFile.commit}. */
export interface AtomicFile {
  readonly path: string;
  readonly tempPath: string;
  readonly handle: FileHandle;
  /** Appends bytes at the current end. */
  write(bytes: Uint8Array): Promise<void>;
  /** Bytes written so far. */
  readonly size: number;
  /** Flushes, closes and renames over `path`. */
  commit(): Promise<void>;
  /** Closes and deletes the temporary file. */
  abort(): Promise<void>;
}

/** Opens a temporary file for `path` (creating parent folders). */
export async function openAtomicFile(path: string): Promise<AtomicFile> {
  await mkdir(dirname(path), { recursive: true });
  const tempPath = tempPathOf(path);
  const handle = await open(tempPath, 'w');
  let size = 0;
  let closed = false;
  return {
    path,
    tempPath,
    handle,
    get size() {
      return size;
    },
    async write(bytes: Uint8Array) {
      let done = 0;
      while (done < bytes.length) {
        const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, size + done);
        done += bytesWritten;
      }
      size += bytes.length;
    },
    async commit() {
      await handle.sync();
      await handle.close();
      closed = true;
      await rename(tempPath, path);
    },
    async abort() {
      if (!closed) await handle.close().catch(() => undefined);
      closed = true;
      await rm(tempPath, { force: true });
    },
  };
}

/**
 * Writes `data` (bytes, UTF-8 text or a list of byte pieces) to `path` atomically, creating parent folders; on
 * failure the temporary file is removed and the old file, if any, is kept.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string | readonly Uint8Array[]): Promise<void> {
  const file = await openAtomicFile(path);
  try {
    const pieces = typeof data === 'string' ? [Buffer.from(data, 'utf8')] : data instanceof Uint8Array ? [data] : data;
    for (const piece of pieces) await file.write(piece);
    await file.commit();
  } catch (error) {
    await file.abort();
    throw error;
  }
}

/** {@link writeFileAtomic} without awaiting: for writers that must finish before returning (checkpoints). */
export function writeFileAtomicSync(path: string, data: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tempPath = tempPathOf(path);
  try {
    const fd = openSync(tempPath, 'w');
    try {
      writeFileSync(fd, data); // loops until every byte is written
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tempPath, path);
  } catch (error) {
    rmSync(tempPath, { force: true });
    throw error;
  }
}
