import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  createRandom,
  interpolateHeads,
  linearLogits,
  matrix,
  top1Accuracy,
  trainLinearHead,
  typescriptProducts,
  zeroHead,
} from '../src/index.js';

function gaussianData(n: number, k: number, d: number, seed: number, spread = 2) {
  const random = createRandom(seed);
  const means = Float64Array.from({ length: k * d }, () => random.normal() * spread);
  const labels = Int32Array.from({ length: n }, (_, i) => i % k);
  const x = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) x[i * d + t] = means[labels[i] * d + t] + random.normal();
  return { features: matrix(x, n, d), labels };
}

describe('matrix products', () => {
  it('abt and atb match the naive products', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer(),
        (n, d, k, seed) => {
          const random = createRandom(seed);
          const a = Float64Array.from({ length: n * d }, () => random.normal());
          const b = Float64Array.from({ length: k * d }, () => random.normal());
          const out = new Float64Array(n * k);
          typescriptProducts.abt(a, b, n, d, k, out);
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < k; j++) {
              let s = 0;
              for (let t = 0; t < d; t++) s += a[i * d + t] * b[j * d + t];
              expect(out[i * k + j]).toBeCloseTo(s, 10);
            }
          }
          const g = Float64Array.from({ length: n * k }, () => random.normal());
          const c = new Float64Array(k * d);
          typescriptProducts.atb(g, a, n, k, d, c);
          for (let j = 0; j < k; j++) {
            for (let t = 0; t < d; t++) {
              let s = 0;
              for (let i = 0; i < n; i++) s += g[i * k + j] * a[i * d + t];
              expect(c[j * d + t]).toBeCloseTo(s, 10);
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('linear heads', () => {
  it('L-BFGS training converges to a stationary point of the regularised loss', () => {
    const { features, labels } = gaussianData(300, 5, 4, 1, 1);
    const lambda = 1e-2;
    const trained = trainLinearHead(features, labels, {
      classes: 5,
      weightDecay: lambda,
      gradientTolerance: 1e-8,
      maxIterations: 500,
    });
    expect(trained.converged).toBe(true);
    // Finite-difference check of optimality: perturbing any weight does not lower the loss.
    const loss = (w: Float64Array, bias: Float64Array) => {
      const logits = linearLogits(features, { weights: matrix(w, 5, 4), bias });
      let total = 0;
      for (let i = 0; i < 300; i++) {
        const row = Array.from(logits.data.subarray(i * 5, i * 5 + 5));
        const max = Math.max(...row);
        total += max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0)) - row[labels[i]];
      }
      return total / 300 + 0.5 * lambda * w.reduce((s, v) => s + v * v, 0);
    };
    const base = loss(trained.head.weights.data, trained.head.bias);
    expect(base).toBeCloseTo(trained.loss, 5);
    for (const idx of [0, 7, 19]) {
      const w = Float64Array.from(trained.head.weights.data);
      w[idx] += 1e-2;
      expect(loss(w, trained.head.bias)).toBeGreaterThan(base);
      w[idx] -= 2e-2;
      expect(loss(w, trained.head.bias)).toBeGreaterThan(base);
    }
    expect(top1Accuracy(linearLogits(features, trained.head), labels)).toBeGreaterThan(0.6);
  });

  it('SGD training is deterministic given a seed and learns', () => {
    const { features, labels } = gaussianData(400, 4, 6, 2);
    const opts = { classes: 4, optimizer: 'sgd' as const, epochs: 5, batchSize: 32, learningRate: 0.05, seed: 7 };
    const a = trainLinearHead(features, labels, opts);
    const b = trainLinearHead(features, labels, opts);
    expect(Array.from(a.head.weights.data)).toEqual(Array.from(b.head.weights.data));
    const c = trainLinearHead(features, labels, { ...opts, seed: 8 });
    expect(Array.from(c.head.weights.data)).not.toEqual(Array.from(a.head.weights.data));
    expect(top1Accuracy(linearLogits(features, a.head), labels)).toBeGreaterThan(0.9);
  });

  it('refuses a head whose SGD steps diverged (learning rate or weight decay 1e300) instead of returning NaN', () => {
    const { features, labels } = gaussianData(100, 4, 6, 3);
    const opts = { classes: 4, optimizer: 'sgd' as const, epochs: 2, batchSize: 32, seed: 1 };
    expect(() => trainLinearHead(features, labels, { ...opts, learningRate: 1e300 })).toThrow(
      /^linear head: training diverged .* learning rate 1e\+300/,
    );
    expect(() => trainLinearHead(features, labels, { ...opts, weightDecay: 1e300 })).toThrow(/weight decay 1e\+300/);
  });

  it('regularising towards the initial head keeps the head near it', () => {
    const { features, labels } = gaussianData(200, 3, 4, 3);
    const init = zeroHead(3, 4);
    init.weights.data.fill(0.5);
    const towardsInit = trainLinearHead(features, labels, {
      classes: 3,
      init,
      weightDecay: 10,
      regularizeTowards: 'init',
    });
    const towardsZero = trainLinearHead(features, labels, { classes: 3, init, weightDecay: 10 });
    const dist = (w: Float64Array) => Math.sqrt(w.reduce((s, v) => s + (v - 0.5) ** 2, 0));
    expect(dist(towardsInit.head.weights.data)).toBeLessThan(dist(towardsZero.head.weights.data));
  });

  it('interpolating heads at alpha 0 and 1 gives the inputs, and is linear in between', () => {
    const a = zeroHead(2, 2);
    const b = zeroHead(2, 2);
    a.weights.data.set([1, 2, 3, 4]);
    b.weights.data.set([5, 6, 7, 8]);
    b.bias.set([1, -1]);
    expect(Array.from(interpolateHeads(a, b, 0).weights.data)).toEqual([1, 2, 3, 4]);
    expect(Array.from(interpolateHeads(a, b, 1).weights.data)).toEqual([5, 6, 7, 8]);
    expect(Array.from(interpolateHeads(a, b, 0.25).weights.data)).toEqual([2, 3, 4, 5]);
    expect(Array.from(interpolateHeads(a, b, 0.5).bias)).toEqual([0.5, -0.5]);
  });

  it('linear logits apply the scale and bias', () => {
    const head = zeroHead(2, 3);
    head.weights.data.set([1, 0, 0, 0, 1, 1]);
    head.bias.set([0.5, 0]);
    const out = linearLogits(matrix(Float32Array.from([1, 2, 3]), 1, 3), head, 10);
    expect(Array.from(out.data)).toEqual([15, 50]);
  });
});
