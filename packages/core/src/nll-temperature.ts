import type { Matrix } from './matrix.js';
import type { TemperatureResult } from './confidence-temperature.js';
import type { ParallelPool } from './parallel-pool.js';
import { sharedFloat64, toShared } from './shared-arrays.js';
import { type NllMomentsArgs, nllMomentsBlocks } from './nll-moments-kernel.js';

/** Rows per block of the Newton pass: the per-block sums are added in block order, whatever the lanes. */
const BLOCK_ROWS = 256;

/**
 * Temperature scaling: the T > 0 minimising the mean cross-entropy of `logits / T`. The loss is convex in
 * s = 1/T, so a safeguarded Newton iteration on s (first derivative mean(E_p[z] - z_y), second mean(Var_p z))
 * converges in a few passes. Each pass runs on the WebAssembly SIMD kernel (`nllMomentsRows`: float64, the
 * kernels' exponential within 2 ulp of Math.exp) over fixed 256-row blocks summed in block order, on `pool`'s
 * lanes when given: the same T for any number of lanes. Stops when the step in s is below `tolerance` (default
 * 1e-10 relative).
 * @param logits N x K logits of the estimation set (finite: the caller checks)
 * @param labels N labels in [0, K)
 * @param tolerance relative step in s at which to stop; default 1e-10
 * @param maxIterations Newton steps at most; default 100
 * @param pool lanes to run on (left open); default this thread only
 */
export function nllTemperature(
  logits: Matrix,
  labels: Int32Array,
  tolerance = 1e-10,
  maxIterations = 100,
  pool?: ParallelPool,
): TemperatureResult {
  const { rows, cols } = logits;
  const blocks = Math.ceil(rows / BLOCK_ROWS);
  const lanes = pool !== undefined && pool.threads > 1 && blocks > 1 ? pool : undefined;
  const args: NllMomentsArgs = {
    logits: lanes ? toShared(logits.data) : logits.data,
    rows,
    cols,
    labels: lanes ? toShared(labels) : labels,
    scale: 1,
    blockRows: BLOCK_ROWS,
    out: lanes ? sharedFloat64(2 * blocks) : new Float64Array(2 * blocks),
  };
  /** Mean first and second derivatives of the cross-entropy in s. */
  const derivatives = (s: number): [number, number] => {
    args.scale = s;
    if (lanes) lanes.run('nll-moments', args, blocks);
    else nllMomentsBlocks(args, 0, blocks);
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
