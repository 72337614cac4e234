import { type BigIntStats, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Matrix } from './matrix.js';
import type { NpyFileBlocks, NpyFileLogits } from './logit-rows.js';
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
  const absolute = resolve(path);
  const reader = NpyRowReader.open(absolute, what);
  try {
    if (reader.dtype !== '<f4' && reader.dtype !== '<f8')
      throw new InputError(`${what}: expected float32 or float64 values to read in row blocks, got ${reader.dtype}`);
    const stat = statSync(absolute, { bigint: true });
    const file: NpyFileBlocks = {
      path: absolute,
      what,
      dataOffset: reader.dataStart,
      float64: reader.dtype === '<f8',
      rows: reader.rows,
      cols: reader.cols,
      size: Number(stat.size),
      mtimeNs: String(stat.mtimeNs),
      inode: `${stat.dev}:${stat.ino}`,
    };
    return { rows: reader.rows, cols: reader.cols, file };
  } finally {
    reader.close();
  }
}

/**
 * Checks that the file is still the one opened (same inode, size and modification time): a file rewritten while
 * passes read it would otherwise give a silent mixture of old and new values.
 * @throws InputError (one line naming the file) when it changed or is gone
 */
export function checkFileUnchanged(file: NpyFileBlocks): void {
  let now: BigIntStats;
  try {
    now = statSync(file.path, { bigint: true });
  } catch (error) {
    throw new InputError(
      `${file.what}: file removed while being read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  if (Number(now.size) !== file.size || String(now.mtimeNs) !== file.mtimeNs || `${now.dev}:${now.ino}` !== file.inode)
    throw new InputError(
      `${file.what}: file changed while being read (${file.size} -> ${now.size} bytes, modified again); results would mix old and new values`,
    );
}

/**
 * Runs `read` (a pass whose lanes read `file`) and then checks the file is unchanged; when `read` fails, a changed
 * file is the error reported (a lane that met the end of a truncated file fails with a less useful message).
 * @throws InputError when the file changed; else what `read` throws
 */
export function readingFile<T>(file: NpyFileBlocks | undefined, read: () => T): T {
  if (!file) return read();
  let result: T;
  try {
    result = read();
  } catch (error) {
    checkFileUnchanged(file);
    throw error;
  }
  checkFileUnchanged(file);
  return result;
}

/** Rows [start, start + count) of the file as a matrix, read on this thread (for error messages naming a row). */
export function readFileRows(file: NpyFileBlocks, start: number, count: number): Matrix {
  const reader = NpyRowReader.open(file.path, file.what);
  try {
    return reader.readRows(start, count);
  } finally {
    reader.close();
  }
}
