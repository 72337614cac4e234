import type { Matrix } from './matrix.js';
import { ParallelPool } from './parallel-pool.js';
import type { KernelCombination, KernelGrid, ScoreRowsArgs } from './score-rows-kernel.js';
import { sharedFloat64, sharedInt32, toShared } from './shared-arrays.js';
import { type NpyFileRows, isNpyFileRows } from './npy-file-rows.js';
import { type FileBlockSummaries, type InputCheck, checkFileBlocks } from './file-block-checks.js';

/** Logits held in memory, or a float32 / float64 `.npy` file the lanes read block by block. */
export type ScoredLogits = Matrix | NpyFileRows;

/**
 * A linear combination of zero-shot and fine-tuned logits with per-class shifts:
 * `(zeroShotWeight * zs + zeroShotShift) + (fineTunedWeight * ft + fineTunedShift)`. A term whose weight is 0
 * and that has no shift is left out. Zero-shot: `{ zeroShotWeight: 1 }`; debiased zero-shot:
 * `{ zeroShotWeight: 1 / T, zeroShotShift: -log q }`; output ensemble: weights `1 - alpha` and `alpha`; GLA:
 * both weights 1 / T with shifts `-log q` and `-log pi_s`.
 */
export interface LogitCombination {
  /** Multiplier of the zero-shot logits; default 0. */
  zeroShotWeight?: number;
  /** Added to every row of the zero-shot term, K entries; default none. */
  zeroShotShift?: ArrayLike<number>;
  /** Multiplier of the fine-tuned logits; default 0. */
  fineTunedWeight?: number;
  /** Added to every row of the fine-tuned term, K entries; default none. */
  fineTunedShift?: ArrayLike<number>;
}

/** What the metrics need from one combination: per row, the prediction and its softmax probability. */
export interface CombinationScores {
  /** Argmax of each row (first index on ties). */
  predictions: Int32Array;
  /** Max-softmax probability of each row, in (0, 1]. */
  confidence: Float64Array;
}

/** Threading of {@link scoreCombinations}. */
export interface ScoreOptions {
  /** A pool to run on (left open); default: a pool of `threads` lanes opened for the call. */
  pool?: ParallelPool;
  /** Lanes when `pool` is absent; default 1 (this thread only, no workers). */
  threads?: number;
  /** Rows per unit of work; default 256 (results never depend on it: every row is computed on its own). */
  blockRows?: number;
  /**
   * Names and scales of the inputs read from their files, for the checks of their values (finite, magnitude
   * times scale); default their paths and 1. Inputs in memory are the caller's to check.
   */
  checks?: { zeroShot?: InputCheck; fineTuned?: InputCheck };
}

/**
 * Predictions and confidences of several combinations of the same two logit matrices in one sweep over the
 * rows: per row and combination, one pass to form the values and their argmax and one for the softmax
 * denominator, in a K-length scratch row. Memory: N x (4 + 8) bytes per combination, never N x K. Output
 * ensembles at three or more equally spaced alphas (an alpha sweep, zero-shot and fine-tuned included as alpha 0
 * and 1) share their exponentials: two per class for the whole sweep (see `scoreRowBlocks`).
 * With a pool of several lanes, inputs not on a SharedArrayBuffer are copied once. An input given as a file
 * (`NpyFileRows`) is read by each lane, block by block, straight into its kernel memory (never whole, never
 * copied on this thread), and its values are checked as they are read (see `checkFileBlocks`).
 * @throws RangeError on mismatched shapes or a combination that uses no input; InputError on a non-finite or
 *   too large value in a file input (no scores are returned then)
 */
export function scoreCombinations(
  zeroShot: ScoredLogits | undefined,
  fineTuned: ScoredLogits | undefined,
  combinations: readonly LogitCombination[],
  options: ScoreOptions = {},
): CombinationScores[] {
  const shape = zeroShot ?? fineTuned;
  if (!shape) throw new RangeError('scoreCombinations: no logits given');
  if (zeroShot && fineTuned && (zeroShot.rows !== fineTuned.rows || zeroShot.cols !== fineTuned.cols)) {
    throw new RangeError(
      `scoreCombinations: zero-shot logits are ${zeroShot.rows} x ${zeroShot.cols}, fine-tuned ${fineTuned.rows} x ${fineTuned.cols}`,
    );
  }
  const { rows, cols } = shape;
  const pool = options.pool ?? ParallelPool.open(options.threads ?? 1);
  try {
    const shared = pool.threads > 1;
    const make = shared ? sharedInt32 : (n: number) => new Int32Array(n);
    const makeF = shared ? sharedFloat64 : (n: number) => new Float64Array(n);
    const kernelCombinations = combinations.map((c, index) => ({
      ...kernelCombination(c, index, cols, zeroShot !== undefined, fineTuned !== undefined),
      output: index,
    }));
    const grid = zeroShot && fineTuned ? ensembleGrid(combinations) : undefined;
    const blockRows = options.blockRows ?? 256;
    const blocks = Math.ceil(rows / blockRows);
    const held = (m: ScoredLogits | undefined) =>
      m === undefined ? null : isNpyFileRows(m) ? m : shared ? toShared(m.data) : m.data;
    const summaries = (m: ScoredLogits | undefined) => (m && isNpyFileRows(m) ? makeF(3 * blocks) : undefined);
    const args: ScoreRowsArgs = {
      zeroShot: held(zeroShot),
      fineTuned: held(fineTuned),
      rows,
      cols,
      blockRows,
      combinations: grid ? kernelCombinations.filter((c) => !grid.members.includes(c.output)) : kernelCombinations,
      grids: grid ? [grid] : [],
      predictions: combinations.map(() => make(rows)),
      confidence: combinations.map(() => makeF(rows)),
      summaries: { zeroShot: summaries(zeroShot), fineTuned: summaries(fineTuned) },
    };
    pool.run('score-rows', args, blocks);
    const read: FileBlockSummaries[] = [];
    if (zeroShot && isNpyFileRows(zeroShot))
      read.push({
        rows: zeroShot,
        summaries: args.summaries.zeroShot as Float64Array,
        check: options.checks?.zeroShot,
      });
    if (fineTuned && isNpyFileRows(fineTuned))
      read.push({
        rows: fineTuned,
        summaries: args.summaries.fineTuned as Float64Array,
        check: options.checks?.fineTuned,
      });
    checkFileBlocks(read, blockRows);
    return combinations.map((_, c) => ({ predictions: args.predictions[c], confidence: args.confidence[c] }));
  } finally {
    if (!options.pool) pool.close();
  }
}

/** {@link scoreCombinations} for one combination. */
export function scoreCombination(
  zeroShot: ScoredLogits | undefined,
  fineTuned: ScoredLogits | undefined,
  combination: LogitCombination,
  options: ScoreOptions = {},
): CombinationScores {
  return scoreCombinations(zeroShot, fineTuned, [combination], options)[0];
}

function kernelCombination(
  c: LogitCombination,
  index: number,
  cols: number,
  hasZeroShot: boolean,
  hasFineTuned: boolean,
): KernelCombination {
  const useZeroShot = (c.zeroShotWeight ?? 0) !== 0 || c.zeroShotShift !== undefined;
  const useFineTuned = (c.fineTunedWeight ?? 0) !== 0 || c.fineTunedShift !== undefined;
  if (!useZeroShot && !useFineTuned) throw new RangeError(`combination ${index} uses neither logit matrix`);
  if ((useZeroShot && !hasZeroShot) || (useFineTuned && !hasFineTuned))
    throw new RangeError(`combination ${index} uses logits that were not given`);
  return {
    useZeroShot,
    zeroShotWeight: c.zeroShotWeight ?? 0,
    zeroShotShift: shiftVector(c.zeroShotShift, cols, index),
    useFineTuned,
    fineTunedWeight: c.fineTunedWeight ?? 0,
    fineTunedShift: shiftVector(c.fineTunedShift, cols, index),
  };
}

/**
 * The output ensembles among the combinations (no shifts, weights 1 - alpha and alpha), when there are at least
 * three at equally spaced alphas (to 1e-13 of the spacing, so that one ratio per class serves every step).
 */
function ensembleGrid(combinations: readonly LogitCombination[]): KernelGrid | undefined {
  const members = combinations
    .map((c, index) => ({
      index,
      a: c.zeroShotWeight ?? 0,
      b: c.fineTunedWeight ?? 0,
      plain: c.zeroShotShift === undefined && c.fineTunedShift === undefined,
    }))
    .filter((c) => c.plain && c.a === 1 - c.b)
    .sort((p, q) => p.b - q.b);
  if (members.length < 3) return undefined;
  const step = (members[members.length - 1].b - members[0].b) / (members.length - 1);
  const spaced = step > 0 && members.every((m, k) => Math.abs(m.b - (members[0].b + k * step)) <= 1e-13 * step);
  if (!spaced) return undefined;
  return {
    members: members.map((m) => m.index),
    zeroShotWeights: members.map((m) => m.a),
    fineTunedWeights: members.map((m) => m.b),
    step,
  };
}

function shiftVector(shift: ArrayLike<number> | undefined, cols: number, index: number): Float64Array {
  if (shift === undefined) return new Float64Array(cols);
  if (shift.length !== cols)
    throw new RangeError(`combination ${index}: shift has ${shift.length} entries, expected ${cols}`);
  return Float64Array.from(shift);
}
