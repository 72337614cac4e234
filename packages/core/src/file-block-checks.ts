import { MAX_LOGIT_MAGNITUDE, InputError, checkLogits } from './validate.js';
import type { NpyFileRows } from './npy-file-rows.js';
import { NpyRowReader } from './npy-row-reader.js';

/** How an input's values are checked: its name in messages and its largest scale (1 / T; default 1). */
export interface InputCheck {
  name: string;
  scale: number;
}

/** One input read from its file by the lanes, with the summaries they wrote (see `ScoreRowsArgs.summaries`). */
export interface FileBlockSummaries {
  rows: NpyFileRows;
  /** Three float64 per block: non-finite flag (2: the file ended early), largest magnitude, largest spread. */
  summaries: Float64Array;
  check?: InputCheck;
}

/**
 * The input checks of values the lanes read from their files: the first block (in row order, inputs in the order
 * given within a block) that is not finite or too large is read again here and checked by `checkLogits`, whose
 * one-line message names the input, the row in the whole file and the column, as when the file is read whole.
 * @param blockRows rows per block
 * @throws InputError naming the input (default: its path) and the first bad value, or a file that shrank
 */
export function checkFileBlocks(inputs: readonly FileBlockSummaries[], blockRows: number): void {
  if (inputs.length === 0) return;
  const blocks = Math.ceil(inputs[0].rows.rows / blockRows);
  for (let b = 0; b < blocks; b++) {
    for (const { rows, summaries, check } of inputs) {
      const name = check?.name ?? rows.file;
      const scale = check?.scale ?? 1;
      const flag = summaries[3 * b];
      if (flag === 2) throw new InputError(`${name}: file shrank while being read`);
      if (flag === 0 && summaries[3 * b + 1] * scale <= MAX_LOGIT_MAGNITUDE) continue;
      const start = b * blockRows;
      const reader = NpyRowReader.open(rows.file, name);
      try {
        const part = reader.readRows(start, Math.min(blockRows, rows.rows - start));
        checkLogits(part, { what: name, firstRow: start, magnitudeScale: scale });
      } finally {
        reader.close();
      }
      // The block read again passes: the file changed between the two reads.
      throw new InputError(`${name}: file changed while being read`);
    }
  }
}
