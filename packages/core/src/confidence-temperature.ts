import type { ParallelPool } from './parallel-pool.js';
import { type LogitRows, isFileLogits } from './logit-rows.js';
import { readingFile } from './npy-file-logits.js';
import { type CombinationScores, scoreCombinations } from './score-combination.js';

/**
 * Max-softmax scores of `logits * scale` for each scale (1 / T), in one pass over the rows on the scoring kernel
 * (float32 exponentials: confidences within 3e-7 relative of float64 ones; argmax exact), on `pool`'s lanes when
 * given. Logits left in their file are read by the lanes, checked (finite, magnitude times the largest scale)
 * and watched for changes.
 */
function scoresAt(logits: LogitRows, scales: readonly number[], pool?: ParallelPool): CombinationScores[] {
  const file = isFileLogits(logits) ? logits : undefined;
  const name = file?.what ?? 'logits';
  const source = isFileLogits(logits) ? logits.file : logits;
  return readingFile(file, () =>
    scoreCombinations(
      source,
      undefined,
      scales.map((scale) => ({ zeroShotWeight: scale })),
      { pool, checks: { zeroShot: { name, scale: Math.max(1, ...scales) } } },
    ),
  );
}

/** The mean of a confidence array, summed in row order (the same value for any thread count). */
function meanOf(confidence: Float64Array): number {
  let total = 0;
  for (let i = 0; i < confidence.length; i++) total += confidence[i];
  return total / confidence.length;
}

/**
 * Mean max-softmax confidence of `logits / temperature`, in [0, 1]: one pass on the scoring kernel (float32
 * exponentials, so within 3e-7 relative of the float64 value), on `pool`'s lanes when given.
 * @param logits N x K logits, in memory or left in their `.npy` file
 * @param temperature T > 0
 */
export function meanConfidence(logits: LogitRows, temperature: number, pool?: ParallelPool): number {
  return meanOf(scoresAt(logits, [1 / temperature], pool)[0].confidence);
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
  /** Lanes to score on (left open); default this thread only. */
  pool?: ParallelPool;
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
 * Confidence decreases in T, so the match is unique. Each step is one pass on the scoring kernel (float32
 * exponentials: a confidence within 3e-7 relative, far inside the 0.001 tolerance), on `options.pool`'s lanes;
 * logits left in their `.npy` file are read by the lanes, never whole.
 * @param logits N x K logits of the estimation set, in memory or in their file
 * @param options bracket (default [0.1, 10]), widen (1.1), tolerance (0.001), maxIterations (200), pool
 */
export function confidenceTemperature(
  logits: LogitRows,
  labels: Int32Array,
  options: ConfidenceTemperatureOptions = {},
): TemperatureResult {
  const { bracket = [0.1, 10], widen = 1.1, tolerance = 0.001, maxIterations = 200, pool } = options;
  let [lo, hi] = bracket;
  // Accuracy (argmax at T = 1: the kernel's argmax is exact) and both ends of the bracket in one pass.
  const [atOne, atLo, atHi] = scoresAt(logits, [1, 1 / lo, 1 / hi], pool);
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (atOne.predictions[i] === labels[i]) correct++;
  const accuracy = correct / labels.length;
  const gap = (t: number) => meanConfidence(logits, t, pool) - accuracy;
  let fLo = meanOf(atLo.confidence) - accuracy; // >= 0 when lo is low enough
  let fHi = meanOf(atHi.confidence) - accuracy; // <= 0 when hi is high enough
  let iterations = 0;
  // Confidence is bounded by [1/K, 1]; an accuracy outside it cannot be matched exactly, and the widening stops.
  while (fLo < 0 && iterations < maxIterations && lo > 1e-6) {
    lo /= widen;
    fLo = gap(lo);
    iterations++;
  }
  while (fHi > 0 && iterations < maxIterations && hi < 1e6) {
    hi *= widen;
    fHi = gap(hi);
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
    f = gap(t);
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
