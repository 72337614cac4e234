import { blockSource } from '../block-rows.js';
import { isFileLogits, type LogitRows } from '../logit-rows.js';
import { readingFile } from '../npy-file-logits.js';
import { ParallelPool } from '../parallel-pool.js';
import { sharedFloat64, toShared } from '../shared-arrays.js';
import { priorSandwichBlocks, type PriorSandwichBlockArgs } from './prior-sandwich-blocks.js';
import { wasmKernels } from '../wasm-kernels.js';

/**
 * Number of fixed class blocks of the sandwich pass: up to 8 (the most lanes it can use), fewer when 8 copies of
 * the two k x k partial matrices would pass 256 MB. Depends on k alone, so results never depend on threads.
 * @param k present classes
 */
export function sandwichBlockCount(k: number): number {
  return Math.max(1, Math.min(8, k, Math.floor(2 ** 28 / (16 * k * k))));
}

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
 * the kept count rather than N K^2, and near-certain rows keep their tiny probabilities. Float32 logits get float32
 * exponentials (probabilities within 1.3e-6 relative, every sum in float64: standard errors within 1e-6 relative of
 * float64 exponentials', 7e-9 measured at 50,000 x 1,000), float64 logits float64 ones (within 2 ulp).
 * @param logits N x K logits z: a matrix, or a `.npy` file whose rows each lane reads (checked unchanged after)
 * @param labels N class indices
 * @param scale 1 / temperature (default 1)
 * @param offsets b = -log q, K numbers (only differences between present classes matter)
 * @param keepRelative relative threshold of the off-diagonal products (default 1e-3, the exact solver's sparsity)
 * @param parallel worker threads (default 1) or a pool to run on (left open); byte-identical results for any count
 */
export function priorSandwich(
  logits: LogitRows,
  labels: Int32Array,
  offsets: ArrayLike<number>,
  scale = 1,
  keepRelative = 1e-3,
  parallel: { threads?: number; pool?: ParallelPool } = {},
): PriorSandwich {
  const { rows, cols } = logits;
  const file = isFileLogits(logits) ? logits : undefined;
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
  const threadsWanted = parallel.pool?.threads ?? parallel.threads ?? 1;
  // Shared when worker threads will read them next (the standard errors' panels): no copies then.
  const hessian = threadsWanted > 1 ? sharedFloat64(k * k) : new Float64Array(k * k);
  const scores = threadsWanted > 1 ? sharedFloat64(k * k) : new Float64Array(k * k);
  const hDiag = new Float64Array(k);
  const gDiag = new Float64Array(k);
  const threads = parallel.pool?.threads ?? parallel.threads ?? 1;
  const blocks = sandwichBlockCount(k);
  const shared = threads > 1;
  const compactLabels = new Int32Array(rows);
  for (let i = 0; i < rows; i++) compactLabels[i] = compact[labels[i]];
  // Block b: the rows of compact classes [floor(b k / B), floor((b + 1) k / B)), ascending.
  const blockOf = (c: number): number => Math.min(blocks - 1, Math.floor((c * blocks) / k));
  const blockStart = new Int32Array(blocks + 1);
  for (let i = 0; i < rows; i++) blockStart[blockOf(compactLabels[i]) + 1]++;
  for (let b = 0; b < blocks; b++) blockStart[b + 1] += blockStart[b];
  // Rows grouped by class (ascending within a class): rows of one class keep much the same probabilities, so
  // consecutive rows update much the same pairs, which then stay in cache.
  const classStart = new Int32Array(k + 1);
  for (let i = 0; i < rows; i++) classStart[compactLabels[i] + 1]++;
  for (let c = 0; c < k; c++) classStart[c + 1] += classStart[c];
  const rowOrder = new Int32Array(rows);
  const fill = classStart.slice(0, k);
  for (let i = 0; i < rows; i++) rowOrder[fill[compactLabels[i]]++] = i;
  // Blocks run in waves of one per lane, so only a lane's worth of partials is held at once.
  const slots = shared ? Math.min(blocks, threads) : 1;
  const kt = (k * (k - 1)) / 2;
  const args: PriorSandwichBlockArgs = {
    logits: blockSource(logits, shared),
    cols,
    compactLabels: shared ? toShared(compactLabels) : compactLabels,
    present: Int32Array.from(present),
    k,
    scale,
    offsets: Float64Array.from(present, (j) => offsets[j]),
    keepRelative,
    rowOrder: shared ? toShared(rowOrder) : rowOrder,
    blockStart,
    firstBlock: 0,
    pairs: shared ? sharedFloat64(slots * 2 * kt) : new Float64Array(2 * kt),
    diagonals: shared ? sharedFloat64(slots * 2 * k) : new Float64Array(2 * k),
    classSum: shared ? sharedFloat64(k * k) : new Float64Array(k * k),
  };
  // Partials added in block order in both cases, so the sums are byte-identical for any number of threads.
  // Pair sums stay packed and interleaved as the kernel writes them until every block is in (a contiguous add).
  const pairSums = new Float64Array(2 * kt);
  const addSlot = (slot: number): void => {
    const pairs = args.pairs.subarray(slot * 2 * kt, (slot + 1) * 2 * kt);
    for (let x = 0; x < 2 * kt; x++) pairSums[x] += pairs[x];
    const diagonals = args.diagonals.subarray(slot * 2 * k, (slot + 1) * 2 * k);
    for (let c = 0; c < k; c++) {
      hDiag[c] += diagonals[c];
      gDiag[c] += diagonals[k + c];
    }
  };
  if (shared) {
    const pool = parallel.pool ?? ParallelPool.open(threads);
    try {
      for (let first = 0; first < blocks; first += slots) {
        const count = Math.min(slots, blocks - first);
        readingFile(file, () => pool.run('prior-sandwich', { ...args, firstBlock: first }, count));
        for (let b = 0; b < count; b++) addSlot(b);
      }
    } finally {
      if (!parallel.pool) pool.close();
    }
  } else {
    for (let b = 0; b < blocks; b++) {
      args.diagonals.fill(0);
      readingFile(file, () => priorSandwichBlocks({ ...args, firstBlock: b }, 0, 1));
      addSlot(0);
    }
  }
  for (let a = 1, x = 0; a < k; a++) {
    for (let c = 0; c < a; c++, x += 2) {
      hessian[a * k + c] = pairSums[x];
      scores[a * k + c] = pairSums[x + 1];
    }
  }
  const classSum = args.classSum; // row c: sum of g_i over the samples of present class c
  subtractClassMeans(
    classSum,
    Float64Array.from(present, (j) => counts[j]),
    k,
    keepRelative,
    scores,
    gDiag,
  );
  // Means, and the upper triangles mirrored, in 32 x 32 tiles (the mirror's column writes stay in cache).
  for (let a0 = 0; a0 < k; a0 += 32) {
    for (let c0 = 0; c0 <= a0; c0 += 32) {
      for (let a = a0; a < Math.min(k, a0 + 32); a++) {
        for (let c = c0; c < Math.min(a, c0 + 32); c++) {
          hessian[a * k + c] /= rows;
          hessian[c * k + a] = hessian[a * k + c];
          scores[a * k + c] /= rows;
          scores[c * k + a] = scores[a * k + c];
        }
      }
    }
  }
  for (let a = 0; a < k; a++) {
    hessian[a * k + a] = hDiag[a] / rows;
    scores[a * k + a] = Math.max(gDiag[a], 0) / rows;
  }
  // mean_i g_i from the per-class sums: the labelled entries -(1 - p) keep their digits where pbar - freq would not.
  const gradient = new Float64Array(k);
  for (let y = 0; y < k; y++) for (let c = 0; c < k; c++) gradient[c] += classSum[y * k + c];
  for (let c = 0; c < k; c++) gradient[c] /= rows;
  return { classes: Int32Array.from(present), hessian, scores, gradient, rows };
}

/**
 * Within-class correction, in the WebAssembly kernel `sandwichCorrection`: subtracts n_c gbar_c gbar_c^T =
 * classSum_c classSum_c^T / n_c from the scores' diagonal and, over the pairs of class c's entries at or above
 * `keepRelative` times its off-peak sum (the pairs the pass kept), from their strict lower triangle (in place).
 */
function subtractClassMeans(
  classSum: Float64Array,
  counts: Float64Array,
  k: number,
  keepRelative: number,
  scores: Float64Array,
  gDiag: Float64Array,
): void {
  const kernels = wasmKernels();
  kernels.reset();
  const at = {
    classSum: kernels.alloc(8 * k * k),
    counts: kernels.alloc(8 * k),
    scores: kernels.alloc(8 * k * k),
    gDiag: kernels.alloc(8 * k),
    list: kernels.alloc(4 * k),
    listed: kernels.alloc(8 * k),
  };
  kernels.f64(at.classSum, k * k).set(classSum);
  kernels.f64(at.counts, k).set(counts);
  kernels.f64(at.scores, k * k).set(scores);
  kernels.f64(at.gDiag, k).set(gDiag);
  // In chunks of classes: V8 runs a WebAssembly call to its end in the code it started in (baseline code for a
  // first call); later calls get the optimised code.
  for (let c = 0; c < k; c += 64) {
    const { classSum: cs, counts: n, scores: sc, gDiag: gd, list: li, listed: ld } = at;
    kernels.exports.sandwichCorrection(cs, n, k, keepRelative, sc, gd, li, ld, c, Math.min(k, c + 64));
  }
  scores.set(kernels.f64(at.scores, k * k));
  gDiag.set(kernels.f64(at.gDiag, k));
  kernels.reset();
}
