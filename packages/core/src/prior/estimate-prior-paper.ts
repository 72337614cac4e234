import type { Matrix } from '../matrix.js';
import type { PriorEstimate } from './prior-estimate.js';
import { classCounts } from '../class-prior.js';
import { ParallelPriorPass, type ParallelPriorOptions } from './parallel-prior-pass.js';
import { wasmKernels } from '../wasm-kernels.js';

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
  /**
   * How passes are computed: 'cached' keeps exp(z / T - row max) for all passes (8 N K bytes; two multiply-adds per
   * logit and pass), 'row-block' is core's WebAssembly pass (an exponential per logit and pass, no memory, over
   * `threads`); default 'auto': cached up to 2^24 cells (128 MB), row-block above. The two agree to ~1e-12 in log q.
   */
  pass?: 'auto' | 'cached' | 'row-block';
  /** Called after each iteration with (iteration, loss); for progress bars. */
  onIteration?: (iteration: number, loss: number) => void;
}

/** Smallest q used inside log q: plain SGD can push q_j to or below zero, where log q is undefined. */
const Q_FLOOR = 1e-12;

/**
 * Largest N x K (cells) whose exponentials are kept for all the solver's passes: 2^24 float64 cells, 128 MB.
 * Larger inputs (ImageNet-sized: 50,000 x 1,000) take core's row-block pass, which keeps nothing.
 */
const CACHED_EXPONENTIAL_CELLS = 2 ** 24;

/**
 * The authors' estimator (BeierZhu/GLA with the cooper library): simultaneous gradient descent on q and gradient
 * ascent on Lagrange multipliers for sum(q) = 1 (lambda) and q >= 0 (mu >= 0, projected), the same learning rate
 * for both, uniform start, a fixed number of full-batch iterations. The Lagrangian is
 * L(q) + lambda (sum q - 1) - mu^T q, and dL/dq_j = (freq_j - pbar_j) / q_j for L(q) = mean CE(z/T - log q, y).
 * It stops where the iteration budget ends, far from the optimum in practice: `certificate` shows how far.
 * The returned prior is q renormalised (rescaling q changes no prediction); `rawSum` is the sum it stopped at.
 * Passes use exponentials computed once (inputs up to 2^24 logits) or the exact solver's row-block kernel (larger
 * ones; `threads`: default 1); results are identical for any thread count.
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
  // One pass at q: the mean probabilities and the loss of softmax(z / T - log q).
  let passAt: (q: Float64Array) => { meanProbability: Float64Array; loss: number };
  let close = () => {};
  const mode = options.pass ?? 'auto';
  if (mode === 'cached' || (mode === 'auto' && n * k <= CACHED_EXPONENTIAL_CELLS))
    passAt = cachedExponentialPass(logits, labels, scale);
  else {
    const evaluator = ParallelPriorPass.open(logits, labels, scale, options);
    close = () => evaluator.close();
    passAt = (at) => {
      for (let j = 0; j < k; j++) b[j] = -Math.log(Math.max(at[j], Q_FLOOR));
      return evaluator.pass(b, all);
    };
  }
  try {
    return run();
  } finally {
    close();
  }

  function run(): PriorEstimate {
    for (let it = 0; it < iterations; it++) {
      const pass = passAt(q);
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
    const final = passAt(q);
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

/**
 * The solver's passes with the exponentials computed once. With w = 1 / q (q floored at {@link Q_FLOOR}) and
 * E_ij = exp(z_ij / T - max_k z_ik / T), softmax_j(z_i / T - log q) = E_ij w_j / s_i with s_i = sum_k E_ik w_k, so
 * a pass is two multiply-adds per logit (WebAssembly SIMD, `cachedSoftmaxPass`) instead of an exponential. Sums
 * run over rows in order, so the result depends on nothing but the inputs. Terms whose E_ij underflows to 0 are
 * below exp(-745) w_j <= 1e-311 of a row sum s_i >= w at the row's maximum >= 1, so nothing they carry is lost at
 * float64 precision. Memory: 8 N K bytes in this thread's kernel memory.
 * @param scale multiplier of the logits, 1 / T
 * @returns the pass at q: mean probability per class and mean cross-entropy (the objective)
 */
function cachedExponentialPass(
  logits: Matrix,
  labels: Int32Array,
  scale: number,
): (q: Float64Array) => { meanProbability: Float64Array; loss: number } {
  const n = logits.rows;
  const k = logits.cols;
  const cols2 = (k + 1) & ~1;
  const z = logits.data;
  const kernels = wasmKernels();
  kernels.reset();
  const eAt = kernels.alloc(n * cols2 * 8);
  const wAt = kernels.alloc(cols2 * 8);
  const sumsAt = kernels.alloc(cols2 * 8);
  const rowSumsAt = kernels.alloc(n * 8);
  // Views taken after the last alloc (growing the memory detaches earlier ones); the padding is written as 0.
  const e = kernels.f64(eAt, n * cols2);
  // z_iy / T - max_k z_ik / T: the log of E at the label, for the loss.
  const labelLog = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = i * k;
    const out = i * cols2;
    let top = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < k; j++) top = Math.max(top, scale * z[row + j]);
    for (let j = 0; j < k; j++) e[out + j] = Math.exp(scale * z[row + j] - top);
    if (cols2 > k) e[out + k] = 0;
    labelLog[i] = scale * z[row + labels[i]] - top;
  }
  const logW = new Float64Array(k);
  const meanProbability = new Float64Array(k);
  return (q) => {
    const w = kernels.f64(wAt, cols2);
    const sums = kernels.f64(sumsAt, cols2);
    w.fill(0);
    for (let j = 0; j < k; j++) {
      const floored = Math.max(q[j], Q_FLOOR);
      w[j] = 1 / floored;
      logW[j] = -Math.log(floored);
    }
    sums.fill(0);
    kernels.exports.cachedSoftmaxPass(eAt, n, cols2, wAt, sumsAt, rowSumsAt);
    const rowSums = kernels.f64(rowSumsAt, n);
    let loss = 0;
    for (let i = 0; i < n; i++) loss += Math.log(rowSums[i]) - labelLog[i] - logW[labels[i]];
    for (let j = 0; j < k; j++) meanProbability[j] = (w[j] * sums[j]) / n;
    return { meanProbability, loss: loss / n };
  };
}
