import type { Matrix } from './matrix.js';

/** What one pass over the logits at offsets b returns. */
export interface PriorPass {
  /** Mean cross-entropy of `z * scale + b` restricted to the active classes. */
  loss: number;
  /** Mean predicted probability of each class (0 for inactive classes). */
  meanProbability: Float64Array;
  /** Sparse rows of p kept for Hessian-vector products (only when requested). */
  sparse?: SparseProbabilities;
}

/** Row-compressed probabilities above a threshold. */
export interface SparseProbabilities {
  rowStart: Int32Array;
  index: Int32Array;
  value: Float64Array;
}

/**
 * One pass over the logits for the prior objective F(b) = mean_i [lse_j(z_ij*scale + b_j) - (z_iy*scale + b_y)],
 * with the softmax restricted to classes where `active[j]` is 1. Optionally keeps the probabilities at or above
 * `keepAbove` in a sparse form for Hessian-vector products.
 */
export function priorPass(
  logits: Matrix,
  labels: Int32Array,
  scale: number,
  b: Float64Array,
  active: Uint8Array,
  keepAbove?: number,
): PriorPass {
  const { rows, cols, data } = logits;
  const pbar = new Float64Array(cols);
  const u = new Float64Array(cols);
  const activeIdx = Int32Array.from(Array.from(active.keys()).filter((j) => active[j] === 1));
  const ka = activeIdx.length;
  let loss = 0;
  let idx: Int32Array | undefined;
  let val: Float64Array | undefined;
  let rowStart: Int32Array | undefined;
  let nnz = 0;
  if (keepAbove !== undefined) {
    rowStart = new Int32Array(rows + 1);
    idx = new Int32Array(Math.max(16, rows * 8));
    val = new Float64Array(idx.length);
  }
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let max = -Infinity;
    for (let a = 0; a < ka; a++) {
      const j = activeIdx[a];
      const v = data[o + j] * scale + b[j];
      u[j] = v;
      if (v > max) max = v;
    }
    let sum = 0;
    for (let a = 0; a < ka; a++) {
      const j = activeIdx[a];
      const e = Math.exp(u[j] - max);
      u[j] = e;
      sum += e;
    }
    const y = labels[i];
    loss += max + Math.log(sum) - (data[o + y] * scale + b[y]);
    const inv = 1 / sum;
    for (let a = 0; a < ka; a++) {
      const j = activeIdx[a];
      const p = u[j] * inv;
      pbar[j] += p;
      if (keepAbove !== undefined && p >= keepAbove) {
        if (nnz === idx!.length) {
          const grownIdx = new Int32Array(idx!.length * 2);
          grownIdx.set(idx!);
          idx = grownIdx;
          const grownVal = new Float64Array(val!.length * 2);
          grownVal.set(val!);
          val = grownVal;
        }
        idx![nnz] = j;
        val![nnz] = p;
        nnz++;
      }
    }
    if (rowStart) rowStart[i + 1] = nnz;
  }
  for (let j = 0; j < cols; j++) pbar[j] /= rows;
  const result: PriorPass = { loss: loss / rows, meanProbability: pbar };
  if (rowStart) result.sparse = { rowStart, index: idx!.subarray(0, nnz), value: val!.subarray(0, nnz) };
  return result;
}
