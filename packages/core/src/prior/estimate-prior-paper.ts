import type { Matrix } from '../matrix.js';
import type { PriorEstimate } from './prior-estimate.js';
import { classCounts } from '../class-prior.js';
import { ParallelPriorPass, type ParallelPriorOptions } from './parallel-prior-pass.js';

/** Options of the authors' estimator as shipped. */
export interface PaperPriorOptions {
  /** Temperature T the logits are divided by; default 1. */
  temperature?: number;
  /** Full-batch iterations; default 1000 (no stopping rule, as in the authors' code). */
  iterations?: number;
  /** Learning rate of q and of the multipliers; default 1e-5 * (N/K) / 50, the authors' choice. */
  learningRate?: number;
  /** Tolerance used only to report `converged`; default 1e-6. */
  tolerance?: number;
  /** Called after each iteration with (iteration, loss); for progress bars. */
  onIteration?: (iteration: number, loss: number) => void;
}

/** Smallest q used inside log q: plain SGD can push q_j to or below zero, where log q is undefined. */
const Q_FLOOR = 1e-12;

/**
 * The authors' estimator (BeierZhu/GLA with the cooper library): simultaneous gradient descent on q and gradient
 * ascent on Lagrange multipliers for sum(q) = 1 (lambda) and q >= 0 (mu >= 0, projected), the same learning rate
 * for both, uniform start, a fixed number of full-batch iterations. The Lagrangian is
 * L(q) + lambda (sum q - 1) - mu^T q, and dL/dq_j = (freq_j - pbar_j) / q_j for L(q) = mean CE(z/T - log q, y).
 * It stops where the iteration budget ends, far from the optimum in practice: `certificate` shows how far.
 * The returned prior is q renormalised (rescaling q changes no prediction); `rawSum` is the sum it stopped at.
 * Passes run on the same row-block kernel as the exact solver (`threads`: default 1; results are identical for
 * any thread count).
 */
export function estimatePriorPaper(
  logits: Matrix,
  labels: Int32Array,
  options: PaperPriorOptions & ParallelPriorOptions = {},
): PriorEstimate {
  const n = logits.rows;
  const k = logits.cols;
  const {
    temperature = 1,
    iterations = 1000,
    learningRate = (1e-5 * (n / k)) / 50,
    tolerance = 1e-6,
    onIteration,
  } = options;
  const scale = 1 / temperature;
  const counts = classCounts(labels, k);
  const freq = new Float64Array(k);
  const missingClasses: number[] = [];
  for (let j = 0; j < k; j++) {
    freq[j] = counts[j] / n;
    if (counts[j] === 0) missingClasses.push(j);
  }
  const all = new Uint8Array(k).fill(1);
  const q = new Float64Array(k).fill(1 / k);
  const mu = new Float64Array(k);
  let lambda = 0;
  const b = new Float64Array(k);
  const evaluator = ParallelPriorPass.open(logits, labels, scale, options);
  try {
    return run();
  } finally {
    evaluator.close();
  }

  function run(): PriorEstimate {
    for (let it = 0; it < iterations; it++) {
      for (let j = 0; j < k; j++) b[j] = -Math.log(Math.max(q[j], Q_FLOOR));
      const pass = evaluator.pass(b, all);
      let sumQ = 0;
      for (let j = 0; j < k; j++) sumQ += q[j];
      for (let j = 0; j < k; j++) {
        const grad = (freq[j] - pass.meanProbability[j]) / Math.max(q[j], Q_FLOOR) + lambda - mu[j];
        const qOld = q[j];
        q[j] -= learningRate * grad;
        mu[j] = Math.max(0, mu[j] - learningRate * qOld);
      }
      lambda += learningRate * (sumQ - 1);
      onIteration?.(it + 1, pass.loss);
    }
    for (let j = 0; j < k; j++) b[j] = -Math.log(Math.max(q[j], Q_FLOOR));
    const final = evaluator.pass(b, all);
    let rawSum = 0;
    for (let j = 0; j < k; j++) rawSum += Math.max(q[j], Q_FLOOR);
    const prior = new Float64Array(k);
    for (let j = 0; j < k; j++) prior[j] = Math.max(q[j], Q_FLOOR) / rawSum;
    let certificate = 0;
    for (let j = 0; j < k; j++)
      if (counts[j] > 0) certificate = Math.max(certificate, Math.abs(final.meanProbability[j] - freq[j]));
    return {
      prior,
      solver: 'paper',
      temperature,
      iterations,
      passes: iterations + 1,
      objective: final.loss,
      certificate,
      converged: certificate <= tolerance,
      missingClasses,
      rawSum,
    };
  }
}
