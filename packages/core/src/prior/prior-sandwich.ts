import type { Matrix } from '../matrix.js';

/** The two matrices of the sandwich estimate, over the classes present in the estimation set. */
export interface PriorSandwich {
  /** Original class index of each row / column (the classes present, ascending). */
  readonly classes: Int32Array;
  /** Hessian of the objective in b = -log q: mean_i [diag(p_i) - p_i p_i^T], dense, row-major. */
  readonly hessian: Float64Array;
  /**
   * Covariance of the per-sample gradients g_i = p_i - e_{y_i} within each class (the estimation set has fixed
   * class counts): mean_i (g_i - gbar_{y_i}) (g_i - gbar_{y_i})^T, dense, row-major.
   */
  readonly scores: Float64Array;
  /** Gradient mean_i p_i - freq at b (zero at the optimum). */
  readonly gradient: Float64Array;
  /** Number of samples. */
  readonly rows: number;
}

/**
 * One pass over the logits at offsets b = -log q that accumulates the Hessian and the within-class covariance of
 * the per-sample gradients, over the classes with at least one sample. Diagonals are exact (1 - p_ij from the
 * other classes' mass, so no cancellation when p_ij is near 1); off-diagonal products use only the probabilities of
 * row i at or above `keepRelative * (1 - max_k p_ik)` (the row's off-peak mass, which sets the size of its
 * contribution; as the exact solver's Hessian-vector products do), so that the pass costs N times the square of
 * the kept count rather than N K^2, and near-certain rows keep their tiny probabilities.
 * @param logits N x K logits z
 * @param labels N class indices
 * @param scale 1 / temperature (default 1)
 * @param offsets b = -log q, K numbers (only differences between present classes matter)
 * @param keepRelative relative threshold of the off-diagonal products (default 1e-3, the exact solver's sparsity)
 */
export function priorSandwich(
  logits: Matrix,
  labels: Int32Array,
  offsets: ArrayLike<number>,
  scale = 1,
  keepRelative = 1e-3,
): PriorSandwich {
  const { rows, cols, data } = logits;
  const counts = new Int32Array(cols);
  for (let i = 0; i < rows; i++) counts[labels[i]]++;
  const present: number[] = [];
  const compact = new Int32Array(cols).fill(-1);
  for (let j = 0; j < cols; j++) {
    if (counts[j] > 0) {
      compact[j] = present.length;
      present.push(j);
    }
  }
  const k = present.length;
  const hessian = new Float64Array(k * k);
  const scores = new Float64Array(k * k);
  const classSum = new Float64Array(k * k); // row c: sum of g_i over the samples of present class c
  const hDiag = new Float64Array(k);
  const gDiag = new Float64Array(k);
  const u = new Float64Array(k);
  const g = new Float64Array(k);
  const list = new Int32Array(k);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      const v = data[o + present[c]] * scale + offsets[present[c]];
      u[c] = v;
      if (v > max) max = v;
    }
    let sum = 0;
    for (let c = 0; c < k; c++) {
      u[c] = Math.exp(u[c] - max);
      sum += u[c];
    }
    const y = compact[labels[i]];
    const inv = 1 / sum;
    let top = 0;
    for (let c = 1; c < k; c++) if (u[c] > u[top]) top = c;
    const keepAbove = keepRelative * ((sum - u[top]) * inv);
    let n = 0;
    for (let c = 0; c < k; c++) {
      const p = u[c] * inv;
      const other = (sum - u[c]) * inv;
      hDiag[c] += p * other;
      // The labelled class's gradient entry is -(1 - p), taken as the other classes' mass: exact near p = 1.
      g[c] = c === y ? -other : p;
      gDiag[c] += g[c] * g[c];
      classSum[y * k + c] += g[c];
      if (p >= keepAbove || c === y) list[n++] = c;
    }
    for (let s = 0; s < n; s++) {
      const a = list[s];
      const pa = u[a] * inv;
      const ga = g[a];
      const ra = a * k;
      for (let t = 0; t < s; t++) {
        const c = list[t];
        hessian[ra + c] -= pa * u[c] * inv;
        scores[ra + c] += ga * g[c];
      }
    }
  }
  // Within-class correction: subtract n_c gbar_c gbar_c^T = classSum_c classSum_c^T / n_c.
  for (let c = 0; c < k; c++) {
    const n = counts[present[c]];
    const row = classSum.subarray(c * k, c * k + k);
    let m = 0;
    let offPeak = 0;
    for (let a = 0; a < k; a++) if (a !== c) offPeak += Math.abs(row[a]);
    for (let a = 0; a < k; a++) if (Math.abs(row[a]) >= keepRelative * offPeak || a === c) list[m++] = a;
    for (let a = 0; a < k; a++) gDiag[a] -= (row[a] * row[a]) / n;
    for (let s = 0; s < m; s++) {
      const a = list[s];
      const ra = a * k;
      const va = row[a] / n;
      for (let t = 0; t < s; t++) scores[ra + list[t]] -= va * row[list[t]];
    }
  }
  for (let a = 0; a < k; a++) {
    for (let c = 0; c < a; c++) {
      hessian[a * k + c] /= rows;
      hessian[c * k + a] = hessian[a * k + c];
      scores[a * k + c] /= rows;
      scores[c * k + a] = scores[a * k + c];
    }
    hessian[a * k + a] = hDiag[a] / rows;
    scores[a * k + a] = Math.max(gDiag[a], 0) / rows;
  }
  // mean_i g_i from the per-class sums: the labelled entries -(1 - p) keep their digits where pbar - freq would not.
  const gradient = new Float64Array(k);
  for (let y = 0; y < k; y++) for (let c = 0; c < k; c++) gradient[c] += classSum[y * k + c];
  for (let c = 0; c < k; c++) gradient[c] /= rows;
  return { classes: Int32Array.from(present), hessian, scores, gradient, rows };
}
