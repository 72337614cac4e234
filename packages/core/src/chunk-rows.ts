/** Bytes of one source's chunk that {@link defaultChunkRows} aims at: cache-friendly, and small beside any input. */
const CHUNK_BYTES = 2 ** 24;

/**
 * Rows per chunk when none is given: about 16 MiB of float32 logits per source (4,194 rows at K = 1,000), at least
 * one row. Chunks this size cost nothing in speed against reading files whole (the same passes; no page faults of
 * a file-sized buffer) and keep peak memory a few chunks.
 * @param cols classes K
 */
export function defaultChunkRows(cols: number): number {
  return Math.max(1, Math.floor(CHUNK_BYTES / (4 * Math.max(cols, 1))));
}
