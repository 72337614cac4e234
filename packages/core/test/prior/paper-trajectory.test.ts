import { describe, expect, it } from 'vitest';
import { estimatePriorPaper, type Matrix } from '../../src/index.js';
import { biasedLogits, zipfPrior } from '../generate-logits.js';
import { referencePriorPass } from './reference-prior-pass.js';

/**
 * The authors' update written out from their description (cooper's simultaneous gradient descent on q, ascent on
 * the multipliers of sum q = 1 and q >= 0, same learning rate), on the direct-formula pass: q after `steps`.
 */
function referencePaperQ(logits: Matrix, labels: Int32Array, steps: number, lr: number): Float64Array {
  const k = logits.cols;
  const freq = new Float64Array(k);
  for (const y of labels) freq[y] += 1 / labels.length;
  const q = new Float64Array(k).fill(1 / k);
  const mu = new Float64Array(k);
  let lambda = 0;
  const all = new Uint8Array(k).fill(1);
  for (let it = 0; it < steps; it++) {
    const b = Array.from(q, (v) => -Math.log(Math.max(v, 1e-12)));
    const { meanProbability } = referencePriorPass(logits, labels, 1, b, all);
    const sumQ = q.reduce((s, v) => s + v, 0);
    for (let j = 0; j < k; j++) {
      const grad = (freq[j] - meanProbability[j]) / Math.max(q[j], 1e-12) + lambda - mu[j];
      const old = q[j];
      q[j] -= lr * grad;
      mu[j] = Math.max(0, mu[j] - lr * old);
    }
    lambda += lr * (sumQ - 1);
  }
  return q;
}

describe("the authors' solver on the fast pass", () => {
  it('follows the direct-formula trajectory to 1e-6 in log q (after 10, 100 and 1000 steps)', () => {
    const k = 20;
    const { logits, labels } = biasedLogits({ k, perClass: 30, prior: zipfPrior(k, 50, 3), seed: 6 });
    // A learning rate 50 times the authors' (1e-5 N / K / 50) so that q moves far from uniform in 1,000 steps.
    const lr = 50 * ((1e-5 * (labels.length / k)) / 50);
    for (const [steps, pass] of [
      [10, 'cached'],
      [100, 'cached'],
      [1000, 'cached'],
      [10, 'row-block'],
      [1000, 'row-block'],
    ] as const) {
      const reference = referencePaperQ(logits, labels, steps, lr);
      const fast = estimatePriorPaper(logits, labels, { iterations: steps, learningRate: lr, pass });
      // The estimate is q renormalised; rawSum restores the q the iteration stopped at.
      let worst = 0;
      for (let j = 0; j < k; j++)
        worst = Math.max(worst, Math.abs(Math.log(fast.prior[j] * fast.rawSum) - Math.log(reference[j])));
      expect(worst).toBeLessThan(1e-6);
      if (steps === 1000) {
        const moved = Math.max(...Array.from(reference, (v) => Math.abs(Math.log(v * k))));
        expect(moved).toBeGreaterThan(0.1);
      }
    }
  });

  it('gives the same estimate on both passes to 1e-10 in log q, objective and certificate, at a temperature', () => {
    const k = 12;
    const { logits, labels } = biasedLogits({ k, perClass: 25, prior: zipfPrior(k, 20, 2), seed: 9 });
    const options = { iterations: 300, learningRate: 20 * ((1e-5 * (labels.length / k)) / 50), temperature: 0.7 };
    const cached = estimatePriorPaper(logits, labels, { ...options, pass: 'cached' });
    const rowBlock = estimatePriorPaper(logits, labels, { ...options, pass: 'row-block' });
    for (let j = 0; j < k; j++) expect(Math.abs(Math.log(cached.prior[j] / rowBlock.prior[j]))).toBeLessThan(1e-10);
    expect(Math.abs(cached.objective - rowBlock.objective)).toBeLessThan(1e-10);
    expect(Math.abs(cached.certificate - rowBlock.certificate)).toBeLessThan(1e-10);
    expect(cached.passes).toBe(301);
  });
});
