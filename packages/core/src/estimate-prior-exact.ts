import type { Matrix } from './matrix.js';
import type { PriorEstimate } from './prior-estimate.js';
import { classCounts } from './class-prior.js';
import { priorPass, type PriorPass, type SparseProbabilities } from './prior-objective.js';

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
  /** Probabilities below this are left out of Hessian-vector products (never out of the gradient); default 1e-8. */
  sparsity?: number;
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
export function estimatePriorExact(logits: Matrix, labels: Int32Array, options: ExactPriorOptions = {}): PriorEstimate {
  const { temperature = 1, tolerance = 1e-6, maxIterations = 100, maxStep = 5, sparsity = 1e-8 } = options;
  const k = logits.cols;
  const scale = 1 / temperature;
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
  let current = priorPass(logits, labels, scale, b, active, sparsity);
  let passes = 1;
  let iterations = 0;
  let certificate = violation(current.meanProbability, freq, active);
  while (certificate > tolerance && iterations < maxIterations) {
    iterations++;
    const g = new Float64Array(k);
    for (let j = 0; j < k; j++) g[j] = active[j] ? current.meanProbability[j] - freq[j] : 0;
    const forcing = Math.min(0.1, Math.sqrt(certificate));
    const step = newtonDirection(current, g, active, logits.rows, forcing);
    let maxAbs = 0;
    for (let j = 0; j < k; j++) maxAbs = Math.max(maxAbs, Math.abs(step[j]));
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
    let trial: PriorPass = current;
    for (let tries = 0; tries < 40; tries++) {
      trialB = new Float64Array(k);
      for (let j = 0; j < k; j++) trialB[j] = b[j] + t * step[j];
      trial = priorPass(logits, labels, scale, trialB, active, sparsity, current.sparse ? current.sparse.value.length * 1.1 + logits.cols : 0);
      passes++;
      if (trial.loss <= current.loss + 1e-4 * t * slope || violation(trial.meanProbability, freq, active) < certificate * 1e-3) break;
      t /= 2;
    }
    if (trial.loss > current.loss && violation(trial.meanProbability, freq, active) >= certificate) break; // no progress possible in floating point
    b.set(trialB);
    current = trial;
    certificate = violation(current.meanProbability, freq, active);
  }
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
  };
}

function violation(pbar: Float64Array, freq: Float64Array, active: Uint8Array): number {
  let worst = 0;
  for (let j = 0; j < freq.length; j++) if (active[j]) worst = Math.max(worst, Math.abs(pbar[j] - freq[j]));
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

/** Solves (H + c 11^T) d = -g by Jacobi-preconditioned CG, to relative residual `forcing`. */
function newtonDirection(pass: PriorPass, g: Float64Array, active: Uint8Array, rows: number, forcing: number): Float64Array {
  const k = g.length;
  const pbar = pass.meanProbability;
  const sparse = pass.sparse as SparseProbabilities;
  const diag = new Float64Array(k);
  let activeCount = 0;
  let meanDiag = 0;
  for (let j = 0; j < k; j++) {
    diag[j] = active[j] ? Math.max((pass.diagonal as Float64Array)[j], 1e-300) : 1;
    if (active[j]) {
      activeCount++;
      meanDiag += diag[j];
    }
  }
  const c = meanDiag / activeCount / activeCount; // rank-one term: fixes the constant direction, scaled like H
  const kept = pass.keptMean as Float64Array;
  // H v = mean_i p_i * (v - p_i . v), row by row (no cancellation when p_ij is near 1); the probabilities left out
  // of the sparse rows (< `sparsity`) only contribute their diagonal part.
  const hv = (v: Float64Array, out: Float64Array) => {
    out.fill(0);
    const { rowStart, index, value } = sparse;
    for (let i = 0; i < rows; i++) {
      let dot = 0;
      for (let e = rowStart[i]; e < rowStart[i + 1]; e++) dot += value[e] * v[index[e]];
      for (let e = rowStart[i]; e < rowStart[i + 1]; e++) out[index[e]] += value[e] * (v[index[e]] - dot);
    }
    let total = 0;
    for (let j = 0; j < k; j++) if (active[j]) total += v[j];
    for (let j = 0; j < k; j++) out[j] = active[j] ? out[j] / rows + (pbar[j] - kept[j]) * v[j] + c * total : 0;
  };
  const x = new Float64Array(k);
  const r = new Float64Array(k);
  for (let j = 0; j < k; j++) r[j] = -g[j];
  const z = new Float64Array(k);
  for (let j = 0; j < k; j++) z[j] = active[j] ? r[j] / diag[j] : 0;
  const p = Float64Array.from(z);
  const ap = new Float64Array(k);
  let rz = dot(r, z);
  const target = forcing * Math.sqrt(dot(r, r));
  for (let it = 0; it < 250; it++) {
    hv(p, ap);
    const pap = dot(p, ap);
    if (!(pap > 0)) break;
    const alpha = rz / pap;
    for (let j = 0; j < k; j++) {
      x[j] += alpha * p[j];
      r[j] -= alpha * ap[j];
    }
    if (Math.sqrt(dot(r, r)) <= target) break;
    for (let j = 0; j < k; j++) z[j] = active[j] ? r[j] / diag[j] : 0;
    const rzNext = dot(r, z);
    const beta = rzNext / rz;
    rz = rzNext;
    for (let j = 0; j < k; j++) p[j] = z[j] + beta * p[j];
  }
  return x;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}
