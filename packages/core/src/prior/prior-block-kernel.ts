import type { FloatArray } from '../matrix.js';
import { fastExp } from '../fast-exp.js';

/**
 * Row-block kernels of the prior objective F(b) = mean_i [lse_j(z_ij s + b_j) - (z_iy s + b_y)] (s = 1 / T): each block of `blockRows` rows
 * writes its own partial sums, which the caller adds up in block order. A block is always summed row by row in
 * the same order, so the totals depend on the block size but never on how blocks are spread over threads.
 */

/** Inputs and shared outputs of {@link priorPassBlocks}. */
export interface PriorPassBlockArgs {
  logits: FloatArray;
  rows: number;
  cols: number;
  labels: Int32Array;
  /** Multiplier of the logits (1 / temperature). */
  scale: number;
  /** b_j for active classes, -Infinity for inactive ones (left out of the softmax). */
  offset: Float64Array;
  /**
   * Keep p_ij >= keepRelative * (1 - max_k p_ik) for Hessian products (lane-local): relative to the row's
   * off-peak mass, which sets the size of the row's Hessian; a negative value keeps nothing.
   */
  keepRelative: number;
  blockRows: number;
  /** Identifies the solve: kept probabilities of another job are dropped. */
  job: number;
  /** Per block: sum of the rows' cross-entropies. */
  loss: Float64Array;
  /** Per block x class: sums of p_ij, of p_ij (1 - p_ij) and of the kept p_ij (the last two only when keeping). */
  probabilitySum: Float64Array;
  diagonalSum: Float64Array;
  keptSum: Float64Array;
  /** Per block: number of kept probabilities. */
  keptCount: Float64Array;
}

/** Inputs and shared outputs of {@link priorHessianBlocks}. */
export interface PriorHessianBlockArgs {
  /** The vector to multiply, K entries. */
  v: Float64Array;
  cols: number;
  job: number;
  /** Per block x class: sum over the block's rows of p_i * (v - p_i . v) over the kept probabilities. */
  out: Float64Array;
}

/** Kept probabilities of one block, row-compressed (`rowStart` is relative to the block's first row). */
interface BlockSparse {
  rows: number;
  rowStart: Int32Array;
  index: Int32Array;
  value: Float64Array;
}

interface LaneSparse {
  job: number;
  blocks: Map<number, BlockSparse>;
}

function laneSparse(state: Map<string, unknown>, job: number): LaneSparse {
  let kept = state.get('prior') as LaneSparse | undefined;
  if (!kept || kept.job !== job) {
    kept = { job, blocks: new Map() };
    state.set('prior', kept);
  }
  return kept;
}

/** One pass of the prior objective over blocks [firstBlock, endBlock). */
export function priorPassBlocks(
  args: PriorPassBlockArgs,
  firstBlock: number,
  endBlock: number,
  state: Map<string, unknown>,
): void {
  const { logits: data, rows, cols, labels, scale, offset, keepRelative, blockRows } = args;
  const keep = keepRelative >= 0;
  const lane = keep ? laneSparse(state, args.job) : undefined;
  const u = new Float64Array(cols);
  for (let block = firstBlock; block < endBlock; block++) {
    const r0 = block * blockRows;
    const r1 = Math.min(rows, r0 + blockRows);
    const po = block * cols;
    const pbar = args.probabilitySum.subarray(po, po + cols).fill(0);
    const diagonal = keep ? args.diagonalSum.subarray(po, po + cols).fill(0) : pbar;
    const kept = keep ? args.keptSum.subarray(po, po + cols).fill(0) : pbar;
    let sparse = lane?.blocks.get(block);
    if (lane && !sparse) {
      sparse = {
        rows: 0,
        rowStart: new Int32Array(blockRows + 1),
        index: new Int32Array(4 * cols),
        value: new Float64Array(4 * cols),
      };
      lane.blocks.set(block, sparse);
    }
    if (sparse) sparse.rows = r1 - r0;
    let nnz = 0;
    let loss = 0;
    for (let i = r0; i < r1; i++) {
      const o = i * cols;
      let max = -Infinity;
      for (let j = 0; j < cols; j++) {
        const v = data[o + j] * scale + offset[j];
        u[j] = v;
        if (v > max) max = v;
      }
      let sum = 0;
      for (let j = 0; j < cols; j++) {
        const e = fastExp(u[j] - max);
        u[j] = e;
        sum += e;
      }
      const y = labels[i];
      loss += max + Math.log(sum) - (data[o + y] * scale + offset[y]);
      const inv = 1 / sum;
      if (sparse) {
        if (nnz + cols > sparse.index.length) sparse = grow(lane as LaneSparse, block, sparse, nnz, cols);
        const { index, value } = sparse;
        // The largest term is exp(0) = 1, so (sum - 1) / sum is the off-peak mass 1 - max_k p_ik, exactly.
        const keepAbove = keepRelative * ((sum - 1) * inv);
        for (let j = 0; j < cols; j++) {
          const p = u[j] * inv;
          pbar[j] += p;
          // 1 - p as the other classes' mass: exact even when p rounds to 1.
          diagonal[j] += p * ((sum - u[j]) * inv);
          if (p >= keepAbove) {
            index[nnz] = j;
            value[nnz] = p;
            kept[j] += p;
            nnz++;
          }
        }
        sparse.rowStart[i - r0 + 1] = nnz;
      } else {
        for (let j = 0; j < cols; j++) pbar[j] += u[j] * inv;
      }
    }
    args.loss[block] = loss;
    args.keptCount[block] = nnz;
  }
}

function grow(lane: LaneSparse, block: number, sparse: BlockSparse, nnz: number, cols: number): BlockSparse {
  const size = Math.max(Math.ceil(sparse.index.length * 1.5), nnz + cols);
  const index = new Int32Array(size);
  index.set(sparse.index.subarray(0, nnz));
  const value = new Float64Array(size);
  value.set(sparse.value.subarray(0, nnz));
  const grown = { rows: sparse.rows, rowStart: sparse.rowStart, index, value };
  lane.blocks.set(block, grown);
  return grown;
}

/** Hessian-vector partial sums over the probabilities kept by this lane's last keeping pass. */
export function priorHessianBlocks(
  args: PriorHessianBlockArgs,
  firstBlock: number,
  endBlock: number,
  state: Map<string, unknown>,
): void {
  const { v, cols } = args;
  const lane = laneSparse(state, args.job);
  for (let block = firstBlock; block < endBlock; block++) {
    const out = args.out.subarray(block * cols, (block + 1) * cols).fill(0);
    const sparse = lane.blocks.get(block);
    if (!sparse)
      throw new Error(`prior Hessian product: block ${block} has no kept probabilities (no keeping pass ran)`);
    const { rows, rowStart, index, value } = sparse;
    for (let r = 0; r < rows; r++) {
      let dot = 0;
      for (let e = rowStart[r]; e < rowStart[r + 1]; e++) dot += value[e] * v[index[e]];
      for (let e = rowStart[r]; e < rowStart[r + 1]; e++) out[index[e]] += value[e] * (v[index[e]] - dot);
    }
  }
}

/** Drops this lane's kept probabilities of `job` (run with one block per lane). */
export function priorReleaseBlocks(
  args: { job: number },
  firstBlock: number,
  endBlock: number,
  state: Map<string, unknown>,
): void {
  const kept = state.get('prior') as LaneSparse | undefined;
  if (endBlock > firstBlock && kept?.job === args.job) state.delete('prior');
}
