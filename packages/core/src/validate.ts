import { UserError } from './user-error.js';
import type { Matrix } from './matrix.js';
import type { ParallelPool } from './parallel-pool.js';
import { summariseLogits } from './logit-summary.js';

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

/**
 * Checks that every value is finite (no NaN or +-Infinity), in one SIMD pass (`summariseLogits`); the first
 * non-finite value, in row order, is named.
 * @param firstRow the row of the whole input that `m` starts at (a chunk of a larger file), for the message; default 0
 */
export function checkFinite(m: Matrix, what = 'logits', firstRow = 0): void {
  if (!summariseLogits(m).finite) throwFirstNonFinite(m, what, firstRow);
}

/** The scalar scan behind a failed check: finds and names the first non-finite value. */
function throwFirstNonFinite(m: Matrix, what: string, firstRow: number): void {
  const { data, cols } = m;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new InputError(
        `${what}: non-finite value ${data[i]} at row ${firstRow + Math.floor(i / cols)}, column ${i % cols}`,
      );
    }
  }
}

/** Options of {@link checkLogits}. */
export interface CheckLogitsOptions {
  /** How messages name the matrix; default 'logits'. */
  what?: string;
  /** The row of the whole input that the matrix starts at, for messages; default 0. */
  firstRow?: number;
  /** Multiplier (1 / temperature) for the magnitude check; default 1. */
  magnitudeScale?: number;
  /** Multiplier (1 / temperature) for the spread check ({@link checkLogitSpread}); default: no spread check. */
  spreadScale?: number;
  /** A pool whose lanes share the pass (left open); default this thread only. */
  pool?: ParallelPool;
}

/**
 * {@link checkFinite}, {@link checkLogitMagnitude} and, with `spreadScale`, {@link checkLogitSpread} from one
 * read of the values (one `summariseLogits` pass, split over `pool`'s lanes), with the same messages in that
 * order of precedence.
 * @throws InputError (one line naming `what`) on the first check that fails
 */
export function checkLogits(m: Matrix, options: CheckLogitsOptions = {}): void {
  const { what = 'logits', firstRow = 0, magnitudeScale = 1, spreadScale } = options;
  const summary = summariseLogits(m, options.pool);
  if (!summary.finite) throwFirstNonFinite(m, what, firstRow);
  if (!(summary.maxAbs * magnitudeScale <= MAX_LOGIT_MAGNITUDE))
    throwLargestMagnitude(m, magnitudeScale, what, firstRow);
  if (spreadScale !== undefined && !(summary.maxSpread * spreadScale <= MAX_SCALED_LOGIT_SPREAD))
    throwWidestSpread(m, spreadScale, what, firstRow);
}

/**
 * Checks a prior: length K, finite, strictly positive. Returns it renormalised to sum 1, its logarithm and the raw
 * sum, because a prior that does not sum to 1 (the authors' q sums to 0.804) is accepted: rescaling q never
 * changes a prediction. Entries are divided by the largest one before summing and the logarithm is taken of the
 * raw entries, so no finite positive input gives a zero or an infinite log: four entries of 1e308 (whose sum
 * overflows) give the uniform prior, and [1e300, 1e-300] keeps its ratio in `logPrior` although the normalised
 * small entry underflows to 0 in `prior`.
 * @returns `prior` (sums to 1), `logPrior` (natural log of `prior`, always finite), `rawSum` (may be Infinity
 *   when the entries' sum overflows; it is only reported).
 */
export function checkPrior(
  prior: ArrayLike<number>,
  classes: number,
  what = 'prior',
): { prior: Float64Array; logPrior: Float64Array; rawSum: number } {
  if (prior.length !== classes) throw new InputError(`${what}: has ${prior.length} entries, expected ${classes}`);
  let max = 0;
  let rawSum = 0;
  for (let j = 0; j < prior.length; j++) {
    const v = prior[j];
    if (!Number.isFinite(v) || v <= 0)
      throw new InputError(`${what}: entry ${j} is ${v}, priors must be finite and > 0`);
    if (v > max) max = v;
    rawSum += v;
  }
  const out = new Float64Array(classes);
  const logOut = new Float64Array(classes);
  if (Number.isFinite(rawSum)) {
    // The usual case, computed as it always was (results stay byte-identical); a quotient that underflows
    // (ratios beyond 1e308) takes its logarithm in log space.
    const logSum = Math.log(rawSum);
    for (let j = 0; j < classes; j++) {
      out[j] = prior[j] / rawSum;
      logOut[j] = out[j] > 0 ? Math.log(out[j]) : Math.log(prior[j]) - logSum;
    }
    return { prior: out, logPrior: logOut, rawSum };
  }
  // The sum overflowed: scaled by the maximum, every term is in (0, 1] and the sum in [1, K].
  let scaledSum = 0;
  for (let j = 0; j < classes; j++) scaledSum += prior[j] / max;
  const logNorm = Math.log(max) + Math.log(scaledSum);
  for (let j = 0; j < classes; j++) {
    out[j] = prior[j] / max / scaledSum;
    logOut[j] = out[j] > 0 ? Math.log(out[j]) : Math.log(prior[j]) - logNorm;
  }
  return { prior: out, logPrior: logOut, rawSum };
}

/**
 * Checks a temperature: finite and > 0 (logits are divided by it, so 0 gives Infinity and a negative value
 * reverses every ranking).
 * @param what how the message names it (a flag, a config key, a file).
 */
export function checkTemperature(value: number, what = 'temperature'): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw new InputError(`${what}: must be a finite number > 0, got ${value}`);
  return value;
}

/**
 * The largest spread the exact prior solver accepts: max_i (max_j z_ij - min_j z_ij) / T. The optimal q spans
 * about e^spread, and doubles end at e^+-708; CLIP logits (100 x cosine) span about 30 at T = 1.
 */
export const MAX_SCALED_LOGIT_SPREAD = 700;

/**
 * Refuses logits whose largest row spread, divided by the temperature, exceeds {@link MAX_SCALED_LOGIT_SPREAD}:
 * the prior would leave the range of doubles (zeros or NaN), so the solver is not started.
 * @param scale the multiplier of the logits (1 / temperature).
 * @param firstRow the row of the whole input that `m` starts at (a block of a larger file), for the message; default 0
 */
export function checkLogitSpread(m: Matrix, scale: number, what = 'logits', firstRow = 0): void {
  const summary = summariseLogits(m);
  // (max_i d_i) * s equals max_i (d_i * s) for s > 0: rounding a product is monotone in d.
  if (!summary.finite || !(summary.maxSpread * scale <= MAX_SCALED_LOGIT_SPREAD))
    throwWidestSpread(m, scale, what, firstRow);
}

/** The scalar scan behind a failed (or non-finite) spread check: names the widest row, or returns. */
function throwWidestSpread(m: Matrix, scale: number, what: string, firstRow = 0): void {
  const { data, rows, cols } = m;
  let worst = 0;
  let worstRow = 0;
  for (let i = 0; i < rows; i++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let j = i * cols; j < (i + 1) * cols; j++) {
      const v = data[j];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const spread = (hi - lo) * scale;
    if (spread > worst) {
      worst = spread;
      worstRow = i;
    }
  }
  if (!(worst <= MAX_SCALED_LOGIT_SPREAD))
    throw new InputError(
      `${what}: logits divided by the temperature span ${worst.toPrecision(3)} in row ${firstRow + worstRow}, more than the ${MAX_SCALED_LOGIT_SPREAD} the prior estimate can represent in doubles (q would span e^${worst.toPrecision(3)}); use a larger temperature`,
    );
}

/**
 * The largest logit magnitude (after dividing by the temperature) the scorers accept: GLA adds two models' logits
 * and two log priors, so beyond this a sum could overflow to Infinity and the softmax turn into NaN. Real logits
 * (CLIP: 100 x cosine) are below 1e3.
 */
export const MAX_LOGIT_MAGNITUDE = 1e300;

/**
 * Refuses logits some of whose entries, times `scale` (1 / temperature), exceed {@link MAX_LOGIT_MAGNITUDE} in
 * magnitude. One SIMD pass (`summariseLogits`); the scalar scan runs only to name the entry that fails.
 * @param scale the multiplier of the logits (1 / temperature); default 1.
 * @param firstRow the row of the whole input that `m` starts at, for the message; default 0
 */
export function checkLogitMagnitude(m: Matrix, scale = 1, what = 'logits', firstRow = 0): void {
  const summary = summariseLogits(m);
  if (!summary.finite || !(summary.maxAbs * scale <= MAX_LOGIT_MAGNITUDE))
    throwLargestMagnitude(m, scale, what, firstRow);
}

/** The scalar scan behind a failed (or non-finite) magnitude check: names the largest entry, or returns. */
function throwLargestMagnitude(m: Matrix, scale: number, what: string, firstRow: number): void {
  const { data, cols } = m;
  let worst = 0;
  let at = 0;
  for (let i = 0; i < data.length; i++) {
    const v = Math.abs(data[i]);
    if (v > worst) {
      worst = v;
      at = i;
    }
  }
  if (!(worst * scale <= MAX_LOGIT_MAGNITUDE))
    throw new InputError(
      `${what}: the logit at row ${firstRow + Math.floor(at / cols)}, column ${at % cols} has magnitude ${(worst * scale).toPrecision(3)} after dividing by the temperature, beyond ${MAX_LOGIT_MAGNITUDE}: sums of logits would overflow`,
    );
}
