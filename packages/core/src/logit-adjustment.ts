import type { Matrix } from './matrix.js';
import { matrix } from './matrix.js';
import { checkLogitMagnitude, checkTemperature } from './validate.js';

/**
 * Logit adjustment: `logits / temperature - tau * log(prior) (+ log(targetPrior))`, per row.
 * The prior need not sum to 1: a constant shift changes no prediction.
 * @param tau default 1.
 * @param temperature default 1; must be finite and > 0 (InputError otherwise).
 * @param targetPrior optional test-time prior pi_t added back as log pi_t (default: uniform, i.e. nothing added).
 */
export function adjustLogits(
  logits: Matrix,
  prior: ArrayLike<number>,
  options: { tau?: number; temperature?: number; targetPrior?: ArrayLike<number> } = {},
): Matrix<Float64Array> {
  const { tau = 1, temperature = 1, targetPrior } = options;
  const { rows, cols, data } = logits;
  const shift = new Float64Array(cols);
  for (let j = 0; j < cols; j++) shift[j] = -tau * Math.log(prior[j]) + (targetPrior ? Math.log(targetPrior[j]) : 0);
  const out = new Float64Array(rows * cols);
  const scale = 1 / checkTemperature(temperature);
  checkLogitMagnitude(logits, scale); // the shifted sums below must stay finite
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let j = 0; j < cols; j++) out[o + j] = data[o + j] * scale + shift[j];
  }
  return matrix(out, rows, cols);
}
