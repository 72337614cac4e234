import type { NpyFileLogits } from '../logit-rows.js';
import { readFileRows } from '../npy-file-logits.js';
import { MAX_SCALED_LOGIT_SPREAD, checkFinite, checkLogitSpread } from '../validate.js';

/**
 * The input checks of `estimatePrior` (every value finite, then the largest row spread times `scale` at most
 * {@link MAX_SCALED_LOGIT_SPREAD}) for logits left in their file, from the per-block summaries the first pass wrote
 * (non-finite flag, largest magnitude, largest row spread; blocks of `blockRows` rows). On a failure the block at
 * fault is read again and checked as a matrix, so the message is the one the whole matrix gives: the same text,
 * naming the file, the row and the column (the first non-finite value in row order; the widest row, the first of
 * equals). A `scale` of 0 checks finiteness only.
 * @throws InputError (one line naming the file) when a check fails
 */
export function checkFileLogitsSummary(
  file: NpyFileLogits,
  summary: Float64Array,
  blockRows: number,
  scale: number,
): void {
  const blocks = summary.length / 3;
  const blockAt = (block: number) => {
    const first = block * blockRows;
    return { first, rows: readFileRows(file, first, Math.min(file.rows, first + blockRows) - first) };
  };
  for (let block = 0; block < blocks; block++) {
    if (summary[3 * block] === 0) continue;
    const { first, rows } = blockAt(block);
    checkFinite(rows, file.what, first);
    throw new Error(`${file.what}: block ${block} summarised as non-finite but its values are finite`);
  }
  let widest = 0;
  for (let block = 1; block < blocks; block++) if (summary[3 * block + 2] > summary[3 * widest + 2]) widest = block;
  // (max_i d_i) * s equals max_i (d_i * s) for s > 0, as in checkLogitSpread.
  if (summary[3 * widest + 2] * scale <= MAX_SCALED_LOGIT_SPREAD) return;
  const { first, rows } = blockAt(widest);
  checkLogitSpread(rows, scale, file.what, first);
  throw new Error(`${file.what}: block ${widest} summarised as too wide but its rows are not`);
}
