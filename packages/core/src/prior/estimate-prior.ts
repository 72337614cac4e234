import type { Matrix } from '../matrix.js';
import type { PriorEstimate, PriorSolver } from './prior-estimate.js';
import { estimatePriorExact, type ExactPriorOptions } from './estimate-prior-exact.js';
import type { ParallelPriorOptions } from './parallel-prior-pass.js';
import { estimatePriorPaper, type PaperPriorOptions } from './estimate-prior-paper.js';
import { checkFinite, checkLabels } from '../validate.js';

/** Options of {@link estimatePrior}: the solver plus that solver's options (threads: exact solver only, default 1). */
export type EstimatePriorOptions = { solver?: PriorSolver } & ExactPriorOptions &
  ParallelPriorOptions &
  PaperPriorOptions;

/**
 * Estimates the pre-training label prior q of a zero-shot model from its logits on a labelled (ideally
 * class-balanced) set: q = argmin_q mean_i CE(z_i/T - log q, y_i).
 * @param options.solver 'exact' (default, converges to a certificate) or 'paper' (the authors' SGD as shipped).
 */
export function estimatePrior(logits: Matrix, labels: Int32Array, options: EstimatePriorOptions = {}): PriorEstimate {
  checkFinite(logits);
  checkLabels(labels, logits.rows, logits.cols);
  const { solver = 'exact' } = options;
  return solver === 'paper' ? estimatePriorPaper(logits, labels, options) : estimatePriorExact(logits, labels, options);
}
