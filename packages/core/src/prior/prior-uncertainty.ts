import type { LogitRows } from '../logit-rows.js';
import { InputError } from '../validate.js';
import { choleskyFactorWasm } from './cholesky-wasm.js';
import { choleskySolve } from './dense-cholesky.js';
import { priorSandwich } from './prior-sandwich.js';
import { ParallelPool } from '../parallel-pool.js';
import { toShared } from '../shared-arrays.js';
import { SANDWICH_PANEL } from './sandwich-diagonal.js';
import { sandwichDiagonalWasm } from './sandwich-diagonal-wasm.js';

/** Default threshold on a standard error (or solver error) of log q above which a class is undetermined. */
export const UNDETERMINED_THRESHOLD = 0.5;
/** Standard errors are reported up to this value; a larger one means the data say nothing about the class. */
export const MAX_STANDARD_ERROR = 1000;
/** Written for a class absent from the estimation set, which has no standard error (see `missingClasses`). */
export const NO_STANDARD_ERROR = -1;

/** Options of {@link priorUncertainty}. */
export interface PriorUncertaintyOptions {
  /** Temperature T the logits were divided by when q was estimated; default 1. */
  temperature?: number;
  /** Strength of the ridge the estimate was made with (see `ExactPriorOptions.ridge`); default 0. */
  ridge?: number;
  /** Standard error or solver error of log q above which a class is listed as undetermined; default 0.5. */
  threshold?: number;
  /** Largest number of classes for the dense K x K matrices (about 72 K^2 bytes on one thread); default 2048. */
  maxClasses?: number;
  /**
   * Relative threshold of the off-diagonal products (see `priorSandwich`); default 1e-3, as the exact solver's
   * `sparsity`. Measured at K = 1,000, 12 images per class: standard errors within 4 % of keeping every
   * probability above 1e-10 (1e-4: within 0.4 %, 1e-6: 0.01 %, at 1.5x and 4x the time). 0 keeps every
   * probability (N K^2 work: minutes at K = 1,000 on flat rows).
   */
  keepRelative?: number;
  /**
   * Certificate tolerance the solver stopped at (default 1e-6, the exact solver's): log q_j can move by about
   * tolerance / curvature_j without the certificate noticing, so a class where that exceeds `threshold` is
   * undetermined even when its standard error is small.
   */
  tolerance?: number;
  /**
   * Lanes for the K^3 part (the columns of H^-1 S H^-1 split over worker threads); default 1. Results are
   * byte-identical for any count.
   */
  threads?: number;
  /** A pool to run on instead (left open); default: one opened for the call when `threads` > 1. */
  pool?: ParallelPool;
}

/** How sure an estimate of the pre-training prior is, per class, in natural-log units of q. */
export interface PriorUncertainty {
  method: 'sandwich';
  /**
   * Standard error of log q_j - mean_k log q_k (the mean over present classes) from the sandwich H^-1 S H^-1 / N,
   * with H the Hessian of the objective and S the within-class covariance of the per-sample gradients, both at
   * q. Capped at {@link MAX_STANDARD_ERROR}; {@link NO_STANDARD_ERROR} (-1) for classes absent from the set.
   */
  standardErrors: Float64Array;
  /**
   * How far log q_j may still be from the exact optimum: |H^-1 g|_j for the gradient g left at q (one Newton
   * step), centred like the standard errors; large where the objective is flat and the certificate nonzero.
   */
  solverErrors: Float64Array;
  /** Hessian diagonal mean_i p_ij (1 - p_ij): the curvature along log q_j (0 for absent classes). */
  curvature: Float64Array;
  /**
   * Classes absent from the set, or where the standard error, the solver error, or tolerance / (curvature + ridge)
   * exceeds `threshold`, ascending.
   */
  undeterminedClasses: number[];
  threshold: number;
  ridge: number;
}

/**
 * Per-class standard errors of an estimated pre-training prior q (e.g. from `estimatePriorExact`), and the classes
 * whose log q the estimation set does not determine. Classes whose images are all classified with near certainty
 * and that draw no probability from other classes leave the objective flat along their log q: their standard error
 * or their solver error is large, and GLA's predictions for them rest on an arbitrary value unless a ridge is used.
 * Cost: one pass over the logits (WebAssembly SIMD, over up to 8 fixed class blocks run in waves of one per
 * thread), a Cholesky factor (K^3 / 3) and about 1.2 K^3 multiply-adds for diag(H^-1 S H^-1) without forming H^-1
 * (cache-sized column panels in WebAssembly SIMD, split over the threads); `pnpm bench` (prior section) times it
 * at 50,000 x 1,000. Results are byte-identical for any number of threads.
 * @param logits N x K zero-shot logits of the estimation set (a matrix, or a `.npy` file read in row blocks)
 * @param labels its N labels
 * @param prior the estimated q (K positive numbers, any scale)
 * @param options temperature (default 1), ridge (default 0), threshold (default 0.5), tolerance (default 1e-6),
 *   maxClasses (default 2048), threads (default 1) or pool
 * @throws InputError when K exceeds `maxClasses` or the prior is not positive
 */
export function priorUncertainty(
  logits: LogitRows,
  labels: Int32Array,
  prior: ArrayLike<number>,
  options: PriorUncertaintyOptions = {},
): PriorUncertainty {
  const {
    temperature = 1,
    ridge = 0,
    threshold = UNDETERMINED_THRESHOLD,
    maxClasses = 2048,
    keepRelative,
    tolerance = 1e-6,
  } = options;
  if (logits.cols > maxClasses) {
    throw new InputError(`prior standard errors: ${logits.cols} classes is more than maxClasses = ${maxClasses}`);
  }
  const offsets = new Float64Array(logits.cols);
  for (let j = 0; j < logits.cols; j++) {
    if (!(prior[j] > 0)) throw new InputError(`prior standard errors: q[${j}] = ${prior[j]} is not positive`);
    offsets[j] = -Math.log(prior[j]);
  }
  const threads = options.pool?.threads ?? options.threads ?? 1;
  const pool = options.pool ?? (threads > 1 ? ParallelPool.open(threads) : undefined);
  try {
    return uncertaintyAt(logits, labels, offsets, {
      ...options,
      pool,
      temperature,
      ridge,
      threshold,
      keepRelative,
      tolerance,
    });
  } finally {
    if (pool && !options.pool) pool.close();
  }
}

function uncertaintyAt(
  logits: LogitRows,
  labels: Int32Array,
  offsets: Float64Array,
  options: PriorUncertaintyOptions & { temperature: number; ridge: number; threshold: number; tolerance: number },
): PriorUncertainty {
  const { temperature, ridge, threshold, keepRelative, tolerance, pool } = options;
  const sandwich = priorSandwich(logits, labels, offsets, 1 / temperature, keepRelative, { pool });
  const { classes, hessian, scores, rows } = sandwich;
  const k = classes.length;
  // Centred offsets: the ridge pulls b - mean(b) toward 0, adding ridge * P to the Hessian and to the gradient.
  let meanOffset = 0;
  for (let c = 0; c < k; c++) meanOffset += offsets[classes[c]] / k;
  const gradient = Float64Array.from(sandwich.gradient, (v, c) => v + ridge * (offsets[classes[c]] - meanOffset));
  const curvature = new Float64Array(logits.cols);
  let meanDiag = 0;
  for (let c = 0; c < k; c++) {
    curvature[classes[c]] = hessian[c * k + c];
    meanDiag += hessian[c * k + c] / k;
  }
  // H + ridge P + pin 11^T / k: the pin fixes the constant direction, to which the objective is blind; it leaves
  // the result unchanged because the gradients' covariance has that direction in its null space.
  const pin = meanDiag / k;
  // Formed in place of the Hessian (no other reader after the curvature above): one k x k matrix less.
  const a = hessian;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) a[i * k + j] = a[i * k + j] + pin + (i === j ? ridge : 0) - ridge / k;
  }
  choleskyFactorWasm(a, k, meanDiag * 1e-20);
  const variances = parallelSandwichDiagonal(a, scores, k, pool);
  const step = choleskySolve(a, k, gradient);
  const standardErrors = new Float64Array(logits.cols).fill(NO_STANDARD_ERROR);
  for (let j = 0; j < k; j++) {
    standardErrors[classes[j]] = Math.min(Math.sqrt(Math.max(variances[j], 0) / rows), MAX_STANDARD_ERROR);
  }
  let meanStep = 0;
  for (let j = 0; j < k; j++) meanStep += step[j] / k;
  const solverErrors = new Float64Array(logits.cols).fill(NO_STANDARD_ERROR);
  for (let j = 0; j < k; j++) solverErrors[classes[j]] = Math.min(Math.abs(step[j] - meanStep), MAX_STANDARD_ERROR);
  const undeterminedClasses: number[] = [];
  for (let j = 0; j < logits.cols; j++) {
    const flat = tolerance / (curvature[j] + ridge) > threshold;
    if (standardErrors[j] < 0 || standardErrors[j] > threshold || solverErrors[j] > threshold || flat) {
      undeterminedClasses.push(j);
    }
  }
  return {
    method: 'sandwich',
    standardErrors,
    solverErrors,
    curvature,
    undeterminedClasses,
    threshold,
    ridge,
  };
}

/** diag(A^-1 S A^-1) on this thread, or split by column panels over a pool (identical results). */
function parallelSandwichDiagonal(
  factor: Float64Array,
  scores: Float64Array,
  k: number,
  pool: ParallelPool | undefined,
): Float64Array {
  if (!pool || pool.threads <= 1) return sandwichDiagonalWasm(factor, scores, k);
  // Narrower panels when there are many lanes, so the work spreads evenly (the panel changes nothing else).
  const panel = (Math.max(8, Math.min(SANDWICH_PANEL, Math.ceil(k / (4 * pool.threads)))) + 1) & ~1;
  const out = toShared(new Float64Array(k));
  pool.run(
    'sandwich-diagonal',
    { factor: toShared(factor), scores: toShared(scores), k, panel, out },
    Math.ceil(k / panel),
  );
  return out;
}
