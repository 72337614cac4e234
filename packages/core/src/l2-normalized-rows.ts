import type { FeatureRows } from './feature-rows.js';
import type { FloatArray } from './matrix.js';
import { InputError } from './validate.js';

/**
 * Rows of `source` divided by their L2 norm, block by block as they are read (CLIP features before a linear
 * head), as float32: the same numbers as normalising the whole matrix at once (the norm summed in float64 over
 * the row's values in order, each value divided by it and rounded to float32), without a normalised copy of the
 * whole set.
 * @param what name used in error messages (the file); default 'features'
 * @throws InputError naming `what` and the row when a row read is all zeros (its direction is undefined) or holds
 *   a NaN or infinite value
 */
export function l2NormalizedRows(source: FeatureRows, what = 'features'): FeatureRows {
  const cols = source.cols;
  let block = new Float32Array(0);
  let raw = new Float64Array(0);
  const inverseNorm = (data: FloatArray, offset: number, row: number) => {
    let sum = 0;
    for (let t = 0; t < cols; t++) sum += data[offset + t] * data[offset + t];
    const length = Math.sqrt(sum);
    // A NaN or infinite value would give a row of NaN (or zeros) that no later check names: refused here.
    if (!Number.isFinite(length)) throw new InputError(`${what}: row ${row} has a value that is not finite`);
    if (!(length > 0)) throw new InputError(`${what}: row ${row} is all zeros and cannot be L2-normalised`);
    return length;
  };
  return {
    rows: source.rows,
    cols,
    dtype: 'float32',
    readRows(start, count) {
      const values = source.readRows(start, count);
      if (block.length < count * cols) block = new Float32Array(count * cols);
      for (let i = 0; i < count; i++) {
        const o = i * cols;
        const length = inverseNorm(values, o, start + i);
        for (let t = 0; t < cols; t++) block[o + t] = values[o + t] / length;
      }
      return block.subarray(0, count * cols);
    },
    gatherRows(indices, target) {
      const n = indices.length;
      if (target.length < n * cols)
        throw new RangeError(`feature rows: a target of ${target.length} values cannot hold ${n} rows`);
      if (raw.length < n * cols) raw = new Float64Array(n * cols);
      source.gatherRows(indices, raw); // float32 values are exact in float64: the norms are the same sums
      for (let r = 0; r < n; r++) {
        const o = r * cols;
        const length = inverseNorm(raw, o, indices[r]);
        for (let t = 0; t < cols; t++) target[o + t] = Math.fround(raw[o + t] / length);
      }
    },
    close: () => source.close?.(),
  };
}
