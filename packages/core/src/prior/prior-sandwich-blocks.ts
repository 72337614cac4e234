import type { FloatArray } from '../matrix.js';

/** Inputs and shared outputs of {@link priorSandwichBlocks}. */
export interface PriorSandwichBlockArgs {
  logits: FloatArray;
  /** Classes of the logits (the row stride). */
  cols: number;
  /** Labels as compact indices into `present` (0 .. k - 1). */
  compactLabels: Int32Array;
  /** Original class index of each compact class, ascending. */
  present: Int32Array;
  k: number;
  scale: number;
  offsets: Float64Array;
  keepRelative: number;
  /** Rows of block b are rowOrder[blockStart[b] .. blockStart[b + 1]), ascending. */
  rowOrder: Int32Array;
  blockStart: Int32Array;
  /** Block b writes its partials to slot b - firstSlot of `pairs` (2 k^2 per slot) and `diagonals` (2 k). */
  firstSlot: number;
  /** Per slot: the Hessian's then the score matrix's off-diagonal sums over pairs of kept entries (lower triangle). */
  pairs: Float64Array;
  /** Per slot: sum_i p_ic (1 - p_ic), then sum_i g_ic^2. */
  diagonals: Float64Array;
  /** k x k: row c is the sum of g_i over the samples of class c (each block owns its classes' rows). */
  classSum: Float64Array;
}

/**
 * Pool kernel of `priorSandwich`: blocks [firstBlock, endBlock), each a fixed range of classes whose rows it takes
 * in ascending order, accumulating its own partial sums (so that the caller adds them in block order and the
 * result never depends on the thread count). Per row: the softmax over present classes, exact diagonals, the
 * gradient's class sum, and products of pairs of kept entries (see `priorSandwich` for the rule).
 */
export function priorSandwichBlocks(args: PriorSandwichBlockArgs, firstBlock: number, endBlock: number): void {
  const { logits: data, cols, compactLabels, present, k, scale, offsets, keepRelative } = args;
  const { rowOrder, blockStart, firstSlot, pairs, diagonals, classSum } = args;
  const u = new Float64Array(k);
  const g = new Float64Array(k);
  const list = new Int32Array(k);
  const kk = k * k;
  for (let block = firstBlock; block < endBlock; block++) {
    const hessian = pairs.subarray((block - firstSlot) * 2 * kk, (block - firstSlot) * 2 * kk + kk);
    const scores = pairs.subarray((block - firstSlot) * 2 * kk + kk, (block - firstSlot + 1) * 2 * kk);
    const hDiag = diagonals.subarray((block - firstSlot) * 2 * k, (block - firstSlot) * 2 * k + k);
    const gDiag = diagonals.subarray((block - firstSlot) * 2 * k + k, (block - firstSlot + 1) * 2 * k);
    for (let r = blockStart[block]; r < blockStart[block + 1]; r++) {
      const i = rowOrder[r];
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
      const y = compactLabels[i];
      const inv = 1 / sum;
      let top = 0;
      for (let c = 1; c < k; c++) if (u[c] > u[top]) top = c;
      const keepAbove = keepRelative * ((sum - u[top]) * inv);
      let n = 0;
      const ry = y * k;
      for (let c = 0; c < k; c++) {
        const p = u[c] * inv;
        const other = (sum - u[c]) * inv;
        hDiag[c] += p * other;
        // The labelled class's gradient entry is -(1 - p), taken as the other classes' mass: exact near p = 1.
        g[c] = c === y ? -other : p;
        gDiag[c] += g[c] * g[c];
        classSum[ry + c] += g[c];
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
  }
}
