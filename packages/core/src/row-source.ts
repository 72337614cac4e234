import type { NpyFileLogits } from './logit-rows.js';
import type { Matrix } from './matrix.js';

/** Rows of a logit matrix read on demand (e.g. `NpyRowReader`). */
export interface RowSource {
  readonly rows: number;
  readonly cols: number;
  /**
   * Rows [start, start + count) as a count x cols matrix, on a SharedArrayBuffer when `shared`; with `reuse`, the
   * source may overwrite the matrix it returned on its previous call with `reuse` (chunked scoring).
   */
  readRows(start: number, count: number, shared?: boolean, reuse?: boolean): Matrix;
  /**
   * Its float32 / float64 file, when worker lanes may read the rows there (`NpyRowReader`): where they lie, and the
   * file's identity to check it unchanged afterwards.
   */
  fileLogits?(): NpyFileLogits | undefined;
}
