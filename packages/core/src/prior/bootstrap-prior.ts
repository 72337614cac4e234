import { type ExactPriorOptions, estimatePriorExact } from './estimate-prior-exact.js';
import type { LogitRows } from '../logit-rows.js';
import { ParallelPool } from '../parallel-pool.js';
import type { ParallelPriorOptions } from './parallel-prior-pass.js';
import { createRandom } from '../random.js';
import { NO_STANDARD_ERROR } from './prior-uncertainty.js';

/** Options of {@link bootstrapPrior}: the exact solver's and its threading, plus the resampling. */
export interface BootstrapPriorOptions extends ExactPriorOptions, Omit<ParallelPriorOptions, 'rows'> {
  /** Number of resampled estimation sets; default 200. */
  replicates?: number;
  /** Seed of the resampling; default 1. */
  seed?: number;
  /** Coverage of the percentile interval; default 0.95. */
  confidence?: number;
  /** Called after each replicate with (done, total); for progress bars. */
  onReplicate?: (done: number, total: number) => void;
}

/** Empirical spread of log q_j - mean_k log q_k over resampled estimation sets (natural log). */
export interface BootstrapPriorResult {
  replicates: number;
  seed: number;
  confidence: number;
  /** Standard deviation over the replicates; -1 for classes absent from the set. */
  standardErrors: Float64Array;
  /** Percentile interval of the centred log q at `confidence` (0 for absent classes, see `standardErrors`). */
  lower: Float64Array;
  upper: Float64Array;
}

/**
 * Bootstrap of the exact estimator: each replicate redraws, within every class, as many samples as the class has
 * (with replacement; the estimation set's class counts are fixed by design), re-estimates q, and records the
 * centred log q. Costs `replicates` exact solves; the sandwich of `priorUncertainty` is the fast alternative.
 * A replicate is a list of row numbers that the solver's lanes read in place (`ParallelPriorOptions.rows`): no
 * copy of the logits, which may stay in their `.npy` file. The logits' values are taken as checked (estimate q
 * from them first, e.g. with `estimatePrior`). Results are byte-identical for any thread count.
 * @param logits N x K zero-shot logits of the estimation set, in memory or in their file
 * @param labels its N labels
 * @param options replicates (default 200), seed (default 1), confidence (default 0.95), and the exact solver's
 *   options (temperature, tolerance, ridge, ...)
 */
export function bootstrapPrior(
  logits: LogitRows,
  labels: Int32Array,
  options: BootstrapPriorOptions = {},
): BootstrapPriorResult {
  const { replicates = 200, seed = 1, confidence = 0.95, onReplicate, ...solver } = options;
  const { rows, cols } = logits;
  const byClass: number[][] = Array.from({ length: cols }, () => []);
  for (let i = 0; i < rows; i++) byClass[labels[i]].push(i);
  const present = byClass.map((r) => r.length > 0);
  const random = createRandom(seed);
  const draws = Array.from({ length: cols }, () => new Float64Array(replicates));
  const sample = new Int32Array(rows);
  const sampleLabels = new Int32Array(rows);
  // One pool for every replicate (its lanes start once).
  const pool = solver.pool ?? ParallelPool.open(solver.threads ?? 1);
  try {
    for (let r = 0; r < replicates; r++) {
      let i = 0;
      for (let j = 0; j < cols; j++) {
        const members = byClass[j];
        for (let t = 0; t < members.length; t++, i++) {
          sample[i] = members[random.int(members.length)];
          sampleLabels[i] = j;
        }
      }
      const { prior } = estimatePriorExact(logits, sampleLabels, { ...solver, pool, rows: sample });
      let mean = 0;
      let n = 0;
      for (let j = 0; j < cols; j++) {
        if (present[j]) {
          mean += Math.log(prior[j]);
          n++;
        }
      }
      mean /= n;
      for (let j = 0; j < cols; j++) draws[j][r] = present[j] ? Math.log(prior[j]) - mean : 0;
      onReplicate?.(r + 1, replicates);
    }
  } finally {
    if (!solver.pool) pool.close();
  }
  const standardErrors = new Float64Array(cols).fill(NO_STANDARD_ERROR);
  const lower = new Float64Array(cols);
  const upper = new Float64Array(cols);
  const tail = (1 - confidence) / 2;
  for (let j = 0; j < cols; j++) {
    if (!present[j]) continue;
    const d = draws[j];
    let mean = 0;
    for (const v of d) mean += v / replicates;
    let ss = 0;
    for (const v of d) ss += (v - mean) ** 2;
    standardErrors[j] = Math.sqrt(ss / Math.max(replicates - 1, 1));
    const sorted = Float64Array.from(d).sort();
    lower[j] = quantile(sorted, tail);
    upper[j] = quantile(sorted, 1 - tail);
  }
  return { replicates, seed, confidence, standardErrors, lower, upper };
}

/** Linear interpolation between order statistics (NumPy's default 'linear' method). */
function quantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
