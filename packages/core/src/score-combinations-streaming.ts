import type { Matrix } from './matrix.js';
import { ParallelPool } from './parallel-pool.js';
import {
  type CombinationScores,
  type LogitCombination,
  type ScoreOptions,
  scoreCombinations,
} from './score-combination.js';
import { checkFinite } from './validate.js';
import type { NpyFileLogits } from './logit-rows.js';
import { defaultChunkRows } from './chunk-rows.js';

/** Rows of a logit matrix read on demand (e.g. `NpyRowReader`). */
export interface RowSource {
  readonly rows: number;
  readonly cols: number;
  /**
   * Rows [start, start + count) as a count x cols matrix, on a SharedArrayBuffer when `shared`; with `reuse`, the
   * source may overwrite the matrix it returned on its previous call with `reuse` (chunked scoring).
   */
  readRows(start: number, count: number, shared?: boolean, reuse?: boolean): Matrix;
  /**
   * Its float32 / float64 file, when worker lanes may read the rows there (`NpyRowReader`): where they lie, and the
   * file's identity to check it unchanged afterwards.
   */
  fileLogits?(): NpyFileLogits | undefined;
}

/** Options of {@link scoreCombinationsStreaming}: threading plus the chunk size and input names. */
export interface StreamingScoreOptions extends ScoreOptions {
  /** Rows read and scored at a time; default `defaultChunkRows(K)` (about 16 MiB of float32 per input). */
  chunkRows?: number;
  /** Names of the inputs in error messages; default 'zero-shot logits' and 'fine-tuned logits'. */
  names?: { zeroShot?: string; fineTuned?: string };
}

/**
 * {@link scoreCombinations} over logits too large for memory: reads `chunkRows` rows of each input at a time,
 * checks that they are finite, scores them, and keeps only the per-row results (N x 12 bytes per combination).
 * Every row is scored on its own, so the results are byte-identical to scoring the whole matrices at once, for
 * any chunk size and thread count. Peak memory: one chunk of each input plus the results.
 * @throws InputError naming the input, row and column of a non-finite value; RangeError on mismatched shapes
 */
export function scoreCombinationsStreaming(
  zeroShot: RowSource | undefined,
  fineTuned: RowSource | undefined,
  combinations: readonly LogitCombination[],
  options: StreamingScoreOptions = {},
): CombinationScores[] {
  const shape = zeroShot ?? fineTuned;
  if (!shape) throw new RangeError('scoreCombinationsStreaming: no logits given');
  if (zeroShot && fineTuned && (zeroShot.rows !== fineTuned.rows || zeroShot.cols !== fineTuned.cols))
    throw new RangeError(
      `scoreCombinationsStreaming: zero-shot logits are ${zeroShot.rows} x ${zeroShot.cols}, fine-tuned ${fineTuned.rows} x ${fineTuned.cols}`,
    );
  const { rows } = shape;
  const chunkRows = options.chunkRows ?? defaultChunkRows(shape.cols);
  if (!Number.isInteger(chunkRows) || chunkRows < 1)
    throw new RangeError(`chunkRows must be a positive integer, got ${chunkRows}`);
  const names = { zeroShot: 'zero-shot logits', fineTuned: 'fine-tuned logits', ...options.names };
  const pool = options.pool ?? ParallelPool.open(options.threads ?? 1);
  const shared = pool.threads > 1;
  try {
    const out: CombinationScores[] = combinations.map(() => ({
      predictions: new Int32Array(rows),
      confidence: new Float64Array(rows),
    }));
    for (let start = 0; start < rows; start += chunkRows) {
      const count = Math.min(chunkRows, rows - start);
      const zs = zeroShot?.readRows(start, count, shared, true);
      const ft = fineTuned?.readRows(start, count, shared, true);
      if (zs) checkFinite(zs, names.zeroShot, start);
      if (ft) checkFinite(ft, names.fineTuned, start);
      const scores = scoreCombinations(zs, ft, combinations, { pool, blockRows: options.blockRows });
      scores.forEach((s, c) => {
        out[c].predictions.set(s.predictions, start);
        out[c].confidence.set(s.confidence, start);
      });
    }
    return out;
  } finally {
    if (!options.pool) pool.close();
  }
}
