import { readSync } from 'node:fs';

/**
 * Where the rows of a float32 or float64 `.npy` file lie on disk: what a worker lane needs to read its own rows
 * straight into its kernel memory (no copy on the main thread, no buffer the size of the file). Made by
 * `NpyRowReader.fileRows()`, which has checked the header and the file's length.
 */
export interface NpyFileRows {
  /** Absolute path of the file. */
  readonly file: string;
  /** Byte offset of row 0 (past the header). */
  readonly dataOffset: number;
  readonly dtype: '<f4' | '<f8';
  readonly rows: number;
  readonly cols: number;
}

/** Whether `x` is an {@link NpyFileRows} (rather than values held in memory). */
export function isNpyFileRows(x: unknown): x is NpyFileRows {
  return typeof x === 'object' && x !== null && typeof (x as NpyFileRows).file === 'string' && !('data' in x);
}

/** Bytes per value of the file's dtype (4 or 8). */
export function fileRowItemSize(rows: NpyFileRows): number {
  return rows.dtype === '<f8' ? 8 : 4;
}

/**
 * Reads rows [start, start + count) of the file open as `fd` into `target` (count x cols values, raw
 * little-endian bytes), with positioned reads (any number of threads may read one file at once).
 * @returns false when the file ended before the rows did (it shrank since it was opened), else true
 */
export function readRowBytes(fd: number, rows: NpyFileRows, start: number, count: number, target: Uint8Array): boolean {
  const item = fileRowItemSize(rows);
  const bytes = count * rows.cols * item;
  const position = rows.dataOffset + start * rows.cols * item;
  // One read call moves at most 2 GiB - 4 KiB on Linux: large blocks take several.
  for (let done = 0; done < bytes; ) {
    const n = readSync(fd, target, done, Math.min(bytes - done, 2 ** 30), position + done);
    if (n === 0) return false;
    done += n;
  }
  return true;
}
