import type { Matrix } from '../../src/index.js';

/** max_j |mean_i softmax(z_i / T - log q)_j - freq_j| over the classes present, in float64 from the definition. */
export function directCertificate(logits: Matrix, labels: Int32Array, q: ArrayLike<number>, t = 1): number {
  const { rows, cols, data } = logits;
  const mean = new Float64Array(cols);
  const freq = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const a = Array.from({ length: cols }, (_, j) => data[i * cols + j] / t - Math.log(q[j]));
    const max = Math.max(...a);
    const e = a.map((v) => Math.exp(v - max));
    const z = e.reduce((s, v) => s + v, 0);
    for (let j = 0; j < cols; j++) mean[j] += e[j] / z / rows;
    freq[labels[i]] += 1 / rows;
  }
  let worst = 0;
  for (let j = 0; j < cols; j++) if (freq[j] > 0) worst = Math.max(worst, Math.abs(mean[j] - freq[j]));
  return worst;
}
