import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  classPrior,
  estimatePrior,
  estimatePriorExact,
  estimatePriorPaper,
  matrix,
  type Matrix,
  ParallelPriorPass,
  spearman,
} from '../../src/index.js';
import { meanCrossEntropy } from '../../src/metrics.js';
import { biasedLogits, zipfPrior } from '../generate-logits.js';
import { directCertificate } from './direct-certificate.js';
import { referencePriorPass } from './reference-prior-pass.js';

/** One pass of the solvers' kernel (this thread). */
function priorPass(logits: Matrix, labels: Int32Array, scale: number, b: Float64Array, active: Uint8Array) {
  const evaluator = ParallelPriorPass.open(logits, labels, scale);
  try {
    return evaluator.pass(b, active);
  } finally {
    evaluator.close();
  }
}

function maxLogRatio(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let j = 0; j < a.length; j++) worst = Math.max(worst, Math.abs(Math.log(a[j] / b[j])));
  return worst;
}

function meanLogRatio(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let total = 0;
  for (let j = 0; j < a.length; j++) total += Math.abs(Math.log(a[j] / b[j]));
  return total / a.length;
}

describe('pre-training prior estimation', () => {
  it('the gradient of the objective is mean p - freq (finite differences)', () => {
    const prior = zipfPrior(6, 10, 1);
    const { logits, labels } = biasedLogits({ k: 6, perClass: 5, prior, seed: 2 });
    const b = Float64Array.from([0.3, -0.2, 0.1, 0.5, -0.4, 0]);
    const active = new Uint8Array(6).fill(1);
    const pass = priorPass(logits, labels, 0.7, b, active);
    const freq = classPrior(labels, 6);
    for (let j = 0; j < 6; j++) {
      const h = 1e-6;
      const bp = Float64Array.from(b);
      bp[j] += h;
      const bm = Float64Array.from(b);
      bm[j] -= h;
      const fd =
        (priorPass(logits, labels, 0.7, bp, active).loss - priorPass(logits, labels, 0.7, bm, active).loss) / (2 * h);
      expect(fd).toBeCloseTo(pass.meanProbability[j] - freq[j], 7);
    }
  });

  it('the objective equals the mean cross-entropy of z/T - log q', () => {
    const prior = zipfPrior(5, 10, 4);
    const { logits, labels } = biasedLogits({ k: 5, perClass: 4, prior, seed: 5 });
    const q = [0.1, 0.2, 0.3, 0.25, 0.15];
    const adjusted = matrix(
      Float64Array.from(logits.data, (v, i) => v / 2 - Math.log(q[i % 5])),
      logits.rows,
      5,
    );
    const pass = priorPass(
      logits,
      labels,
      0.5,
      Float64Array.from(q, (v) => -Math.log(v)),
      new Uint8Array(5).fill(1),
    );
    expect(pass.loss).toBeCloseTo(meanCrossEntropy(adjusted, labels), 12);
  });

  it('exact solver reaches the certificate and recovers the generating prior (K = 100)', () => {
    const prior = zipfPrior(100, 100, 7);
    // sigma 1.5: overlapping classes (top-1 about 36 %), where the prior is identifiable from the data.
    const { logits, labels } = biasedLogits({ k: 100, perClass: 60, prior, seed: 8, dims: 12, sigma: 1.5 });
    const est = estimatePrior(logits, labels);
    expect(est.converged).toBe(true);
    expect(est.certificate).toBeLessThanOrEqual(1e-6);
    expect(est.iterations).toBeLessThan(30);
    const sum = est.prior.reduce((s, v) => s + v, 0);
    expect(sum).toBeCloseTo(1, 12);
    expect(spearman(est.prior, prior)).toBeGreaterThan(0.99);
    // Sampling noise with 60 images per class: log q within 0.5 of log pi for every class, 0.12 on average.
    expect(maxLogRatio(est.prior, prior)).toBeLessThan(0.5);
    expect(meanLogRatio(est.prior, prior)).toBeLessThan(0.12);
  });

  it('exact solver reaches the certificate and recovers the prior at K = 1000', () => {
    const prior = zipfPrior(1000, 100, 11);
    const { logits, labels } = biasedLogits({ k: 1000, perClass: 20, prior, seed: 12, dims: 16, sigma: 1.5 });
    const est = estimatePrior(logits, labels);
    expect(est.certificate).toBeLessThanOrEqual(1e-6);
    expect(spearman(est.prior, prior)).toBeGreaterThan(0.98);
    expect(meanLogRatio(est.prior, prior)).toBeLessThan(0.2);
  });

  it('the optimum satisfies the moment condition at any temperature', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.double({ min: 0.2, max: 5, noNaN: true }), (seed, t) => {
        const prior = zipfPrior(8, 20, seed);
        const { logits, labels } = biasedLogits({ k: 8, perClass: 6, prior, seed });
        const est = estimatePriorExact(logits, labels, { temperature: t });
        expect(est.certificate).toBeLessThanOrEqual(1e-6);
        const pass = referencePriorPass(
          logits,
          labels,
          1 / t,
          Float64Array.from(est.prior, (v) => -Math.log(v)),
          new Uint8Array(8).fill(1),
        );
        const freq = classPrior(labels, 8);
        for (let j = 0; j < 8; j++) expect(Math.abs(pass.meanProbability[j] - freq[j])).toBeLessThanOrEqual(1.5e-6);
      }),
      { numRuns: 60 },
    );
  });

  it('classes absent from the estimation set are reported and get the geometric mean of the others', () => {
    const prior = zipfPrior(10, 10, 3);
    const { logits, labels } = biasedLogits({ k: 10, perClass: 10, prior, seed: 4 });
    const keep = Array.from(labels.keys()).filter((i) => labels[i] !== 3);
    const sub = matrix(
      Float32Array.from(keep.flatMap((i) => Array.from(logits.data.subarray(i * 10, i * 10 + 10)))),
      keep.length,
      10,
    );
    const est = estimatePriorExact(
      sub,
      Int32Array.from(keep, (i) => labels[i]),
    );
    expect(est.missingClasses).toEqual([3]);
    expect(est.converged).toBe(true);
    const others = Array.from(est.prior).filter((_, j) => j !== 3);
    const geo = Math.exp(others.reduce((s, v) => s + Math.log(v), 0) / others.length);
    expect(est.prior[3]).toBeCloseTo(geo, 12);
  });

  it("the paper's solver runs its fixed budget, reports its certificate, and stops short of the exact optimum", () => {
    const prior = zipfPrior(20, 50, 9);
    const { logits, labels } = biasedLogits({ k: 20, perClass: 25, prior, seed: 10 });
    const exact = estimatePriorExact(logits, labels);
    let calls = 0;
    const paper = estimatePriorPaper(logits, labels, { onIteration: () => calls++ });
    expect(calls).toBe(1000);
    expect(paper.iterations).toBe(1000);
    expect(paper.objective).toBeGreaterThanOrEqual(exact.objective - 1e-12);
    expect(paper.certificate).toBeGreaterThan(exact.certificate);
    expect(paper.prior.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    // Uniform start: the objective has decreased from the uniform q.
    const uniformLoss = meanCrossEntropy(logits, labels);
    expect(paper.objective).toBeLessThan(uniformLoss);
  });

  it('the paper solver with a large step approaches the exact optimum', () => {
    const prior = zipfPrior(10, 10, 2);
    const { logits, labels } = biasedLogits({ k: 10, perClass: 40, prior, seed: 6 });
    const exact = estimatePriorExact(logits, labels);
    const paper = estimatePriorPaper(logits, labels, { learningRate: 1e-2, iterations: 4000 });
    expect(paper.objective - exact.objective).toBeLessThan(1e-6);
    expect(paper.certificate).toBeLessThan(1e-4);
    expect(maxLogRatio(paper.prior, exact.prior)).toBeLessThan(0.01);
  });

  it('rejects labels out of range and non-finite logits', () => {
    const logits = matrix(Float32Array.from([0, 1, 2, 3]), 2, 2);
    expect(() => estimatePrior(logits, Int32Array.from([0, 2]))).toThrow(/outside \[0, 2\)/);
    expect(() => estimatePrior(matrix(Float32Array.from([0, NaN, 2, 3]), 2, 2), Int32Array.from([0, 1]))).toThrow(
      /non-finite/,
    );
  });
});

describe('the certificate, second check: recomputed from the returned prior', () => {
  it('exact and paper solvers report the certificate of the q they return', () => {
    const prior = zipfPrior(8, 20, 4);
    const { logits, labels } = biasedLogits({ k: 8, perClass: 15, prior, seed: 12 });
    const exact = estimatePriorExact(logits, labels, { temperature: 1.7 });
    expect(exact.certificate).toBeCloseTo(directCertificate(logits, labels, exact.prior, 1.7), 12);
    expect(exact.certificate).toBeLessThanOrEqual(1e-6);
    const paper = estimatePriorPaper(logits, labels, { iterations: 50 });
    const direct = directCertificate(logits, labels, paper.prior);
    expect(paper.certificate).toBeCloseTo(direct, 12);
    expect(direct).toBeGreaterThan(1e-3);
  });
});
