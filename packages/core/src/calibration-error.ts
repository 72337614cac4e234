import type { Matrix } from './matrix.js';

/**
 * Expected calibration error of the max-softmax confidence of `logits / temperature`, with `bins` equal-width
 * bins over (0, 1] (bin b holds confidences in (b/bins, (b+1)/bins]). Returned as a fraction in [0, 1].
 * @param bins default 15, as in the GLA and WiSE-FT evaluations.
 * @param temperature default 1.
 */
export function expectedCalibrationError(logits: Matrix, labels: Int32Array, bins = 15, temperature = 1): number {
  const { rows, cols, data } = logits;
  const count = new Float64Array(bins);
  const confSum = new Float64Array(bins);
  const correctSum = new Float64Array(bins);
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
    const conf = 1 / sum;
    const b = Math.min(bins - 1, Math.max(0, Math.ceil(conf * bins) - 1));
    count[b]++;
    confSum[b] += conf;
    if (arg === labels[i]) correctSum[b]++;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    if (count[b] > 0) ece += Math.abs(correctSum[b] - confSum[b]) / rows;
  }
  return ece;
}
