import { defaultThreads } from '@gla/core';

/**
 * Rows per block of the exact solver's parallel passes: core's default `blockRows`. A block is the unit of work,
 * so more threads than blocks only start idle workers (each costs start-up time and memory).
 */
const ROWS_PER_BLOCK = 512;

/**
 * The thread count worth starting: at most the machine's cores and the number of row blocks. Results do not
 * depend on it (blocks are summed in a fixed order), so capping changes no number.
 * @param requested threads asked for (a positive integer).
 * @param rows rows of the logits.
 * @param note called with a one-line note when the request was capped; omit to cap silently (the default).
 */
export function usefulThreads(requested: number, rows: number, note?: (line: string) => void): number {
  const cores = defaultThreads();
  const blocks = Math.max(1, Math.ceil(rows / ROWS_PER_BLOCK));
  const useful = Math.min(requested, cores, blocks);
  if (useful < requested)
    note?.(
      `note: --threads ${requested} capped at ${useful} (${cores} core(s), ${blocks} block(s) of ${ROWS_PER_BLOCK} rows); the result does not depend on it`,
    );
  return useful;
}
