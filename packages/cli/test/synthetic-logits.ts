import { createRandom } from '@gla/core';

/**
 * Balanced labels and logits z_j = s * v_j + log pi_j with v = s e_y + noise: s * v_j is the exact
 * log-likelihood (up to a constant) of the observation v under class j, so z = log-likelihood + log pi.
 */
export function syntheticLogits(k: number, perClass: number, prior: Float64Array, seed: number, signal = 2) {
  const random = createRandom(seed);
  const n = k * perClass;
  const labels = new Int32Array(n);
  const logits = new Float32Array(n * k);
  const logPrior = Array.from(prior, Math.log);
  for (let i = 0; i < n; i++) {
    const y = i % k;
    labels[i] = y;
    for (let j = 0; j < k; j++) {
      const v = (j === y ? signal : 0) + random.normal();
      logits[i * k + j] = signal * v + logPrior[j];
    }
  }
  return { logits, labels };
}

/** A long-tailed prior with max/min ratio `imbalance`, decreasing with the class index. */
export function geometricPrior(k: number, imbalance: number): Float64Array {
  const p = Float64Array.from({ length: k }, (_, j) => imbalance ** (-j / (k - 1)));
  const s = p.reduce((a, b) => a + b, 0);
  return p.map((v) => v / s);
}
