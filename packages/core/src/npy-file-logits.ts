import { type BigIntStats, statSync } from 'node:fs';
import type { Matrix } from './matrix.js';
import type { NpyFileLogits } from './logit-rows.js';
import { NpyRowReader } from './npy-row-reader.js';
import { InputError } from './validate.js';

/**
 * Opens a 2-D float32 or float64 `.npy` file as {@link NpyFileLogits}: reads and checks its header (the file must
 * be exactly as long as its shape says) and records its size, mtime and inode, which {@link checkFileUnchanged}
 * compares later. The values are not read here.
 * @param what how messages name the file; default the path
 * @throws InputError (one line naming `what`) on a bad header, a wrong size, or float16 values (not supported
 *   here: a kernel reads values as they are stored)
 */
export function openNpyFileLogits(path: string, what = path): NpyFileLogits {
  const reader = NpyRowReader.open(path, what);
  try {
    const logits = reader.fileLogits();
    if (!logits)
      throw new InputError(`${what}: expected float32 or float64 values to read in row blocks, got ${reader.dtype}`);
    return logits;
  } finally {
    reader.close();
  }
}

/**
 * Checks that the file is still the one opened (same inode, size and modification time): a file rewritten while
 * passes read it would otherwise give a silent mixture of old and new values.
 * @throws InputError (one line naming the file) when it changed or is gone
 */
export function checkFileUnchanged(logits: NpyFileLogits): void {
  const { what, identity } = logits;
  let now: BigIntStats;
  try {
    now = statSync(logits.file.file, { bigint: true });
  } catch (error) {
    throw new InputError(
      `${what}: file removed while being read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  if (
    Number(now.size) !== identity.size ||
    String(now.mtimeNs) !== identity.mtimeNs ||
    `${now.dev}:${now.ino}` !== identity.inode
  )
    throw new InputError(
      `${what}: file changed while being read (${identity.size} -> ${now.size} bytes, modified again); results would mix old and new values`,
    );
}

/**
 * Runs `read` (a pass whose lanes read the file) and then checks the file is unchanged; when `read` fails, a
 * changed file is the error reported (a lane that met the end of a truncated file fails with a less useful
 * message). Logits in memory (undefined) just run `read`.
 * @throws InputError when the file changed; else what `read` throws
 */
export function readingFile<T>(logits: NpyFileLogits | undefined, read: () => T): T {
  if (!logits) return read();
  let result: T;
  try {
    result = read();
  } catch (error) {
    checkFileUnchanged(logits);
    throw error;
  }
  checkFileUnchanged(logits);
  return result;
}

/** Rows [start, start + count) of the file as a matrix, read on this thread (for error messages naming a row). */
export function readFileRows(logits: NpyFileLogits, start: number, count: number): Matrix {
  const reader = NpyRowReader.open(logits.file.file, logits.what);
  try {
    return reader.readRows(start, count);
  } finally {
    reader.close();
  }
}
