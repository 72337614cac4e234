import type { PriorEstimate } from './prior-estimate.js';
import { classCounts } from '../class-prior.js';
import type { PriorEvaluator, PriorPassSummary } from './prior-evaluator.js';
import { logResidual } from './log-residual.js';
import { newtonDirection } from './newton-direction.js';
import { ridgeTerms } from './prior-ridge.js';

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
   * the solution unique where the data leave log q_j flat (see `prior-ridge.ts`); default 0 (off, the
   * paper's objective). 1e-4 is a small value for CLIP-like logits.
   */
  ridge?: number;
  /**
   * Newton iterations on float32 passes (four SIMD lanes, float64 sums) when the logits are float32; the
   * certificate, objective and q come from a float64 pass (the trial pass of a step predicted to land within the
   * tolerance, or a pass at the last iterate; float64 passes from there on if its certificate is above
   * `tolerance`); default true. The returned q differs from an all-float64 run by about the certificate (both
   * meet `tolerance`); false gives the all-float64 iterations.
   */
  fastPasses?: boolean;
}

/**
 * Fast passes hand over to float64 ones once their certificate is this small: their sums' rounding sets the
 * certificate's digits from about 1e-9 (K = 1,000) to 1e-8 (K = 8, mean probabilities near 0.1) on.
 */
const FAST_PASS_FLOOR = 1e-7;
/**
 * The next trial pass is float64 (no float32 pass first) when the next certificate, predicted by Newton's
 * quadratic convergence at the last step's constant (c_next = c (c / c_last)^2), falls below this fraction of the
 * hand-over to float64. A wrong guess costs a pass, never a wrong result: the solver goes on from there.
 */
const SPECULATE_MARGIN = 0.1;
/**
 * A float32 step that leaves the certificate above this fraction of the last one, and lowers the loss by less than
 * LOSS_NOISE of it (float32 passes round the loss to a few 1e-7 relative), hands over to float64.
 */
const STALL_RATIO = 0.5;
const LOSS_NOISE = 1e-6;
/**
 * Float32 steps that fail to halve the certificate this many times in a row hand over to float64 as well, whatever
 * their losses do: near-separable rows (T = 0.2 on well-separated logits) have off-peak probabilities below float32's
 * exp(-87), so the fast passes see no curvature along their classes and Newton creeps (certificate 6e-5 after 100
 * steps in one case, where float64 passes converge in 15).
 */
const SLOW_FAST_STEPS = 3;

/**
 * The exact solver's iterations on any {@link PriorEvaluator} (this thread, or worker threads): the damped Newton
 * method described at {@link estimatePriorExact}, applied to the log residual pbar_j log(pbar_j / freq_j) (see
 * `logResidual`: same root, fewer steps from the uniform start; a direction past `maxStep` is replaced by the plain
 * gradient's, as the log residual's can run away along barely determined directions). The evaluator must have been
 * built with scale 1 / temperature.
 */
export function solveExactPrior(
  evaluator: PriorEvaluator,
  labels: Int32Array,
  options: ExactPriorOptions = {},
): PriorEstimate {
  const {
    temperature = 1,
    tolerance = 1e-6,
    maxIterations = 100,
    maxStep = 5,
    sparsity = 1e-3,
    ridge = 0,
    fastPasses = true,
  } = options;
  const k = evaluator.cols;
  const counts = classCounts(labels, k);
  const freq = new Float64Array(k);
  const active = new Uint8Array(k);
  const missingClasses: number[] = [];
  for (let j = 0; j < k; j++) {
    freq[j] = counts[j] / labels.length;
    if (counts[j] > 0) active[j] = 1;
    else missingClasses.push(j);
  }
  const b = new Float64Array(k);
  // Newton iterations on fast (float32) passes where the evaluator offers them; the certificate, the objective
  // and so the returned q always come from a float64 pass at the final b (see `certify`).
  let fast = fastPasses && evaluator.fastPasses === true;
  let current = evaluator.pass(b, active, sparsity, fast);
  // Whether the evaluator's kept probabilities (for Hessian products) are those of a pass at b.
  let keptAtB = true;
  // With a ridge (default 0) the objective, its gradient and so the certificate include the ridge's terms.
  let ridged = ridgeTerms(b, active, ridge);
  let passes = 1;
  let iterations = 0;
  let certificate = violation(current.meanProbability, freq, active, ridged.gradient);
  let previousCertificate = Number.POSITIVE_INFINITY;
  // Consecutive float32 steps that did not halve the certificate (see SLOW_FAST_STEPS).
  let slowFastSteps = 0;
  // Whether `current` (and so `certificate`) comes from a float64 pass: the returned values must.
  let exactAtB = !fast;
  const handover = Math.max(tolerance, FAST_PASS_FLOOR);
  // Replaces the fast summary at b by a float64 pass there, and continues on float64 passes. The float32
  // Hessian pieces (diagonal, kept probabilities) stay when they were taken at b: only the direction uses them.
  const certify = (): void => {
    fast = false;
    const exact = evaluator.pass(b, active, keptAtB ? undefined : sparsity, false);
    passes++;
    if (keptAtB) {
      exact.diagonal = current.diagonal;
      exact.keptMean = current.keptMean;
      exact.keptCount = current.keptCount;
    }
    keptAtB = true;
    exactAtB = true;
    current = exact;
    certificate = violation(current.meanProbability, freq, active, ridged.gradient);
  };
  for (;;) {
    // Float32 sums set the certificate's last digits below about 1e-9: switch before that floor.
    if (fast && certificate <= handover) certify();
    if (certificate <= tolerance || iterations >= maxIterations) break;
    if (!current.diagonal) {
      // The last accepted trial was a float64 pass without Hessian pieces (see `speculative`): take them at b.
      current = evaluator.pass(b, active, sparsity, false);
      passes++;
      keptAtB = true;
    }
    iterations++;
    const g = new Float64Array(k);
    for (let j = 0; j < k; j++) g[j] = active[j] ? current.meanProbability[j] - freq[j] + ridged.gradient[j] : 0;
    const forcing = Math.min(0.1, Math.sqrt(certificate));
    let step = newtonDirection(
      evaluator,
      current,
      logResidual(current.meanProbability, freq, g, ridged.gradient, active),
      active,
      forcing,
      ridge,
    );
    let maxAbs = 0;
    for (let j = 0; j < k; j++) maxAbs = Math.max(maxAbs, Math.abs(step[j]));
    if (maxAbs > maxStep) {
      // A step past the cap moves along directions the data barely determine (near-separable classes), where the
      // log residual's steps can run away: there the plain gradient's Newton direction.
      step = newtonDirection(evaluator, current, g, active, forcing, ridge);
      maxAbs = 0;
      for (let j = 0; j < k; j++) maxAbs = Math.max(maxAbs, Math.abs(step[j]));
    }
    let t = maxAbs > maxStep ? maxStep / maxAbs : 1;
    let slope = 0;
    for (let j = 0; j < k; j++) slope += g[j] * step[j];
    if (!(slope < 0)) {
      // A numerically useless direction: fall back to the gradient step scaled by the diagonal.
      slope = 0;
      for (let j = 0; j < k; j++) {
        step[j] = active[j] ? -g[j] / Math.max(current.meanProbability[j], 1e-300) : 0;
        slope += g[j] * step[j];
      }
      maxAbs = Math.max(...step.map(Math.abs));
      t = maxAbs > maxStep ? maxStep / maxAbs : 1;
    }
    let trialB = b;
    let trial: PriorPassSummary = current;
    let trialRidge = ridged;
    // Losses carry rounding noise (near 1e-8 in float32, 1e-16 in float64), which hides the Armijo decrease close
    // to the optimum: there a tenfold smaller violation also accepts a step (the float64 certificate checks it).
    const enough = 0.1;
    // Where the step should land below the hand-over, its trial pass is already float64 (no float32 pass there),
    // and where it should land within the tolerance, that pass is the certifying one, without Hessian pieces
    // (taken at the next iteration if one is needed). From there on the passes are float64.
    const predicted = certificate * (certificate / previousCertificate) ** 2;
    const speculative =
      fast && previousCertificate < Number.POSITIVE_INFINITY && predicted <= handover * SPECULATE_MARGIN;
    const keepTrial = !speculative || predicted > tolerance * SPECULATE_MARGIN;
    if (speculative) fast = false;
    let accepted = false;
    for (let tries = 0; tries < 40; tries++) {
      trialB = new Float64Array(k);
      for (let j = 0; j < k; j++) trialB[j] = b[j] + t * step[j];
      trial = evaluator.pass(trialB, active, keepTrial ? sparsity : undefined, fast);
      keptAtB = false;
      trialRidge = ridgeTerms(trialB, active, ridge);
      passes++;
      if (
        trial.loss + trialRidge.penalty <= current.loss + ridged.penalty + 1e-4 * t * slope ||
        violation(trial.meanProbability, freq, active, trialRidge.gradient) < certificate * enough
      ) {
        accepted = true;
        break;
      }
      t /= 2;
    }
    if (!exactAtB && !accepted) {
      // The fast passes' rounding, not the iterate, stalls the line search: go on in float64.
      certify();
      continue;
    }
    if (
      trial.loss + trialRidge.penalty > current.loss + ridged.penalty &&
      violation(trial.meanProbability, freq, active, trialRidge.gradient) >= certificate
    ) {
      // No progress possible in floating point: in float32, go on in float64; in float64, stop.
      if (!exactAtB) {
        certify();
        continue;
      }
      break;
    }
    const lossBefore = current.loss + ridged.penalty;
    b.set(trialB);
    current = trial;
    keptAtB = keepTrial;
    exactAtB = !fast;
    ridged = trialRidge;
    previousCertificate = certificate;
    certificate = violation(current.meanProbability, freq, active, ridged.gradient);
    // A float32 step that neither halves the certificate nor lowers the loss beyond its rounding is lost in the
    // passes' rounding (their losses' noise can pass the Armijo test without progress): go on in float64 from here.
    const lossDrop = lossBefore - (current.loss + ridged.penalty);
    const slow = certificate > previousCertificate * STALL_RATIO;
    slowFastSteps = !exactAtB && slow ? slowFastSteps + 1 : 0;
    if (!exactAtB && slow && (lossDrop <= LOSS_NOISE * Math.abs(lossBefore) || slowFastSteps >= SLOW_FAST_STEPS)) {
      certify();
    }
  }
  if (!exactAtB) certify(); // the iteration cap was reached on fast passes
  return {
    prior: priorFromOffsets(b, active),
    solver: 'exact',
    temperature,
    iterations,
    passes,
    objective: current.loss,
    certificate,
    converged: certificate <= tolerance,
    missingClasses,
    rawSum: 1,
    ...(ridge > 0 ? { ridge } : {}),
  };
}

function violation(pbar: Float64Array, freq: Float64Array, active: Uint8Array, ridge: Float64Array): number {
  let worst = 0;
  for (let j = 0; j < freq.length; j++) if (active[j]) worst = Math.max(worst, Math.abs(pbar[j] - freq[j] + ridge[j]));
  return worst;
}

/** q = softmax(-b) over active classes; missing classes get the geometric mean of the active q. */
function priorFromOffsets(b: Float64Array, active: Uint8Array): Float64Array {
  const k = b.length;
  let mean = 0;
  let n = 0;
  for (let j = 0; j < k; j++) {
    if (active[j]) {
      mean += b[j];
      n++;
    }
  }
  mean /= n;
  const logq = new Float64Array(k);
  let max = -Infinity;
  for (let j = 0; j < k; j++) {
    logq[j] = active[j] ? -(b[j] - mean) : 0;
    if (logq[j] > max) max = logq[j];
  }
  let sum = 0;
  const q = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    q[j] = Math.exp(logq[j] - max);
    sum += q[j];
  }
  for (let j = 0; j < k; j++) q[j] /= sum;
  return q;
}
