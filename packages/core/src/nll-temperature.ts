import type { Matrix } from './matrix.js';
import type { TemperatureResult } from './confidence-temperature.js';

/**
 * Temperature scaling: the T > 0 minimising the mean cross-entropy of `logits / T`. The loss is convex in
 * s = 1/T, so a safeguarded Newton iteration on s (first derivative mean(E_p[z] - z_y), second mean(Var_p z))
 * converges in a few passes. Stops when the step in s is below `tolerance` (default 1e-10 relative).
 */
export function nllTemperature(
  logits: Matrix,
  labels: Int32Array,
  tolerance = 1e-10,
  maxIterations = 100,
): TemperatureResult {
  const { rows, cols, data } = logits;
  let s = 1;
  let lo = 0;
  let hi = Infinity;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    let g = 0;
    let h = 0;
    for (let i = 0; i < rows; i++) {
      const o = i * cols;
      let max = -Infinity;
      for (let j = 0; j < cols; j++) if (data[o + j] > max) max = data[o + j];
      let sum = 0;
      let m1 = 0;
      let m2 = 0;
      for (let j = 0; j < cols; j++) {
        const z = data[o + j] - max;
        const e = Math.exp(s * z);
        sum += e;
        m1 += e * z;
        m2 += e * z * z;
      }
      m1 /= sum;
      m2 /= sum;
      g += m1 - (data[o + labels[i]] - max);
      h += m2 - m1 * m1;
    }
    g /= rows;
    h /= rows;
    if (g > 0) hi = Math.min(hi, s);
    else lo = Math.max(lo, s);
    let next = h > 0 ? s - g / h : g > 0 ? s / 2 : s * 2;
    // Keep the iterate inside the bracket the derivative signs have established.
    if (!(next > lo && next < hi)) next = Number.isFinite(hi) ? (lo + hi) / 2 : Math.max(s * 2, lo * 2);
    const done = Math.abs(next - s) <= tolerance * Math.max(1, s);
    s = next;
    if (done) break;
  }
  return { temperature: 1 / s, iterations: iterations + 1 };
}
