import type { Matrix } from '../matrix.js';
import { isFileLogits, type LogitRows } from '../logit-rows.js';
import { readFileRows } from '../npy-file-logits.js';
import type { PriorEstimate, PriorSolver } from './prior-estimate.js';
import { estimatePriorExact, type ExactPriorOptions } from './estimate-prior-exact.js';
import type { ParallelPriorOptions } from './parallel-prior-pass.js';
import { estimatePriorPaper, type PaperPriorOptions } from './estimate-prior-paper.js';
import { InputError, checkFinite, checkLabels, checkLogitSpread, checkTemperature } from '../validate.js';

/** Options of {@link estimatePrior}: the solver plus that solver's options (threads: exact solver only, default 1). */
export type EstimatePriorOptions = {
  solver?: PriorSolver;
  /** How error messages name the logits (a file name); default 'logits'. */
  what?: string;
} & ExactPriorOptions &
  ParallelPriorOptions &
  PaperPriorOptions;

/**
 * Estimates the pre-training label prior q of a zero-shot model from its logits on a labelled (ideally
 * class-balanced) set: q = argmin_q mean_i CE(z_i/T - log q, y_i).
 * @param options.solver 'exact' (default, converges to a certificate) or 'paper' (the authors' SGD as shipped).
 * @param options.temperature T, finite and > 0; default 1.
 * @throws InputError on non-finite logits, bad labels or temperature; for the exact solver also when the logits
 *   divided by T span more than {@link MAX_SCALED_LOGIT_SPREAD} in a row (q would leave the range of doubles), and
 *   when a solution is not finite and positive (never returned).
 *
 * Logits left in their `.npy` file ({@link openNpyFileLogits}) are read by the exact solver's lanes in row blocks,
 * never whole, and checked in its first pass, with the same messages naming the file (`what` is the file's own
 * name then), row and column; the labels and temperature are checked first. The paper solver reads them whole.
 */
export function estimatePrior(
  logits: LogitRows,
  labels: Int32Array,
  options: EstimatePriorOptions = {},
): PriorEstimate {
  const { solver = 'exact' } = options;
  if (isFileLogits(logits)) {
    if (solver === 'exact') return checkedEstimate(logits, labels, options, logits.what);
    return estimatePrior(readFileRows(logits, 0, logits.rows), labels, { ...options, what: logits.what });
  }
  const what = options.what ?? 'logits';
  checkFinite(logits, what);
  // Guarded here, at the entry, rather than inside the pass kernel: past this spread the damped Newton steps
  // cannot reach an optimum whose q ratios exceed e^708, and used to return NaN.
  return checkedEstimate(logits, labels, options, what, (temperature) => {
    if (solver === 'exact') checkLogitSpread(logits, 1 / temperature, what);
  });
}

/** The labels' and temperature's checks, `checkLogits` (after them), the solver, and the check of its result. */
function checkedEstimate(
  logits: LogitRows,
  labels: Int32Array,
  options: EstimatePriorOptions,
  what: string,
  checkLogits?: (temperature: number) => void,
): PriorEstimate {
  const { solver = 'exact' } = options;
  checkLabels(labels, logits.rows, logits.cols);
  const temperature = checkTemperature(options.temperature ?? 1, `${what}: temperature`);
  checkLogits?.(temperature);
  const estimate =
    solver === 'paper'
      ? estimatePriorPaper(logits as Matrix, labels, options) // a file was read whole for it (estimatePrior)
      : estimatePriorExact(logits, labels, options);
  const bad = estimate.prior.findIndex((v) => !(Number.isFinite(v) && v > 0));
  if (bad >= 0 || !Number.isFinite(estimate.objective))
    throw new InputError(
      `${what}: the ${solver} solver found no finite positive prior at temperature ${temperature} (q[${bad}] = ${estimate.prior[bad]}); use a larger temperature`,
    );
  return estimate;
}
