import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { estimatePriorPaper, matrix } from '../../src/index.js';

// Three steps of the authors' update computed independently with NumPy by fixtures/paper-solver-steps.py.
const fixture = JSON.parse(readFileSync(new URL('../fixtures/paper-solver-steps.json', import.meta.url), 'utf8')) as {
  logits: number[];
  labels: number[];
  K: number;
  learningRate: number;
  q: number[][];
};

describe("the authors' estimator, step by step against NumPy", () => {
  const k = fixture.K;
  const logits = matrix(Float64Array.from(fixture.logits), fixture.labels.length, k);
  const labels = Int32Array.from(fixture.labels);

  it('uses the learning rate 1e-5 * (N / K) / 50 by default', () => {
    expect(fixture.learningRate).toBeCloseTo((1e-5 * (600 / 3)) / 50, 18);
  });

  for (let steps = 1; steps <= 3; steps++) {
    it(`q after ${steps} step(s) with the default learning rate`, () => {
      const est = estimatePriorPaper(logits, labels, { iterations: steps });
      const expected = fixture.q[steps - 1];
      for (let j = 0; j < k; j++) {
        const raw = est.prior[j] * est.rawSum;
        // Each step moves q_j by about 4e-5; 1e-13 is far below that and far above rounding.
        expect(Math.abs(raw - expected[j])).toBeLessThan(1e-13);
      }
      expect(est.rawSum).toBeCloseTo(
        expected.reduce((s, v) => s + v, 0),
        13,
      );
    });
  }
});
