import { blockSource } from './block-rows.js';
import type { TemperatureResult } from './confidence-temperature.js';
import { isFileLogits, type LogitRows } from './logit-rows.js';
import { readingFile } from './npy-file-logits.js';
import type { ParallelPool } from './parallel-pool.js';
import { checkFileLogitsSummary } from './prior/check-file-logits.js';
import { sharedFloat64, toShared } from './shared-arrays.js';
import { type NllMomentsArgs, nllMomentsBlocks } from './nll-moments-kernel.js';

/** Rows per block of the Newton pass: the per-block sums are added in block order, whatever the lanes. */
const BLOCK_ROWS = 256;

/**
 * Temperature scaling: the T > 0 minimising the mean cross-entropy of `logits / T`. The loss is convex in
 * s = 1/T, so a safeguarded Newton iteration on s (first derivative mean(E_p[z] - z_y), second mean(Var_p z))
 * converges in a few passes. Each pass runs on the WebAssembly SIMD kernel (`nllMomentsRows`: float64, the
 * kernels' exponential within 2 ulp of Math.exp) over fixed 256-row blocks summed in block order, on `pool`'s
 * lanes when given: the same T for any number of lanes. Logits left in their `.npy` file are read by the lanes
 * block by block on every pass, never whole, and checked finite in the first pass (one-line InputError naming the
 * file, row and column). Stops when the step in s is below `tolerance` (default 1e-10 relative).
 * @param logits N x K logits of the estimation set: in memory (finite: the caller checks) or in their file
 * @param labels N labels in [0, K)
 * @param tolerance relative step in s at which to stop; default 1e-10
 * @param maxIterations Newton steps at most; default 100
 * @param pool lanes to run on (left open); default this thread only
 */
export function nllTemperature(
  logits: LogitRows,
  labels: Int32Array,
  tolerance = 1e-10,
  maxIterations = 100,
  pool?: ParallelPool,
): TemperatureResult {
  const { rows, cols } = logits;
  const blocks = Math.ceil(rows / BLOCK_ROWS);
  const lanes = pool !== undefined && pool.threads > 1 && blocks > 1 ? pool : undefined;
  const file = isFileLogits(logits) ? logits : undefined;
  const args: NllMomentsArgs = {
    logits: blockSource(logits, lanes !== undefined),
    rows,
    cols,
    labels: lanes ? toShared(labels) : labels,
    scale: 1,
    blockRows: BLOCK_ROWS,
    out: lanes ? sharedFloat64(2 * blocks) : new Float64Array(2 * blocks),
    // The first pass over a file also summarises its blocks for the finiteness check.
    summary: file ? (lanes ? sharedFloat64(3 * blocks) : new Float64Array(3 * blocks)) : undefined,
  };
  /** Mean first and second derivatives of the cross-entropy in s. */
  const derivatives = (s: number): [number, number] => {
    args.scale = s;
    readingFile(file, () => {
      if (lanes) lanes.run('nll-moments', args, blocks);
      else nllMomentsBlocks(args, 0, blocks);
    });
    if (file && args.summary) {
      // Finiteness only (scale 0: the spread is not limited here; the kernel subtracts each row's maximum).
      checkFileLogitsSummary(file, args.summary, BLOCK_ROWS, 0);
      args.summary = undefined;
    }
    let g = 0;
    let h = 0;
    for (let b = 0; b < blocks; b++) {
      g += args.out[2 * b];
      h += args.out[2 * b + 1];
    }
    return [g / rows, h / rows];
  };
  let s = 1;
  let lo = 0;
  let hi = Infinity;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const [g, h] = derivatives(s);
    if (g > 0) hi = Math.min(hi, s);
    else lo = Math.max(lo, s);
    let next = h > 0 ? s - g / h : g > 0 ? s / 2 : s * 2;
    // Keep the iterate inside the bracket the derivative signs have established.
    if (!(next > lo && next < hi)) next = Number.isFinite(hi) ? (lo + hi) / 2 : Math.max(s * 2, lo * 2);
    const done = Math.abs(next - s) <= tolerance * Math.max(1, s);
    s = next;
    if (done) break;
  }
  return { temperature: 1 / s, iterations: iterations + 1 };
}
