import type { FloatArray, Matrix } from './matrix.js';
import type { ParallelPool } from './parallel-pool.js';
import { sharedFloat64, toShared } from './shared-arrays.js';
import { wasmKernels } from './wasm-kernels.js';

/** What the input checks need to know about a logit matrix, from one pass over it. */
export interface LogitSummary {
  /** Whether every value is finite (no NaN, no +-Infinity). */
  finite: boolean;
  /** The largest |value|; meaningless when not `finite`. */
  maxAbs: number;
  /** The largest row spread max_j z_ij - min_j z_ij (float64 difference); meaningless when not `finite`. */
  maxSpread: number;
}

/** Inputs and shared outputs of {@link logitSummaryBlocks}. */
export interface LogitSummaryArgs {
  data: FloatArray;
  rows: number;
  cols: number;
  blockRows: number;
  /** Three float64 per block: non-finite flag, largest magnitude, largest row spread. */
  out: Float64Array;
}

/** Rows per block: about 1 MB of float32 at K = 1,000, so a block stays in cache while it is read. */
const BLOCK_VALUES = 1 << 18;

/**
 * Finiteness, largest magnitude and largest row spread of `m` in one read of its values, on the WebAssembly
 * SIMD kernel (`logitSummary`, four float32 or two float64 lanes), split over `pool`'s lanes when one is given
 * (a SharedArrayBuffer input is read in place; others are copied once to be shared). The result does not
 * depend on the number of lanes: maxima are exact. Memory: one block (about 1 MB) per lane.
 */
export function summariseLogits(m: Matrix, pool?: ParallelPool): LogitSummary {
  const { rows, cols } = m;
  const blockRows = Math.max(1, Math.floor(BLOCK_VALUES / Math.max(1, cols)));
  const blocks = Math.ceil(rows / blockRows);
  const threaded = pool !== undefined && pool.threads > 1 && blocks > 1;
  const args: LogitSummaryArgs = {
    data: threaded ? toShared(m.data) : m.data,
    rows,
    cols,
    blockRows,
    out: threaded ? sharedFloat64(3 * blocks) : new Float64Array(3 * blocks),
  };
  if (threaded) pool.run('logit-summary', args, blocks);
  else logitSummaryBlocks(args, 0, blocks);
  let finite = true;
  let maxAbs = 0;
  let maxSpread = 0;
  for (let b = 0; b < blocks; b++) {
    if (args.out[3 * b] !== 0) finite = false;
    maxAbs = Math.max(maxAbs, args.out[3 * b + 1]);
    maxSpread = Math.max(maxSpread, args.out[3 * b + 2]);
  }
  return { finite, maxAbs, maxSpread };
}

/**
 * The pool kernel of {@link summariseLogits}: blocks [firstBlock, endBlock), each copied into this thread's
 * kernel memory and summarised into its own three slots of `out`.
 */
export function logitSummaryBlocks(args: LogitSummaryArgs, firstBlock: number, endBlock: number): void {
  const { data, rows, cols, blockRows } = args;
  const kernels = wasmKernels();
  kernels.reset();
  const maxRows = Math.min(blockRows, rows);
  const isF64 = data instanceof Float64Array;
  const at = kernels.alloc(maxRows * cols * data.BYTES_PER_ELEMENT);
  const outAt = kernels.alloc(3 * 8);
  const view = isF64 ? kernels.f64(at, maxRows * cols) : kernels.f32(at, maxRows * cols);
  const out = kernels.f64(outAt, 3);
  for (let block = firstBlock; block < endBlock; block++) {
    const r0 = block * blockRows;
    const r1 = Math.min(rows, r0 + blockRows);
    view.set(data.subarray(r0 * cols, r1 * cols));
    kernels.exports.logitSummary(at, isF64 ? 1 : 0, r1 - r0, cols, outAt);
    args.out.set(out, 3 * block);
  }
}
