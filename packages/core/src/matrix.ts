/** Floating-point storage accepted for logits and features. */
export type FloatArray = Float32Array | Float64Array;

/**
 * A dense row-major matrix: `rows` samples by `cols` classes (logits) or dimensions (features).
 * Element (i, j) lives at `data[i * cols + j]`.
 */
export interface Matrix<T extends FloatArray = FloatArray> {
  readonly rows: number;
  readonly cols: number;
  readonly data: T;
}

/**
 * Wraps a typed array as a `rows x cols` row-major matrix.
 * @throws RangeError when `data.length !== rows * cols`.
 */
export function matrix<T extends FloatArray>(data: T, rows: number, cols: number): Matrix<T> {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new RangeError(`matrix shape must be non-negative integers, got ${rows} x ${cols}`);
  }
  if (data.length !== rows * cols) {
    throw new RangeError(`matrix data has ${data.length} values, expected ${rows} x ${cols} = ${rows * cols}`);
  }
  return { rows, cols, data };
}

/** A zero-filled Float64 matrix of the given shape. */
export function zeros(rows: number, cols: number): Matrix<Float64Array> {
  return matrix(new Float64Array(rows * cols), rows, cols);
}

/** A view of row `i` (no copy). */
export function row<T extends FloatArray>(m: Matrix<T>, i: number): T {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols) as T;
}
