import type { Matrix } from './matrix.js';
import type { NpyFileRows } from './npy-file-rows.js';

/**
 * Logits left in their float32 or float64 `.npy` file, N x K: the lanes of the exact prior solver and of its
 * standard errors read their row blocks themselves (positioned reads straight into their kernel memory), so the
 * matrix is never held whole and files past 2 GiB work. Made by `openNpyFileLogits`.
 */
export interface NpyFileLogits {
  readonly rows: number;
  readonly cols: number;
  /** Where the rows lie (what the lanes are given). */
  readonly file: NpyFileRows;
  /** How error messages name the file (the path the user gave). */
  readonly what: string;
  /**
   * The file when opened, compared after every pass (`checkFileUnchanged`): its size in bytes, its modification
   * time in ns and its device:inode, as decimal text.
   */
  readonly identity: { readonly size: number; readonly mtimeNs: string; readonly inode: string };
}

/** Logits in memory or in a file: what the exact prior solver and its standard errors accept. */
export type LogitRows = Matrix | NpyFileLogits;

/** Whether `logits` are left in their file ({@link NpyFileLogits}) rather than held as a matrix. */
export function isFileLogits(logits: LogitRows): logits is NpyFileLogits {
  return (logits as NpyFileLogits).file !== undefined;
}
