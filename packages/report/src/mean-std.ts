import { messages } from './messages.js';
import type { MeanStd } from './result-table.js';

/** Options of {@link meanStd}. */
export interface MeanStdOptions {
  /** Delta degrees of freedom: 1 = sample std (default), 0 = population std. */
  ddof?: 0 | 1;
}

/**
 * Summarises repeated runs (e.g. seeds 1/2/3) into a mean±std cell.
 * Default `ddof` 1 (sample standard deviation); a single value with ddof 1
 * throws, use ddof 0 to get std 0. Throws on an empty list.
 */
export function meanStd(values: readonly number[], options: MeanStdOptions = {}): MeanStd {
  const ddof = options.ddof ?? 1;
  const n = values.length;
  if (n === 0) throw new Error(messages.emptySample());
  if (n <= ddof) throw new Error(messages.tooFewForStd(n, ddof));
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const ss = values.reduce((s, v) => s + (v - mean) ** 2, 0);
  return { mean, std: Math.sqrt(ss / (n - ddof)), n };
}
