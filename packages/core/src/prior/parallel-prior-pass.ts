import type { PriorEvaluator, PriorPassSummary } from './prior-evaluator.js';
import { ParallelPool } from '../parallel-pool.js';
import type { PriorPassBlockArgs } from './prior-block-kernel.js';
import { sharedFloat64, toShared } from '../shared-arrays.js';
import { type BlockSource, blockSource, isFloat64Source } from '../block-rows.js';
import { isFileLogits, type LogitRows, type NpyFileLogits } from '../logit-rows.js';
import { readingFile } from '../npy-file-logits.js';
import { checkFileLogitsSummary } from './check-file-logits.js';

/** Threading options of the parallel prior passes. */
export interface ParallelPriorOptions {
  /** A pool to run on (left open); default: one opened for the call with `threads` lanes and closed after. */
  pool?: ParallelPool;
  /** Lanes of the pool opened when `pool` is absent (1: this thread only, no workers); default per function. */
  threads?: number;
  /**
   * Rows per block, the unit of work and of summation: results depend on it, never on the thread count.
   * Default 512.
   */
  blockRows?: number;
  /**
   * The estimation set as rows of the logits: row i is row rows[i] (repeats allowed: a bootstrap sample, read
   * in place, never copied); the labels then follow this order. Their values are taken as checked (the caller
   * estimated from the same logits first, e.g. `bootstrapPrior` after `estimatePrior`). Default: every row, in
   * order.
   */
  rows?: Int32Array;
}

let nextJob = 1;

/**
 * Passes of the prior objective over row blocks spread across a {@link ParallelPool}: each lane computes its
 * blocks' partial loss, probability sums and Hessian diagonal, and keeps its blocks' large probabilities for
 * its share of the Hessian-vector products; this thread adds the block partials in block order. Logits and
 * labels not on a SharedArrayBuffer are copied once when the pool has worker threads. Logits left in their `.npy`
 * file are read by each lane, block by block, straight into its kernel memory (never whole); the first pass then
 * also runs the input checks (finite values, logit spread at this scale, the messages of `estimatePrior`), and
 * every pass checks afterwards that the file did not change.
 */
export class ParallelPriorPass implements PriorEvaluator {
  readonly rows: number;
  readonly cols: number;
  readonly fastPasses: boolean;
  /** Passes and Hessian-vector products run so far (for benchmarks). */
  passCount = 0;
  hessianProducts = 0;
  private readonly blocks: number;
  private readonly job = nextJob++;
  private readonly outputs: {
    loss: Float64Array;
    probabilitySum: Float64Array;
    diagonalSum: Float64Array;
    keptSum: Float64Array;
    keptCount: Float64Array;
  };
  private readonly hv: Float64Array;
  private kept = false;
  /** The file the lanes read (undefined for logits in memory). */
  private readonly file?: NpyFileLogits;
  /** Whether the file's values have passed the input checks (done in the first pass). */
  private checked = false;

  private constructor(
    private readonly logits: BlockSource,
    private readonly labels: Int32Array,
    private readonly scale: number,
    private readonly pool: ParallelPool,
    private readonly ownsPool: boolean,
    private readonly blockRows: number,
    /** The logits as given: their shape, and the file the lanes read when they are left in one. */
    given: LogitRows,
    /** Rows of `given` that make the estimation set, in order (see `ParallelPriorOptions.rows`). */
    private readonly rowOrder: Int32Array | undefined,
  ) {
    this.rows = rowOrder?.length ?? given.rows;
    this.cols = given.cols;
    if (isFileLogits(given)) this.file = given;
    // A selection of rows is of logits already checked (see ParallelPriorOptions.rows).
    this.checked = rowOrder !== undefined;
    // The fast pass keeps 16-bit class indices.
    this.fastPasses = !isFloat64Source(logits) && this.cols <= 65536;
    this.blocks = Math.ceil(this.rows / blockRows);
    const cells = this.blocks * this.cols;
    this.outputs = {
      loss: sharedFloat64(this.blocks),
      probabilitySum: sharedFloat64(cells),
      diagonalSum: sharedFloat64(cells),
      keptSum: sharedFloat64(cells),
      keptCount: sharedFloat64(this.blocks),
    };
    this.hv = sharedFloat64(cells);
  }

  /**
   * @param logits N x K logits: a matrix, or a `.npy` file read in row blocks (see {@link openNpyFileLogits})
   * @param scale multiplier of the logits, 1 / temperature
   * @throws RangeError on a non-positive integer `blockRows`
   */
  static open(
    logits: LogitRows,
    labels: Int32Array,
    scale: number,
    options: ParallelPriorOptions = {},
  ): ParallelPriorPass {
    const blockRows = options.blockRows ?? 512;
    if (!Number.isInteger(blockRows) || blockRows < 1)
      throw new RangeError(`blockRows must be a positive integer, got ${blockRows}`);
    const order = options.rows;
    if (order) {
      if (labels.length !== order.length)
        throw new RangeError(`${labels.length} labels for a selection of ${order.length} rows`);
      for (let i = 0; i < order.length; i++)
        if (!(order[i] >= 0 && order[i] < logits.rows))
          throw new RangeError(`rows[${i}] = ${order[i]} is not a row of the ${logits.rows}-row logits`);
    }
    const pool = options.pool ?? ParallelPool.open(options.threads ?? 1);
    const shared = pool.threads > 1;
    return new ParallelPriorPass(
      blockSource(logits, shared),
      shared ? toShared(labels) : labels,
      scale,
      pool,
      !options.pool,
      blockRows,
      logits,
      order && shared ? toShared(order) : order,
    );
  }

  pass(b: Float64Array, active: Uint8Array, keepRelative?: number, fast = false): PriorPassSummary {
    const k = this.cols;
    const offset = new Float64Array(k);
    for (let j = 0; j < k; j++) offset[j] = active[j] ? b[j] : -Infinity;
    const keep = keepRelative !== undefined;
    const check = this.file !== undefined && !this.checked;
    const args: PriorPassBlockArgs = {
      logits: this.logits,
      rows: this.rows,
      cols: k,
      labels: this.labels,
      rowOrder: this.rowOrder,
      scale: this.scale,
      offset,
      keepRelative: keep ? keepRelative : -1,
      blockRows: this.blockRows,
      fast: fast && this.fastPasses,
      job: this.job,
      ...this.outputs,
      summary: check ? sharedFloat64(3 * this.blocks) : undefined,
    };
    readingFile(this.file, () => this.pool.run('prior-pass', args, this.blocks));
    if (this.file && args.summary) {
      checkFileLogitsSummary(this.file, args.summary, this.blockRows, this.scale);
      this.checked = true;
    }
    this.passCount++;
    if (keep) this.kept = true;
    const { loss, probabilitySum, diagonalSum, keptSum, keptCount } = this.outputs;
    let total = 0;
    let count = 0;
    for (let block = 0; block < this.blocks; block++) {
      total += loss[block];
      count += keptCount[block];
    }
    const summary: PriorPassSummary = {
      loss: total / this.rows,
      meanProbability: this.blockMean(probabilitySum),
      keptCount: keep ? count : 0,
    };
    if (keep) {
      summary.diagonal = this.blockMean(diagonalSum);
      summary.keptMean = this.blockMean(keptSum);
    }
    return summary;
  }

  hessianTimes(v: Float64Array, out: Float64Array): void {
    if (!this.kept) throw new Error('prior Hessian product before any keeping pass');
    this.pool.run('prior-hessian', { v, cols: this.cols, job: this.job, out: this.hv }, this.blocks);
    this.hessianProducts++;
    out.fill(0);
    this.addBlocks(this.hv, out);
  }

  /** Frees the lanes' kept probabilities and closes the pool if this object opened it. */
  close(): void {
    this.pool.run('prior-release', { job: this.job }, this.pool.threads);
    if (this.ownsPool) this.pool.close();
  }

  /** Block partial sums added in block order, divided by the row count. */
  private blockMean(partials: Float64Array): Float64Array {
    const out = new Float64Array(this.cols);
    this.addBlocks(partials, out);
    for (let j = 0; j < this.cols; j++) out[j] /= this.rows;
    return out;
  }

  private addBlocks(partials: Float64Array, out: Float64Array): void {
    const k = this.cols;
    for (let block = 0; block < this.blocks; block++) {
      const o = block * k;
      for (let j = 0; j < k; j++) out[j] += partials[o + j];
    }
  }
}
