import type { Matrix } from './matrix.js';
import type { ParallelPool } from './parallel-pool.js';
import { sharedFloat64, toShared } from './shared-arrays.js';
import { logitSummaryBlocks, type LogitSummaryArgs } from './logit-summary-kernel.js';

/** What the input checks need to know about a logit matrix, from one pass over it. */
export interface LogitSummary {
  /** Whether every value is finite (no NaN, no +-Infinity). */
  finite: boolean;
  /** The largest |value|; meaningless when not `finite`. */
  maxAbs: number;
  /** The largest row spread max_j z_ij - min_j z_ij (float64 difference); meaningless when not `finite`. */
  maxSpread: number;
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
