import { BlockRowCopier, type BlockSource, isFloat64Source } from '../block-rows.js';
import { wasmKernels } from '../wasm-kernels.js';

/** Inputs and shared outputs of {@link priorSandwichBlocks}. */
export interface PriorSandwichBlockArgs {
  /** The logits: an array (shared with the workers) or a `.npy` file each lane reads its rows from. */
  logits: BlockSource;
  /** Classes of the logits (the row stride). */
  cols: number;
  /** Labels as compact indices into `present` (0 .. k - 1). */
  compactLabels: Int32Array;
  /** Original class index of each compact class, ascending. */
  present: Int32Array;
  k: number;
  scale: number;
  /** b of each present class (k numbers). */
  offsets: Float64Array;
  keepRelative: number;
  /** Rows of block b are rowOrder[blockStart[b] .. blockStart[b + 1]), ascending. */
  rowOrder: Int32Array;
  blockStart: Int32Array;
  /** The kernel's block numbers start here (a wave of blocks): block b is class block firstBlock + b. */
  firstBlock: number;
  /**
   * Block b writes slot b of `pairs` (k (k - 1) per slot) and of `diagonals` (2 k). Per `pairs` slot: the Hessian's
   * and the score matrix's off-diagonal sums over pairs of kept entries side by side, in a packed lower triangle of
   * k (k - 1) / 2 pairs (pair a > c at 2 (a (a - 1) / 2 + c): the Hessian's sum, then the scores').
   */
  pairs: Float64Array;
  /** Per slot: sum_i p_ic (1 - p_ic), then sum_i g_ic^2. */
  diagonals: Float64Array;
  /** k x k: row c is the sum of g_i over the samples of class c (each block owns its classes' rows). */
  classSum: Float64Array;
}

/** Rows copied into the kernel's memory at a time. */
const BATCH_ROWS = 64;
/**
 * Kept entries buffered before their pair products are added class by class (about 28 bytes each: 1.8 MB); at
 * least k + 2 are used.
 */
const KEPT_ENTRIES = 65_536;

/**
 * Pool kernel of `priorSandwich`: blocks [firstBlock, endBlock), each a fixed range of classes whose rows it takes
 * in ascending order, accumulating its own partial sums (so that the caller adds them in block order and the
 * result never depends on the thread count). The rows run in the WebAssembly kernel `sandwichRows` (per row: the
 * softmax over present classes, exact diagonals, the gradient's class sum, and products of pairs of kept entries;
 * see `priorSandwich` for the rule; pair products go through a buffer of kept entries and are added class by
 * class, in row order per pair), on this thread's kernel memory (2 k x k float64 and the buffer: 18 MB at
 * k = 1,000). Rows
 * are copied into that memory 64 at a time, from the array or read from the file (one read per run of consecutive
 * rows: a file sorted by class is read in long ranges).
 */
export function priorSandwichBlocks(args: PriorSandwichBlockArgs, firstBlock: number, endBlock: number): void {
  const copier = new BlockRowCopier(args.logits, args.cols);
  try {
    sandwichBlocks(args, firstBlock, endBlock, copier);
  } finally {
    copier.close();
  }
}

/** The body of {@link priorSandwichBlocks}, with the open row source. */
function sandwichBlocks(
  args: PriorSandwichBlockArgs,
  firstBlock: number,
  endBlock: number,
  copier: BlockRowCopier,
): void {
  const { logits: data, cols, compactLabels, present, k, scale, offsets, keepRelative } = args;
  const { rowOrder, blockStart, pairs, diagonals, classSum } = args;
  const isF64 = isFloat64Source(data);
  const width = isF64 ? 8 : 4;
  const kt = (k * (k - 1)) / 2;
  const k2 = (k + 1) & ~1;
  const kernels = wasmKernels();
  for (let local = firstBlock; local < endBlock; local++) {
    const block = args.firstBlock + local;
    if (blockStart[block + 1] <= blockStart[block]) {
      // No rows (cannot happen with present classes only, kept for safety): all its partials are zero.
      pairs.fill(0, local * 2 * kt, (local + 1) * 2 * kt);
      diagonals.fill(0, local * 2 * k, (local + 1) * 2 * k);
      continue;
    }
    // Rows are grouped by class: the block's classes are [firstClass, endClass).
    const firstClass = compactLabels[rowOrder[blockStart[block]]];
    const endClass = compactLabels[rowOrder[blockStart[block + 1] - 1]] + 1;
    const classRows = (endClass - firstClass) * k;
    const capacity = Math.max(KEPT_ENTRIES, k + 2);
    kernels.reset();
    const at = {
      pairs: kernels.alloc(16 * kt),
      classSum: kernels.alloc(8 * classRows),
      hDiag: kernels.alloc(8 * k2),
      gDiag: kernels.alloc(8 * k2),
      u: kernels.alloc(8 * k2),
      kept: kernels.alloc(kernels.exports.sandwichKeptBytes(k, capacity)),
      present: kernels.alloc(4 * k),
      offsets: kernels.alloc(8 * k),
      labels: kernels.alloc(4 * BATCH_ROWS),
      rows: kernels.alloc(width * cols * BATCH_ROWS),
    };
    // Fresh memory may hold an earlier call's data: zero the accumulators.
    for (const [where, length] of [
      [at.pairs, 2 * kt],
      [at.classSum, classRows],
      [at.hDiag, k2],
      [at.gDiag, k2],
    ])
      kernels.f64(where, length).fill(0);
    kernels.i32(at.kept, 1)[0] = 0; // no entries buffered
    kernels.i32(at.present, k).set(present);
    kernels.f64(at.offsets, k).set(offsets);
    const batchLabels = kernels.i32(at.labels, BATCH_ROWS);
    for (let r0 = blockStart[block]; r0 < blockStart[block + 1]; r0 += BATCH_ROWS) {
      const n = Math.min(BATCH_ROWS, blockStart[block + 1] - r0);
      copier.copyList(kernels, at.rows, rowOrder, r0, n);
      for (let r = 0; r < n; r++) batchLabels[r] = compactLabels[rowOrder[r0 + r]];
      kernels.exports.sandwichRows(
        at.rows,
        isF64 ? 1 : 0,
        n,
        cols,
        at.labels,
        at.present,
        k,
        scale,
        at.offsets,
        keepRelative,
        at.pairs,
        at.hDiag,
        at.gDiag,
        // Row y of the class sums at (y - firstClass) k: the kernel adds y k (32-bit wrap-around arithmetic).
        (at.classSum - firstClass * k * 8) >>> 0,
        at.u,
        at.kept,
        capacity,
      );
    }
    kernels.exports.sandwichFlush(at.kept, capacity, k, at.pairs);
    const slot = local;
    // The kernel keeps each pair's two sums side by side; the caller adds the slots in block order. (A copy: adding
    // them into the dense totals here, from a view on the kernel's memory, took 12 ms per block.)
    pairs.set(kernels.f64(at.pairs, 2 * kt), slot * 2 * kt);
    diagonals.set(kernels.f64(at.hDiag, k), slot * 2 * k);
    diagonals.set(kernels.f64(at.gDiag, k), slot * 2 * k + k);
    // This block's classes own their rows of the class sums (no other block writes them).
    classSum.set(kernels.f64(at.classSum, classRows), firstClass * k);
    kernels.reset();
  }
}
