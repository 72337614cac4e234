import type { Matrix } from './matrix.js';

/** What one pass over the logits at offsets b returns. */
export interface PriorPass {
  /** Mean cross-entropy of `z * scale + b` restricted to the active classes. */
  loss: number;
  /** Mean predicted probability of each class (0 for inactive classes). */
  meanProbability: Float64Array;
  /** Sparse rows of p kept for Hessian-vector products (only when requested). */
  sparse?: SparseProbabilities;
  /** Exact Hessian diagonal mean_i p_ij (1 - p_ij), with 1 - p from the other classes' mass (only with `sparse`). */
  diagonal?: Float64Array;
  /** Mean of the kept p_ij per class (only with `sparse`): pbar minus this is the mass left out. */
  keptMean?: Float64Array;
}

/** Row-compressed probabilities at or above a threshold. */
export interface SparseProbabilities {
  rowStart: Int32Array;
  index: Int32Array;
  value: Float64Array;
}

/**
 * One pass over the logits for the prior objective F(b) = mean_i [lse_j(z_ij*scale + b_j) - (z_iy*scale + b_y)],
 * with the softmax restricted to classes where `active[j]` is 1. Optionally keeps the probabilities at or above
 * `keepAbove` in a sparse form for Hessian-vector products; `capacityHint` (e.g. the previous pass's count)
 * avoids regrowing that storage.
 */
export function priorPass(
  logits: Matrix,
  labels: Int32Array,
  scale: number,
  b: Float64Array,
  active: Uint8Array,
  keepAbove?: number,
  capacityHint = 0,
): PriorPass {
  const { rows, cols, data } = logits;
  const pbar = new Float64Array(cols);
  const u = new Float64Array(cols);
  // Inactive classes get -Infinity offsets: exp(-inf) = 0 keeps them out of the softmax without an index list.
  const offset = new Float64Array(cols);
  for (let j = 0; j < cols; j++) offset[j] = active[j] ? b[j] : -Infinity;
  let loss = 0;
  const keep = keepAbove !== undefined;
  let index = new Int32Array(keep ? Math.max(1024, capacityHint) : 0);
  let value = new Float64Array(index.length);
  const diagonal = new Float64Array(keep ? cols : 0);
  const keptMean = new Float64Array(keep ? cols : 0);
  const rowStart = new Int32Array(keep ? rows + 1 : 0);
  let nnz = 0;
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let max = -Infinity;
    for (let j = 0; j < cols; j++) {
      const v = data[o + j] * scale + offset[j];
      u[j] = v;
      if (v > max) max = v;
    }
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(u[j] - max);
      u[j] = e;
      sum += e;
    }
    const y = labels[i];
    loss += max + Math.log(sum) - (data[o + y] * scale + offset[y]);
    const inv = 1 / sum;
    if (keep) {
      if (nnz + cols > index.length) {
        const grown = Math.max(index.length * 2, nnz + cols);
        const gi = new Int32Array(grown);
        gi.set(index.subarray(0, nnz));
        index = gi;
        const gv = new Float64Array(grown);
        gv.set(value.subarray(0, nnz));
        value = gv;
      }
      for (let j = 0; j < cols; j++) {
        const p = u[j] * inv;
        pbar[j] += p;
        // 1 - p as the other classes' mass: exact even when p rounds to 1.
        diagonal[j] += p * ((sum - u[j]) * inv);
        if (p >= (keepAbove as number)) {
          index[nnz] = j;
          value[nnz] = p;
          keptMean[j] += p;
          nnz++;
        }
      }
      rowStart[i + 1] = nnz;
    } else {
      for (let j = 0; j < cols; j++) pbar[j] += u[j] * inv;
    }
  }
  for (let j = 0; j < cols; j++) pbar[j] /= rows;
  const result: PriorPass = { loss: loss / rows, meanProbability: pbar };
  if (keep) {
    for (let j = 0; j < cols; j++) {
      diagonal[j] /= rows;
      keptMean[j] /= rows;
    }
    result.sparse = { rowStart, index: index.subarray(0, nnz), value: value.subarray(0, nnz) };
    result.diagonal = diagonal;
    result.keptMean = keptMean;
  }
  return result;
}
