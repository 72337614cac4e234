import type { Matrix } from './matrix.js';

/**
 * Where the rows of a float32 or float64 `.npy` file lie, as kernels on worker threads need it (a plain object,
 * copied into their messages): each lane reads its row blocks itself, with positioned reads straight into its
 * kernel memory, so the matrix is never held whole. Positions are byte offsets in a JavaScript number (exact up to
 * 8 PiB), so files past 2 GiB work.
 */
export interface NpyFileBlocks {
  /** Absolute path (worker threads resolve nothing). */
  readonly path: string;
  /** How error messages name the file (the path the user gave). */
  readonly what: string;
  /** Byte offset of the first value (the header's length: any value, not only multiples of the item size). */
  readonly dataOffset: number;
  /** float64 values (else float32). */
  readonly float64: boolean;
  readonly rows: number;
  readonly cols: number;
  /** The file's identity when opened, compared after every pass: size in bytes, mtime and inode as decimal text. */
  readonly size: number;
  readonly mtimeNs: string;
  readonly inode: string;
}

/** Logits left in their `.npy` file: N x K, read in row blocks where they are used (see {@link NpyFileBlocks}). */
export interface NpyFileLogits {
  readonly rows: number;
  readonly cols: number;
  readonly file: NpyFileBlocks;
}

/** Logits in memory or in a file: what the exact prior solver and its standard errors accept. */
export type LogitRows = Matrix | NpyFileLogits;

/** Whether `logits` are left in their file ({@link NpyFileLogits}) rather than held as a matrix. */
export function isFileLogits(logits: LogitRows): logits is NpyFileLogits {
  return (logits as NpyFileLogits).file !== undefined;
}
