import type { Matrix } from './matrix.js';
import type { CombinationScores } from './score-combination.js';
import { calibrationErrorOfScores } from './score-metrics.js';

/**
 * Argmax (first index on ties) and max-softmax confidence of each row of `logits / temperature`.
 * @param temperature default 1.
 */
export function maxSoftmaxScores(logits: Matrix, temperature = 1): CombinationScores {
  const { rows, cols, data } = logits;
  const predictions = new Int32Array(rows);
  const confidence = new Float64Array(rows);
  const scale = 1 / temperature;
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let max = -Infinity;
    let arg = 0;
    for (let j = 0; j < cols; j++) {
      const v = data[o + j] * scale;
      if (v > max) {
        max = v;
        arg = j;
      }
    }
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += Math.exp(data[o + j] * scale - max);
    predictions[i] = arg;
    confidence[i] = 1 / sum;
  }
  return { predictions, confidence };
}

/**
 * Expected calibration error of the max-softmax confidence of `logits / temperature`, with `bins` equal-width
 * bins over (0, 1] (bin b holds confidences in (b/bins, (b+1)/bins]). Returned as a fraction in [0, 1].
 * @param bins default 15, as in the GLA and WiSE-FT evaluations.
 * @param temperature default 1.
 * @throws InputError when a confidence is NaN (NaN or +-Inf logits)
 */
export function expectedCalibrationError(logits: Matrix, labels: Int32Array, bins = 15, temperature = 1): number {
  const { predictions, confidence } = maxSoftmaxScores(logits, temperature);
  return calibrationErrorOfScores(confidence, predictions, labels, bins, 'logits');
}
