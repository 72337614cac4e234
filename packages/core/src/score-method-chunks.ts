import type { Matrix } from './matrix.js';
import type { LogitSource } from './methods.js';
import type { MethodTerm } from './methods.js';
import { ParallelPool } from './parallel-pool.js';
import type { CombinationScores } from './score-combination.js';
import { scoreMethodTerms } from './score-methods.js';
import type { RowSource } from './row-source.js';
import { isShared } from './shared-arrays.js';
import { checkLogits } from './validate.js';
import type { InputCheck } from './file-block-checks.js';
import type { NpyFileRows } from './npy-file-rows.js';
import type { NpyFileLogits } from './logit-rows.js';
import { checkFileUnchanged } from './npy-file-logits.js';
import { defaultChunkRows } from './chunk-rows.js';

/** A logit source held whole (a matrix) or read on demand (`NpyRowReader`). */
export type LogitRows = Matrix | RowSource;

/** Whether `m` is read on demand rather than held whole. */
export function isRowSource(m: LogitRows): m is RowSource {
  return typeof (m as RowSource).readRows === 'function';
}

/** Options of {@link scoreMethodChunks}. */
export interface MethodChunkOptions {
  /** A pool to score on (left open); default: `threads` lanes opened for the call. */
  pool?: ParallelPool;
  /** Lanes when `pool` is absent; default 1. */
  threads?: number;
  /**
   * Rows read and scored at a time; default `defaultChunkRows(K)` (4,194 at K = 1,000); for sources read by
   * the lanes from their files, the rows each lane reads at a time (default 256).
   */
  chunkRows?: number;
}

/**
 * {@link scoreMethodTerms} over sources read `chunkRows` rows at a time (a row source's rows on a
 * SharedArrayBuffer when the pool has workers), each chunk checked (finite; magnitude times its scale, as
 * `evaluateRun` checks whole matrices; messages give the row in the whole file) before it is scored. Every row
 * is scored on its own, so the results are byte-identical to scoring the whole matrices, for any chunk size.
 * Peak memory: one chunk of each source plus N x 12 bytes per method. When every source is a float32 / float64
 * file (`RowSource.fileRows`), the pool's lanes read their own blocks from the files instead (same scores, same
 * checks and messages; memory one block per lane).
 */
export function scoreMethodChunks(
  sources: Partial<Record<LogitSource, LogitRows>>,
  checks: Partial<Record<LogitSource, InputCheck>>,
  termLists: readonly MethodTerm[][],
  options: MethodChunkOptions = {},
): CombinationScores[] {
  const present = Object.entries(sources) as [LogitSource, LogitRows][];
  if (present.length === 0) throw new RangeError('scoreMethodChunks: no logits given');
  const rows = present[0][1].rows;
  const chunkRows = options.chunkRows ?? defaultChunkRows(present[0][1].cols);
  if (!Number.isInteger(chunkRows) || chunkRows < 1)
    throw new RangeError(`chunkRows must be a positive integer, got ${chunkRows}`);
  // Float32 / float64 files are read by the lanes themselves, block by block, into their kernel memory: no chunk
  // buffer, no read on this thread while the workers wait, each block's values checked as it is read, and each file
  // checked unchanged afterwards (as the prior solver's passes are).
  const files = present.map(([source, m]) => [source, isRowSource(m) ? m.fileLogits?.() : undefined] as const);
  if (files.every(([, f]) => f !== undefined)) {
    const pool = options.pool ?? ParallelPool.open(options.threads ?? 1);
    const rowsOf = Object.fromEntries(files.map(([source, f]) => [source, (f as NpyFileLogits).file]));
    const score = () =>
      scoreMethodTerms(rowsOf as Partial<Record<LogitSource, NpyFileRows>>, termLists, {
        pool,
        checks,
        blockRows: options.chunkRows,
      });
    try {
      const opened = files.map(([, f]) => f as NpyFileLogits);
      let scores: CombinationScores[];
      try {
        scores = score();
      } catch (error) {
        // A lane that met the end of a truncated file fails less clearly than a changed file is reported.
        for (const f of opened) checkFileUnchanged(f);
        throw error;
      }
      for (const f of opened) checkFileUnchanged(f);
      return scores;
    } finally {
      if (!options.pool) pool.close();
    }
  }
  const pool = options.pool ?? ParallelPool.open(options.threads ?? 1);
  const shared = pool.threads > 1;
  try {
    const out: CombinationScores[] = termLists.map(() => ({
      predictions: new Int32Array(rows),
      confidence: new Float64Array(rows),
    }));
    for (let start = 0; start < rows; start += chunkRows) {
      const count = Math.min(chunkRows, rows - start);
      const chunk: Partial<Record<LogitSource, Matrix>> = {};
      for (const [source, m] of present) {
        const part = isRowSource(m) ? m.readRows(start, count, shared, true) : rowsOf(m, start, count);
        const check = checks[source];
        // One read of the chunk for both checks, on the pool's lanes when they see its memory.
        if (check)
          checkLogits(part, {
            what: check.name,
            firstRow: start,
            magnitudeScale: check.scale,
            pool: isShared(part.data) ? pool : undefined,
          });
        chunk[source] = part;
      }
      const scores = scoreMethodTerms(chunk, termLists, { pool });
      scores.forEach((s, i) => {
        out[i].predictions.set(s.predictions, start);
        out[i].confidence.set(s.confidence, start);
      });
    }
    return out;
  } finally {
    if (!options.pool) pool.close();
  }
}

/** Rows [start, start + count) of a matrix held whole, as a view (no copy). */
function rowsOf(m: Matrix, start: number, count: number): Matrix {
  return { rows: count, cols: m.cols, data: m.data.subarray(start * m.cols, (start + count) * m.cols) } as Matrix;
}
