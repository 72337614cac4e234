import type { Matrix } from './matrix.js';
import { top1Accuracy } from './metrics.js';

/** Mean max-softmax confidence of `logits / temperature`, in [0, 1]. */
export function meanConfidence(logits: Matrix, temperature: number): number {
  const { rows, cols, data } = logits;
  const scale = 1 / temperature;
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let max = -Infinity;
    for (let j = 0; j < cols; j++) if (data[o + j] > max) max = data[o + j];
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += Math.exp((data[o + j] - max) * scale);
    total += 1 / sum;
  }
  return total / rows;
}

/** Options of the paper's confidence-matching temperature search. */
export interface ConfidenceTemperatureOptions {
  /** Initial bracket; default [0.1, 10] as in the authors' code. */
  bracket?: [number, number];
  /** Factor by which a bracket end is widened while the target is outside; default 1.1. */
  widen?: number;
  /** Stop when |mean confidence - accuracy| is within this fraction; default 0.001 (0.1 pp; the code uses 0.01 for fine-tuned models). */
  tolerance?: number;
  /** Iteration cap; default 200. */
  maxIterations?: number;
}

/** Result of a temperature search. */
export interface TemperatureResult {
  temperature: number;
  /** Accuracy the confidence was matched to (confidence matching only). */
  accuracy?: number;
  /** Mean max-softmax confidence at the returned temperature. */
  confidence?: number;
  iterations: number;
}

/**
 * The paper's temperature: T such that the mean max-softmax confidence of `logits / T` equals the top-1 accuracy
 * on the same (estimation) set. Bracketed interpolation search from [0.1, 10], widening an end by 1.1 while the
 * target lies outside, then regula falsi (Illinois variant, so it cannot stall on one end) until within tolerance.
 * Confidence decreases in T, so the match is unique.
 */
export function confidenceTemperature(
  logits: Matrix,
  labels: Int32Array,
  options: ConfidenceTemperatureOptions = {},
): TemperatureResult {
  const { bracket = [0.1, 10], widen = 1.1, tolerance = 0.001, maxIterations = 200 } = options;
  const accuracy = top1Accuracy(logits, labels);
  let [lo, hi] = bracket;
  let fLo = meanConfidence(logits, lo) - accuracy; // >= 0 when lo is low enough
  let fHi = meanConfidence(logits, hi) - accuracy; // <= 0 when hi is high enough
  let iterations = 0;
  // Confidence is bounded by [1/K, 1]; an accuracy outside it cannot be matched exactly, and the widening stops.
  while (fLo < 0 && iterations < maxIterations && lo > 1e-6) {
    lo /= widen;
    fLo = meanConfidence(logits, lo) - accuracy;
    iterations++;
  }
  while (fHi > 0 && iterations < maxIterations && hi < 1e6) {
    hi *= widen;
    fHi = meanConfidence(logits, hi) - accuracy;
    iterations++;
  }
  if (Math.abs(fLo) <= tolerance) return { temperature: lo, accuracy, confidence: fLo + accuracy, iterations };
  if (Math.abs(fHi) <= tolerance) return { temperature: hi, accuracy, confidence: fHi + accuracy, iterations };
  if (fLo < 0) return { temperature: lo, accuracy, confidence: fLo + accuracy, iterations };
  if (fHi > 0) return { temperature: hi, accuracy, confidence: fHi + accuracy, iterations };
  let side = 0;
  let t = lo;
  let f = fLo;
  while (iterations < maxIterations) {
    iterations++;
    t = (lo * fHi - hi * fLo) / (fHi - fLo);
    f = meanConfidence(logits, t) - accuracy;
    if (Math.abs(f) <= tolerance) break;
    if (f > 0) {
      lo = t;
      fLo = f;
      if (side === 1) fHi /= 2;
      side = 1;
    } else {
      hi = t;
      fHi = f;
      if (side === -1) fLo /= 2;
      side = -1;
    }
  }
  return { temperature: t, accuracy, confidence: f + accuracy, iterations };
}
