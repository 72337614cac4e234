import type { FeatureRows } from './feature-rows.js';
import type { FloatArray } from './matrix.js';
import { NpyRowReader } from './npy-row-reader.js';

const DTYPES = { '<f2': 'float16', '<f4': 'float32', '<f8': 'float64' } as const;

/**
 * A 2-D float `.npy` file as {@link FeatureRows}: only the rows asked for are read (one block buffer, reused),
 * so a file of any size (past 2 GiB too) costs memory for one block. float16 values are widened to float32 as
 * they are read, exactly. Call {@link close} when done.
 */
export class NpyFeatureRows implements FeatureRows {
  readonly rows: number;
  readonly cols: number;
  readonly dtype: FeatureRows['dtype'];
  private block?: Float32Array | Float64Array;

  private constructor(private readonly reader: NpyRowReader) {
    this.rows = reader.rows;
    this.cols = reader.cols;
    this.dtype = DTYPES[reader.dtype as keyof typeof DTYPES];
  }

  /**
   * Opens `path` (2-D float16/32/64, C order, a size matching its header).
   * @param what name used in error messages; default the path
   * @throws InputError (one line naming `what`) otherwise
   */
  static open(path: string, what = path): NpyFeatureRows {
    return new NpyFeatureRows(NpyRowReader.open(path, what));
  }

  /** Rows [start, start + count) in a buffer that the next `readRows` overwrites (float64 for float64 files). */
  readRows(start: number, count: number): FloatArray {
    const length = count * this.cols;
    if (!this.block || this.block.length < length)
      this.block = this.dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);
    const out = this.block.subarray(0, length);
    this.reader.readRowsInto(start, count, out);
    return out;
  }

  /** Rows by index, read in file order (one read per row) and placed in the order given. */
  gatherRows(indices: ArrayLike<number>, target: FloatArray): void {
    const n = indices.length;
    if (target.length < n * this.cols)
      throw new RangeError(`feature rows: a target of ${target.length} values cannot hold ${n} rows`);
    // Reading in ascending row order keeps a cold file's reads sequential-ish; where each row lands is fixed.
    const order = Array.from({ length: n }, (_, r) => r).sort((a, b) => indices[a] - indices[b] || a - b);
    for (const r of order) this.reader.readRowsInto(indices[r], 1, target, r * this.cols);
  }

  /** Closes the file; idempotent. */
  close(): void {
    this.reader.close();
  }
}
