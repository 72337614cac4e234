import type { Matrix } from './matrix.js';
import { logSumExp } from './softmax.js';

/** Index of the largest value in each row (first index on ties). */
export function argmaxRows(m: Matrix): Int32Array {
  const { rows, cols, data } = m;
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let best = 0;
    let bestV = data[o];
    for (let j = 1; j < cols; j++) {
      if (data[o + j] > bestV) {
        bestV = data[o + j];
        best = j;
      }
    }
    out[i] = best;
  }
  return out;
}

/** Fraction of rows whose argmax equals the label, in [0, 1]. Returns NaN for zero rows. */
export function top1Accuracy(logits: Matrix, labels: Int32Array): number {
  return predictionAccuracy(argmaxRows(logits), labels);
}

/** Fraction of predictions equal to labels, in [0, 1]. */
export function predictionAccuracy(predictions: Int32Array, labels: Int32Array): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predictions[i] === labels[i]) correct++;
  return correct / labels.length;
}

/**
 * Mean cross-entropy (natural log) of `logits / temperature` against labels.
 * @param temperature default 1.
 */
export function meanCrossEntropy(logits: Matrix, labels: Int32Array, temperature = 1): number {
  const { rows, cols, data } = logits;
  const scale = 1 / temperature;
  let total = 0;
  for (let i = 0; i < rows; i++) {
    total += logSumExp(data, i * cols, cols, scale) - data[i * cols + labels[i]] * scale;
  }
  return total / rows;
}

/** Confusion counts: `counts[true * K + predicted]`. */
export function confusionCounts(predictions: Int32Array, labels: Int32Array, classes: number): Int32Array {
  const counts = new Int32Array(classes * classes);
  for (let i = 0; i < labels.length; i++) counts[labels[i] * classes + predictions[i]]++;
  return counts;
}

/** Per-class accuracy (recall) in [0, 1]; NaN for a class with no test sample. */
export function perClassAccuracy(predictions: Int32Array, labels: Int32Array, classes: number): Float64Array {
  const correct = new Float64Array(classes);
  const total = new Float64Array(classes);
  for (let i = 0; i < labels.length; i++) {
    total[labels[i]]++;
    if (predictions[i] === labels[i]) correct[labels[i]]++;
  }
  const out = new Float64Array(classes);
  for (let j = 0; j < classes; j++) out[j] = total[j] > 0 ? correct[j] / total[j] : NaN;
  return out;
}

/** Mean of per-class accuracies over classes with test samples (balanced accuracy). */
export function meanPerClassAccuracy(predictions: Int32Array, labels: Int32Array, classes: number): number {
  const acc = perClassAccuracy(predictions, labels, classes);
  let sum = 0;
  let n = 0;
  for (const a of acc) {
    if (!Number.isNaN(a)) {
      sum += a;
      n++;
    }
  }
  return sum / n;
}
