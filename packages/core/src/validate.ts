import { UserError } from './user-error.js';
import type { Matrix } from './matrix.js';

/** Thrown by core functions on invalid input; `message` is one line, suitable for a CLI error. */
export class InputError extends UserError {
  override name = 'InputError';
}

/**
 * Checks that labels are integers in [0, classes) and that there is one per row.
 * @param what a name for the input used in the message (e.g. a file name).
 */
export function checkLabels(labels: Int32Array, rows: number, classes: number, what = 'labels'): void {
  if (labels.length !== rows) {
    throw new InputError(`${what}: ${labels.length} labels for ${rows} rows of logits`);
  }
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (y < 0 || y >= classes) {
      throw new InputError(`${what}: label ${y} at index ${i} is outside [0, ${classes})`);
    }
  }
}

/** Checks that every value is finite (no NaN or +-Inf). */
export function checkFinite(m: Matrix, what = 'logits'): void {
  const { data, cols } = m;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new InputError(`${what}: non-finite value ${data[i]} at row ${Math.floor(i / cols)}, column ${i % cols}`);
    }
  }
}

/**
 * Checks a prior: length K, finite, strictly positive. Returns it renormalised to sum 1, with the raw sum,
 * because a prior that does not sum to 1 (the authors' q sums to 0.804) is accepted: rescaling q never changes
 * a prediction.
 */
export function checkPrior(
  prior: ArrayLike<number>,
  classes: number,
  what = 'prior',
): { prior: Float64Array; rawSum: number } {
  if (prior.length !== classes) throw new InputError(`${what}: has ${prior.length} entries, expected ${classes}`);
  let sum = 0;
  for (let j = 0; j < prior.length; j++) {
    const v = prior[j];
    if (!Number.isFinite(v) || v <= 0)
      throw new InputError(`${what}: entry ${j} is ${v}, priors must be finite and > 0`);
    sum += v;
  }
  const out = new Float64Array(classes);
  for (let j = 0; j < classes; j++) out[j] = prior[j] / sum;
  return { prior: out, rawSum: sum };
}
