import { messages } from './messages.js';

/**
 * Centred moving average. Each output i is the mean of the inputs within
 * `floor((window-1)/2)` before and `ceil((window-1)/2)` after i, with the
 * window truncated at both ends (so the output has the input's length and
 * the ends are averages of fewer values, not padded). `window` 1 returns a
 * copy. Throws unless `window` is a positive integer.
 */
export function movingAverage(values: readonly number[], window: number): number[] {
  if (!Number.isInteger(window) || window < 1) throw new Error(messages.badWindow(window));
  const before = Math.floor((window - 1) / 2);
  const after = window - 1 - before;
  const prefix = [0];
  for (const v of values) prefix.push(prefix[prefix.length - 1] + v);
  return values.map((_, i) => {
    const lo = Math.max(0, i - before);
    const hi = Math.min(values.length - 1, i + after);
    return (prefix[hi + 1] - prefix[lo]) / (hi - lo + 1);
  });
}

/** The default smoothing window for K classes: `max(1, round(K / 20))`. */
export function defaultSmoothingWindow(classCount: number): number {
  return Math.max(1, Math.round(classCount / 20));
}
