import type { FloatArray, Matrix } from './matrix.js';

/**
 * Rows of a feature matrix read a block at a time, so that trainers and scorers can work on feature sets larger
 * than memory (ImageNet train: 1.28 M x 512 or 768). Implemented in memory by {@link matrixFeatureRows}, over a
 * `.npy` file by `NpyFeatureRows` and L2-normalised on the fly by `l2NormalizedRows`. Every implementation gives
 * the same values for the same rows however it reads them, so results depend only on which blocks a consumer
 * asks for, never on I/O.
 */
export interface FeatureRows {
  /** Number of rows (samples). */
  readonly rows: number;
  /** Values per row (feature dimensions). */
  readonly cols: number;
  /** How the values are stored at the source; float16 rows are widened to float32 as they are read. */
  readonly dtype: 'float16' | 'float32' | 'float64';
  /**
   * Rows [start, start + count) as `count * cols` row-major values: float32 for float16/float32 sources, float64
   * for float64 ones. The array may be a view of the source or a buffer that the next call overwrites: use it
   * before reading again.
   * @throws RangeError outside [0, rows)
   */
  readRows(start: number, count: number): FloatArray;
  /**
   * The rows `indices[0], indices[1], ...` (any order, repeats allowed) into `target`, row `r` at
   * `target[r * cols ...]`; values are converted exactly (float32 values into a Float64Array).
   * @throws RangeError for an index outside [0, rows) or a target shorter than `indices.length * cols`
   */
  gatherRows(indices: ArrayLike<number>, target: FloatArray): void;
  /** Releases what the source holds open (a file); idempotent; absent when there is nothing to release. */
  close?(): void;
}

/** The dtype a FeatureRows reports for a matrix's storage. */
const dtypeOf = (data: FloatArray): FeatureRows['dtype'] => (data instanceof Float64Array ? 'float64' : 'float32');

/**
 * An in-memory matrix as {@link FeatureRows}: `readRows` returns views (no copy), so a consumer that reads
 * consecutive blocks sees exactly the numbers it would read from `m.data`.
 */
export function matrixFeatureRows(m: Matrix): FeatureRows {
  const { rows, cols, data } = m;
  const check = (start: number, count: number) => {
    if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0 || start + count > rows)
      throw new RangeError(`feature rows [${start}, ${start + count}) outside [0, ${rows})`);
  };
  return {
    rows,
    cols,
    dtype: dtypeOf(data),
    readRows(start, count) {
      check(start, count);
      return data.subarray(start * cols, (start + count) * cols);
    },
    gatherRows(indices, target) {
      if (target.length < indices.length * cols)
        throw new RangeError(`feature rows: a target of ${target.length} values cannot hold ${indices.length} rows`);
      for (let r = 0; r < indices.length; r++) {
        const src = indices[r];
        check(src, 1);
        for (let t = 0; t < cols; t++) target[r * cols + t] = data[src * cols + t];
      }
    },
  };
}

/** Whether a value is a {@link FeatureRows} rather than a {@link Matrix}. */
export function isFeatureRows(value: Matrix | FeatureRows): value is FeatureRows {
  return typeof (value as FeatureRows).readRows === 'function';
}
