import type { LogitRows } from '../logit-rows.js';
import type { PriorEstimate } from './prior-estimate.js';
import { defaultThreads } from '../parallel-pool.js';
import { ParallelPriorPass, type ParallelPriorOptions } from './parallel-prior-pass.js';
import { solveExactPrior, type ExactPriorOptions } from './solve-exact-prior.js';

// Defined beside the solver that reads them (one direction of import); re-exported for callers.
export type { ExactPriorOptions } from './solve-exact-prior.js';

/**
 * The exact estimator of the pre-training prior: q = argmin_q mean_i CE(z_i/T - log q, y_i) over the simplex.
 *
 * With b = -log q the objective is convex and unconstrained, invariant to adding a constant to b, and its
 * gradient is `mean_i p_i - freq`. We take damped Newton steps: the Hessian `diag(pbar) - mean_i p_i p_i^T` is
 * applied matrix-free (sparse p, exact diagonal) inside a Jacobi-preconditioned conjugate gradient, with the
 * constant direction pinned by a rank-one term; steps are capped and backtracked (Armijo). It stops when the
 * certificate max_j |pbar_j - freq_j| <= tolerance. For float32 logits the Newton iterations run on float32 passes
 * (four SIMD lanes, float64 sums; `fastPasses`, default true) and the certificate, objective and q come from a
 * float64 pass at the last iterate, which goes on in float64 if that certificate is above the tolerance.
 *
 * Missing classes (no estimation sample) have no finite optimum (b_j -> -inf, q_j -> +inf). Rule: they are left
 * out of the softmax, which is the exact limit of the optimum for the other classes, and are given the geometric
 * mean of the other classes' q (no adjustment relative to a typical class); they are listed in `missingClasses`.
 */
export function estimatePriorExact(
  logits: LogitRows,
  labels: Int32Array,
  options: ExactPriorOptions & ParallelPriorOptions = {},
): PriorEstimate {
  const evaluator = ParallelPriorPass.open(logits, labels, 1 / (options.temperature ?? 1), options);
  try {
    return solveExactPrior(evaluator, labels, options);
  } finally {
    evaluator.close();
  }
}

/**
 * {@link estimatePriorExact} on all the machine's threads by default (`os.availableParallelism()`): passes and
 * Hessian-vector products split over worker threads by row blocks. The same iterations and certificate; results
 * are byte-identical for any thread count, because the fixed row blocks are summed in block order.
 */
export function estimatePriorExactParallel(
  logits: LogitRows,
  labels: Int32Array,
  options: ExactPriorOptions & ParallelPriorOptions = {},
): PriorEstimate {
  return estimatePriorExact(logits, labels, { ...options, threads: options.threads ?? defaultThreads() });
}
