import type { Matrix } from '../../src/index.js';

/** What the straightforward pass computes (test oracle, independent of the kernels under test). */
export interface ReferencePass {
  loss: number;
  meanProbability: Float64Array;
  diagonal: Float64Array;
  /** Probabilities p_ij >= keepRelative * (1 - max_k p_ik), counted. */
  keptCount: number;
}

/**
 * The prior objective's pass written directly from its definition, in float64 with Math.exp, row by row:
 * F(b) = mean_i [log sum_j exp(z_ij s + b_j) - (z_iy s + b_y)] over active classes, p_ij its softmax.
 */
export function referencePriorPass(
  logits: Matrix,
  labels: Int32Array,
  scale: number,
  b: ArrayLike<number>,
  active: Uint8Array,
  keepRelative = -1,
): ReferencePass {
  const { rows, cols, data } = logits;
  const meanProbability = new Float64Array(cols);
  const diagonal = new Float64Array(cols);
  let loss = 0;
  let keptCount = 0;
  for (let i = 0; i < rows; i++) {
    const v: number[] = [];
    for (let j = 0; j < cols; j++) v.push(active[j] ? data[i * cols + j] * scale + b[j] : -Infinity);
    const max = Math.max(...v);
    const e = v.map((x) => Math.exp(x - max));
    const sum = e.reduce((s, x) => s + x, 0);
    loss += Math.log(sum) + max - v[labels[i]];
    const p = e.map((x) => x / sum);
    const pmax = Math.max(...p);
    for (let j = 0; j < cols; j++) {
      meanProbability[j] += p[j] / rows;
      diagonal[j] += (p[j] * (1 - p[j])) / rows;
      if (keepRelative >= 0 && p[j] >= keepRelative * (1 - pmax)) keptCount++;
    }
  }
  return { loss: loss / rows, meanProbability, diagonal, keptCount };
}
