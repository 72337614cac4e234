import type { FloatArray } from '../matrix.js';
import { wasmKernels } from '../wasm-kernels.js';

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

/**
 * One pass of the prior objective over blocks [firstBlock, endBlock), on this thread's WebAssembly SIMD kernel
 * (`priorPassRows`): each block's rows are copied into the kernel's memory, passed over, and its partial sums
 * and kept probabilities copied out.
 */
export function priorPassBlocks(
  args: PriorPassBlockArgs,
  firstBlock: number,
  endBlock: number,
  state: Map<string, unknown>,
): void {
  const { logits: data, rows, cols, labels, scale, offset, keepRelative, blockRows } = args;
  const keep = keepRelative >= 0;
  const lane = keep ? laneSparse(state, args.job) : undefined;
  const kernels = wasmKernels();
  const isF64 = data instanceof Float64Array;
  const cols4 = (cols + 3) & ~3;
  const maxRows = Math.min(blockRows, rows);
  kernels.reset();
  const at = {
    logits: kernels.alloc(maxRows * cols * data.BYTES_PER_ELEMENT),
    labels: kernels.alloc(maxRows * 4),
    offset: kernels.alloc(cols4 * 8),
    pbar: kernels.alloc(cols4 * 8),
    diag: kernels.alloc(cols4 * 8),
    kept: kernels.alloc(cols4 * 8),
    vrow: kernels.alloc(cols4 * 8),
    rowStart: kernels.alloc((maxRows + 1) * 4),
    keptIndex: kernels.alloc(keep ? maxRows * cols * 4 : 0),
    keptValue: kernels.alloc(keep ? maxRows * cols * 8 : 0),
  };
  const offsetView = kernels.f64(at.offset, cols4);
  offsetView.set(offset);
  offsetView.fill(-Infinity, cols);
  const logitsView = isF64 ? kernels.f64(at.logits, maxRows * cols) : kernels.f32(at.logits, maxRows * cols);
  const labelsView = kernels.i32(at.labels, maxRows);
  const sums = { pbar: kernels.f64(at.pbar, cols), diag: kernels.f64(at.diag, cols), kept: kernels.f64(at.kept, cols) };
  for (let block = firstBlock; block < endBlock; block++) {
    const r0 = block * blockRows;
    const r1 = Math.min(rows, r0 + blockRows);
    const n = r1 - r0;
    logitsView.set(data.subarray(r0 * cols, r1 * cols));
    labelsView.set(labels.subarray(r0, r1));
    sums.pbar.fill(0);
    sums.diag.fill(0);
    sums.kept.fill(0);
    const loss = kernels.exports.priorPassRows(
      at.logits,
      isF64 ? 1 : 0,
      n,
      cols,
      at.labels,
      scale,
      at.offset,
      keep ? keepRelative : -1,
      at.pbar,
      at.diag,
      at.kept,
      at.vrow,
      at.keptIndex,
      at.keptValue,
      at.rowStart,
    );
    const po = block * cols;
    args.probabilitySum.set(sums.pbar, po);
    args.loss[block] = loss;
    if (!lane) {
      args.keptCount[block] = 0;
      continue;
    }
    args.diagonalSum.set(sums.diag, po);
    args.keptSum.set(sums.kept, po);
    const rowStart = kernels.i32(at.rowStart, n + 1);
    const nnz = rowStart[n];
    args.keptCount[block] = nnz;
    let sparse = lane.blocks.get(block);
    if (!sparse || sparse.index.length < nnz) {
      const size = Math.max(nnz, 4 * cols);
      sparse = {
        rows: n,
        rowStart: new Int32Array(blockRows + 1),
        index: new Int32Array(size),
        value: new Float64Array(size),
      };
      lane.blocks.set(block, sparse);
    }
    sparse.rows = n;
    sparse.rowStart.set(rowStart);
    sparse.index.set(kernels.i32(at.keptIndex, nnz));
    sparse.value.set(kernels.f64(at.keptValue, nnz));
  }
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
