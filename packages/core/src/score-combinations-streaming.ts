import type { InputCheck } from './file-block-checks.js';
import type { LogitSource, MethodTerm } from './methods.js';
import type { CombinationScores, LogitCombination } from './score-combination.js';
import { type MethodChunkOptions, scoreMethodChunks } from './score-method-chunks.js';
import type { RowSource } from './row-source.js';

/** Options of {@link scoreCombinationsStreaming}: the chunked scorer's (pool, threads, chunkRows), and names. */
export interface StreamingScoreOptions extends MethodChunkOptions {
  /** Names of the inputs in error messages; default 'zero-shot logits' and 'fine-tuned logits'. */
  names?: { zeroShot?: string; fineTuned?: string };
}

/**
 * {@link scoreCombinations} over logits too large for memory: reads `chunkRows` rows of each input at a time,
 * checks them (finite, and not too large), scores them, and keeps only the per-row results (N x 12 bytes per
 * combination); float32 / float64 files (`RowSource.fileLogits`) are read by the lanes themselves. The
 * combinations are scored as method terms by `scoreMethodChunks`, the scorer `evaluateRun` uses. Every row is
 * scored on its own, so the results are byte-identical to scoring the whole matrices at once, for any chunk size
 * and thread count; identical combinations (an ensemble at alpha 0 and the zero-shot logits alone, say) are scored
 * once, as `evaluateRun` does. Peak memory: one chunk of each input plus the results.
 * @throws InputError naming the input, row and column of a non-finite value; RangeError on mismatched shapes
 */
export function scoreCombinationsStreaming(
  zeroShot: RowSource | undefined,
  fineTuned: RowSource | undefined,
  combinations: readonly LogitCombination[],
  options: StreamingScoreOptions = {},
): CombinationScores[] {
  if (!zeroShot && !fineTuned) throw new RangeError('scoreCombinationsStreaming: no logits given');
  if (zeroShot && fineTuned && (zeroShot.rows !== fineTuned.rows || zeroShot.cols !== fineTuned.cols))
    throw new RangeError(
      `scoreCombinationsStreaming: zero-shot logits are ${zeroShot.rows} x ${zeroShot.cols}, fine-tuned ${fineTuned.rows} x ${fineTuned.cols}`,
    );
  const names = { zeroShot: 'zero-shot logits', fineTuned: 'fine-tuned logits', ...options.names };
  const sources: Partial<Record<LogitSource, RowSource>> = {};
  const checks: Partial<Record<LogitSource, InputCheck>> = {};
  if (zeroShot) {
    sources['zero-shot'] = zeroShot;
    checks['zero-shot'] = { name: names.zeroShot, scale: 1 };
  }
  if (fineTuned) {
    sources['fine-tuned'] = fineTuned;
    checks['fine-tuned'] = { name: names.fineTuned, scale: 1 };
  }
  const { pool, threads, chunkRows } = options;
  return scoreMethodChunks(sources, checks, combinations.map(methodTerms), { pool, threads, chunkRows });
}

/** A combination as method terms (the zero-shot term first); a term with weight 0 and no shift is left out. */
function methodTerms(c: LogitCombination): MethodTerm[] {
  const terms: MethodTerm[] = [];
  const add = (source: LogitSource, weight = 0, shift?: ArrayLike<number>) => {
    if (weight !== 0 || shift !== undefined)
      terms.push({ source, weight, shift: shift === undefined ? undefined : Float64Array.from(shift) });
  };
  add('zero-shot', c.zeroShotWeight, c.zeroShotShift);
  add('fine-tuned', c.fineTunedWeight, c.fineTunedShift);
  return terms;
}
