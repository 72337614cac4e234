import type { Matrix } from '../matrix.js';
import type { PriorEstimate } from './prior-estimate.js';
import { defaultThreads } from '../parallel-pool.js';
import { ParallelPriorPass, type ParallelPriorOptions } from './parallel-prior-pass.js';
import { solveExactPrior } from './solve-exact-prior.js';

/** Options of the exact pre-training prior solver. */
export interface ExactPriorOptions {
  /** Temperature T the logits are divided by; default 1 (the many-shot script applies none). */
  temperature?: number;
  /** Certificate target: max_j |mean_i p_ij - freq_j|; default 1e-6. */
  tolerance?: number;
  /** Newton iteration cap; default 100. */
  maxIterations?: number;
  /** Largest change of any b_j = -log q_j in one step (the step is scaled down uniformly); default 5. */
  maxStep?: number;
  /**
   * Relative threshold of the Hessian-vector products: in row i, probabilities p_ij below
   * `sparsity * (1 - max_k p_ik)` (the row's off-peak mass, which sets the size of its Hessian) are left out of
   * the off-diagonal part (never out of the gradient, the exact diagonal or the certificate); default 1e-3. It
   * shapes the Newton direction only. Relative, because near-separable rows (1 - max p ~ 1e-9) need their tiny
   * probabilities, while CLIP-like ImageNet rows would keep 99 % of 1,000 probabilities at an absolute 1e-8
   * (600 MB and 3x slower passes for the same number of Newton steps); 1e-3 keeps about 90 per row there.
   */
  sparsity?: number;
  /**
   * Ridge toward the mean log q: adds (ridge / 2) sum_j (log q_j - mean log q)^2 to the objective, which makes
   * the solution unique where the data leave log q_j flat (see `prior/prior-ridge.ts`); default 0 (off, the
   * paper's objective). 1e-4 is a small value for CLIP-like logits.
   */
  ridge?: number;
}

/**
 * The exact estimator of the pre-training prior: q = argmin_q mean_i CE(z_i/T - log q, y_i) over the simplex.
 *
 * With b = -log q the objective is convex and unconstrained, invariant to adding a constant to b, and its
 * gradient is `mean_i p_i - freq`. We take damped Newton steps: the Hessian `diag(pbar) - mean_i p_i p_i^T` is
 * applied matrix-free (sparse p, exact diagonal) inside a Jacobi-preconditioned conjugate gradient, with the
 * constant direction pinned by a rank-one term; steps are capped and backtracked (Armijo). It stops when the
 * certificate max_j |pbar_j - freq_j| <= tolerance.
 *
 * Missing classes (no estimation sample) have no finite optimum (b_j -> -inf, q_j -> +inf). Rule: they are left
 * out of the softmax, which is the exact limit of the optimum for the other classes, and are given the geometric
 * mean of the other classes' q (no adjustment relative to a typical class); they are listed in `missingClasses`.
 */
export function estimatePriorExact(
  logits: Matrix,
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
  logits: Matrix,
  labels: Int32Array,
  options: ExactPriorOptions & ParallelPriorOptions = {},
): PriorEstimate {
  return estimatePriorExact(logits, labels, { ...options, threads: options.threads ?? defaultThreads() });
}
