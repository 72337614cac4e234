import { BlockRowCopier, type BlockSource, isFloat64Source } from '../block-rows.js';
import { type WasmKernels, wasmKernels } from '../wasm-kernels.js';

/**
 * Row-block kernels of the prior objective F(b) = mean_i [lse_j(z_ij s + b_j) - (z_iy s + b_y)] (s = 1 / T): each block of `blockRows` rows
 * writes its own partial sums, which the caller adds up in block order. A block is always summed row by row in
 * the same order, so the totals depend on the block size but never on how blocks are spread over threads.
 */

/** Inputs and shared outputs of {@link priorPassBlocks}. */
export interface PriorPassBlockArgs {
  /** The logits: an array (shared with the workers) or a `.npy` file each lane reads its blocks from. */
  logits: BlockSource;
  /** Rows of the estimation set (`rowOrder.length` when given). */
  rows: number;
  cols: number;
  /** The estimation set's labels, `rows` of them. */
  labels: Int32Array;
  /**
   * When given, row i of the estimation set is row rowOrder[i] of `logits` (repeats allowed: a bootstrap sample,
   * never copied); else row i.
   */
  rowOrder?: Int32Array;
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
  /**
   * Float32 exponentials (four SIMD lanes) with float64 sums, for float32 logits (ignored for float64 ones);
   * default false (float64 throughout). For the solver's Newton iterations, never for its certificate.
   */
  fast?: boolean;
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
  /**
   * When given, per block the input checks' summary of its raw logits (three float64: non-finite flag, largest
   * magnitude, largest row spread; see `summariseLogits`): logits read from a file are checked in the pass that
   * first reads them rather than in a pass of their own.
   */
  summary?: Float64Array;
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

/** Where one block's kept probabilities lie in the lane's kernel memory (byte offsets; rowStart from 0). */
interface BlockSparse {
  rows: number;
  /** Written by the fast pass: uint16 indices and float32 values (else int32 and float64). */
  compact: boolean;
  rowStart: number;
  index: number;
  value: number;
}

/**
 * One lane's state for one solve: the thread's kernel instance, whose memory holds the fixed scratch and the kept
 * probabilities between passes (below its `keepBelow` floor, so other kernels' resets leave them; the release
 * frees them for other kernels, e.g. the sandwich standard errors after the solve), and where each block's lie.
 */
interface LaneSparse {
  job: number;
  kernels: WasmKernels;
  at: ReturnType<typeof scratchLayout>;
  /** First byte after the scratch: kept probabilities are laid out from here by each keeping pass. */
  keptStart: number;
  blocks: Map<number, BlockSparse>;
}

/** Fixed scratch of a lane (one block's logits, labels, sums, and the row-compressed kept entries' indices). */
function scratchLayout(kernels: WasmKernels, maxRows: number, cols: number, logitBytes: number) {
  const cols4 = (cols + 3) & ~3;
  return {
    logits: kernels.alloc(maxRows * cols * logitBytes),
    summary: kernels.alloc(3 * 8),
    labels: kernels.alloc(maxRows * 4),
    offset: kernels.alloc(cols4 * 8),
    pbar: kernels.alloc(cols4 * 8),
    diag: kernels.alloc(cols4 * 8),
    kept: kernels.alloc(cols4 * 8),
    vrow: kernels.alloc(cols4 * 8),
    // The fast pass's float32 row and its two float32 accumulators (zeroed here, left zero by every call).
    erow: kernels.alloc(cols4 * 12),
    rowStart: kernels.alloc((maxRows + 1) * 4),
    keptIndex: kernels.alloc(maxRows * cols * 4),
    v: kernels.alloc(cols4 * 8),
    out: kernels.alloc(cols4 * 8),
  };
}

function laneSparse(state: Map<string, unknown>, args: PriorPassBlockArgs): LaneSparse {
  let lane = state.get('prior') as LaneSparse | undefined;
  if (!lane || lane.job !== args.job) {
    const kernels = wasmKernels();
    kernels.keepBelow();
    kernels.reset();
    const maxRows = Math.min(args.blockRows, args.rows);
    const at = scratchLayout(kernels, maxRows, args.cols, isFloat64Source(args.logits) ? 8 : 4);
    // The fast pass's float32 accumulators must start at zero (the memory may hold other kernels' data).
    kernels.f32(at.erow, 3 * ((args.cols + 3) & ~3)).fill(0);
    lane = { job: args.job, kernels, at, keptStart: kernels.used, blocks: new Map() };
    kernels.keepBelow(lane.keptStart);
    state.set('prior', lane);
  }
  return lane;
}

/**
 * One pass of the prior objective over blocks [firstBlock, endBlock), on this lane's WebAssembly SIMD kernel:
 * `priorPassRows` (float64 arithmetic), or `priorPassRowsF32` (float32 exponentials, float64 sums) when `fast`
 * is set and the logits are float32. Each block's rows are copied into the kernel's memory (from the array, or
 * read from the file straight into it) and its partial sums copied out; a keeping pass leaves the blocks' kept
 * probabilities in the lane's kernel memory (replacing the previous keeping pass's) for {@link priorHessianBlocks}.
 * With `summary`, each block's raw logits are also summarised for the input checks.
 */
export function priorPassBlocks(
  args: PriorPassBlockArgs,
  firstBlock: number,
  endBlock: number,
  state: Map<string, unknown>,
): void {
  const lane = laneSparse(state, args);
  const { logits: data, cols } = args;
  const isF64 = isFloat64Source(data);
  const copier = new BlockRowCopier(data, cols);
  try {
    passBlocks(args, firstBlock, endBlock, lane, isF64, copier);
  } finally {
    copier.close();
  }
}

/** The body of {@link priorPassBlocks}, with the lane's state and the open row source. */
function passBlocks(
  args: PriorPassBlockArgs,
  firstBlock: number,
  endBlock: number,
  lane: LaneSparse,
  isF64: boolean,
  copier: BlockRowCopier,
): void {
  const { rows, cols, labels, scale, offset, keepRelative, blockRows } = args;
  const keep = keepRelative >= 0;
  const { kernels, at } = lane;
  const fast = args.fast === true && !isF64 && cols <= 65536;
  const cols4 = (cols + 3) & ~3;
  if (keep) {
    kernels.keepBelow(lane.keptStart);
    kernels.resetTo(lane.keptStart);
    lane.blocks.clear();
  }
  if (fast) {
    const offset32 = kernels.f32(at.offset, cols4);
    offset32.set(offset);
    offset32.fill(-Infinity, cols);
  } else {
    const offsetView = kernels.f64(at.offset, cols4);
    offsetView.set(offset);
    offsetView.fill(-Infinity, cols);
  }
  for (let block = firstBlock; block < endBlock; block++) {
    const r0 = block * blockRows;
    const r1 = Math.min(rows, r0 + blockRows);
    const n = r1 - r0;
    // Kept values are written straight to their place after the previous block's (room for every entry).
    const valueBytes = fast ? 4 : 8;
    const indexBytes = fast ? 2 : 4;
    const valueAt = keep ? kernels.alloc(n * cols * valueBytes) : 0;
    if (args.rowOrder) copier.copyList(kernels, at.logits, args.rowOrder, r0, n);
    else copier.copy(kernels, at.logits, r0, n);
    if (args.summary) {
      kernels.exports.logitSummary(at.logits, isF64 ? 1 : 0, n, cols, at.summary);
      args.summary.set(kernels.f64(at.summary, 3), 3 * block);
    }
    kernels.i32(at.labels, n).set(labels.subarray(r0, r1));
    const sums = {
      pbar: kernels.f64(at.pbar, cols4),
      diag: kernels.f64(at.diag, cols4),
      kept: kernels.f64(at.kept, cols4),
    };
    sums.pbar.fill(0);
    sums.diag.fill(0);
    sums.kept.fill(0);
    const relative = keep ? keepRelative : -1;
    const loss = fast
      ? kernels.exports.priorPassRowsF32(
          at.logits,
          n,
          cols,
          at.labels,
          scale,
          at.offset,
          relative,
          at.pbar,
          at.diag,
          at.kept,
          at.erow,
          at.keptIndex,
          valueAt,
          at.rowStart,
        )
      : kernels.exports.priorPassRows(
          at.logits,
          isF64 ? 1 : 0,
          n,
          cols,
          at.labels,
          scale,
          at.offset,
          relative,
          at.pbar,
          at.diag,
          at.kept,
          at.vrow,
          at.keptIndex,
          valueAt,
          at.rowStart,
        );
    const po = block * cols;
    args.probabilitySum.set(sums.pbar.subarray(0, cols), po);
    args.loss[block] = loss;
    if (!keep) {
      args.keptCount[block] = 0;
      continue;
    }
    args.diagonalSum.set(sums.diag.subarray(0, cols), po);
    args.keptSum.set(sums.kept.subarray(0, cols), po);
    const nnz = kernels.i32(at.rowStart, n + 1)[n];
    args.keptCount[block] = nnz;
    // Shrink this block's reservation to its values, then its indices and row starts after them.
    kernels.resetTo(valueAt + nnz * valueBytes);
    const indexAt = kernels.alloc(nnz * indexBytes);
    kernels.move(indexAt, at.keptIndex, nnz * indexBytes);
    const rowStartAt = kernels.alloc((n + 1) * 4);
    kernels.move(rowStartAt, at.rowStart, (n + 1) * 4);
    lane.blocks.set(block, { rows: n, compact: fast, rowStart: rowStartAt, index: indexAt, value: valueAt });
  }
  if (keep) kernels.keepBelow(kernels.used);
}

/** Inputs of {@link priorHessianBlocks} beyond the job (the lane's state must hold that job's kept probabilities). */
function keptLane(state: Map<string, unknown>, job: number): LaneSparse {
  const lane = state.get('prior') as LaneSparse | undefined;
  if (!lane || lane.job !== job)
    throw new Error('prior Hessian product: this lane holds no kept probabilities of the job');
  return lane;
}

/** Hessian-vector partial sums over the probabilities kept by this lane's last keeping pass (WebAssembly). */
export function priorHessianBlocks(
  args: PriorHessianBlockArgs,
  firstBlock: number,
  endBlock: number,
  state: Map<string, unknown>,
): void {
  if (endBlock <= firstBlock) return;
  const { v, cols } = args;
  const lane = keptLane(state, args.job);
  const { kernels, at } = lane;
  kernels.f64(at.v, cols).set(v);
  for (let block = firstBlock; block < endBlock; block++) {
    const sparse = lane.blocks.get(block);
    if (!sparse)
      throw new Error(`prior Hessian product: block ${block} has no kept probabilities (no keeping pass ran)`);
    const out = kernels.f64(at.out, cols);
    out.fill(0);
    const hessianRows = sparse.compact ? kernels.exports.priorHessianRowsF32 : kernels.exports.priorHessianRows;
    hessianRows(sparse.rowStart, sparse.index, sparse.value, sparse.rows, at.v, at.out);
    args.out.set(out, block * cols);
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
  if (endBlock > firstBlock && kept?.job === args.job) {
    kept.kernels.keepBelow(); // the thread's kernel memory is free for other kernels again
    state.delete('prior');
  }
}
