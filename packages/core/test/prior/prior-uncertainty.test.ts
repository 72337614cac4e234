import { describe, expect, it } from 'vitest';
import { bootstrapPrior, estimatePriorExact, matrix, priorUncertainty } from '../../src/index.js';

import { biasedLogits, zipfPrior } from '../generate-logits.js';

function centredLog(q: ArrayLike<number>): Float64Array {
  const logs = Float64Array.from(q, Math.log);
  const mean = logs.reduce((s, v) => s + v, 0) / logs.length;
  return logs.map((v) => v - mean);
}

describe('standard errors of the estimated prior on a simulated case with a known truth', () => {
  // Logits are log p(x|y) + log pi exactly, so the estimator is consistent for pi on a balanced set.
  const k = 8;
  const truth = zipfPrior(k, 20, 5);

  it('agree with a stratified bootstrap of the exact solver, class by class', () => {
    const { logits, labels } = biasedLogits({ k, perClass: 40, prior: truth, seed: 21, sigma: 1.3 });
    const est = estimatePriorExact(logits, labels, { tolerance: 1e-10 });
    const sandwich = priorUncertainty(logits, labels, est.prior);
    const boot = bootstrapPrior(logits, labels, { replicates: 300, seed: 4, tolerance: 1e-9 });
    for (let j = 0; j < k; j++) {
      // 300 replicates estimate a standard error to about 4 %; the sandwich is a first-order approximation.
      expect(sandwich.standardErrors[j] / boot.standardErrors[j]).toBeGreaterThan(0.8);
      expect(sandwich.standardErrors[j] / boot.standardErrors[j]).toBeLessThan(1.25);
      expect(boot.lower[j]).toBeLessThan(boot.upper[j]);
    }
    // Only a class whose bootstrap standard error is itself large may be listed as undetermined.
    for (const j of sandwich.undeterminedClasses) expect(boot.standardErrors[j]).toBeGreaterThan(0.4);
  });

  it('give roughly nominal coverage: 95 % intervals hold the true centred log q about 95 % of the time', () => {
    const truthLog = centredLog(truth);
    let inside = 0;
    let total = 0;
    for (let seed = 100; seed < 180; seed++) {
      const { logits, labels } = biasedLogits({ k, perClass: 40, prior: truth, seed, sigma: 1.3 });
      const est = estimatePriorExact(logits, labels, { tolerance: 1e-10 });
      const { standardErrors } = priorUncertainty(logits, labels, est.prior);
      const estLog = centredLog(est.prior);
      for (let j = 0; j < k; j++) {
        total++;
        if (Math.abs(estLog[j] - truthLog[j]) <= 1.96 * standardErrors[j]) inside++;
      }
    }
    // 640 intervals: a binomial standard deviation of 0.9 pp around 95 %.
    expect(inside / total).toBeGreaterThan(0.91);
    expect(inside / total).toBeLessThan(0.985);
  });
});

/**
 * Classes 0..2 overlap; class 3 is separated by a logit margin: its own images give it probability 1 - ~e^-25,
 * the others give it ~e^-20. The objective is flat along its log q (curvature ~1e-9): the optimum is finite, but a
 * certificate of 1e-6 is met almost anywhere along that line.
 */
function flatCase() {
  const perClass = 30;
  const k = 4;
  const data: number[] = [];
  const labels: number[] = [];
  for (let y = 0; y < k; y++) {
    for (let t = 0; t < perClass; t++) {
      const row = [0, 1, 2].map((j) => (y < 3 ? Math.sin(7 * t + 3 * j + y) + (j === y ? 1 : 0) : -25));
      row.push(y === 3 ? 0.1 * Math.sin(t) : -20 + 0.5 * Math.cos(t));
      data.push(...row);
      labels.push(y);
    }
  }
  return { logits: matrix(Float64Array.from(data), k * perClass, k), labels: Int32Array.from(labels) };
}

describe('undetermined classes', () => {
  it('a class whose images are certain and that draws almost no probability from others is listed', () => {
    const { logits, labels } = flatCase();
    const est = estimatePriorExact(logits, labels);
    const u = priorUncertainty(logits, labels, est.prior);
    expect(u.curvature[3]).toBeLessThan(1e-7);
    expect(u.curvature[0]).toBeGreaterThan(1e-2);
    expect(u.undeterminedClasses).toEqual([3]);
    expect(Math.max(u.standardErrors[0], u.standardErrors[1], u.standardErrors[2])).toBeLessThan(0.5);
  });

  it('two solves that meet different certificates disagree on that class; with a ridge they agree', () => {
    const { logits, labels } = flatCase();
    const logQ3 = (tolerance: number, ridge?: number) =>
      Math.log(estimatePriorExact(logits, labels, { tolerance, ridge, maxIterations: 500 }).prior[3]);
    expect(Math.abs(logQ3(1e-6) - logQ3(1e-13))).toBeGreaterThan(0.5);
    expect(Math.abs(logQ3(1e-6, 1e-3) - logQ3(1e-13, 1e-3))).toBeLessThan(1e-2);
    const ridged = estimatePriorExact(logits, labels, { ridge: 1e-3 });
    expect(ridged.ridge).toBe(1e-3);
    expect(priorUncertainty(logits, labels, ridged.prior, { ridge: 1e-3 }).undeterminedClasses).toEqual([]);
  });

  it('ridge 0 is the default and changes nothing', () => {
    const { logits, labels } = biasedLogits({ k: 6, perClass: 15, prior: zipfPrior(6, 10, 2), seed: 8 });
    const plain = estimatePriorExact(logits, labels);
    const zero = estimatePriorExact(logits, labels, { ridge: 0 });
    expect(Array.from(zero.prior)).toEqual(Array.from(plain.prior));
    expect(zero.ridge).toBeUndefined();
  });

  it('classes absent from the set have no standard error (-1) and are undetermined', () => {
    const { logits, labels } = biasedLogits({ k: 5, perClass: 20, prior: zipfPrior(5, 5, 1), seed: 3 });
    const keep = Array.from(labels, (l, i) => (l === 2 ? -1 : i)).filter((i) => i >= 0);
    const sub = matrix(
      Float64Array.from(keep.flatMap((i) => Array.from(logits.data.subarray(i * 5, i * 5 + 5)))),
      keep.length,
      5,
    );
    const subLabels = Int32Array.from(keep.map((i) => labels[i]));
    const est = estimatePriorExact(sub, subLabels);
    const u = priorUncertainty(sub, subLabels, est.prior);
    expect(u.standardErrors[2]).toBe(-1);
    expect(u.undeterminedClasses).toContain(2);
    expect(u.standardErrors[0]).toBeGreaterThan(0);
  });
});

describe('standard errors on worker threads', () => {
  it('are byte-identical on 1 and 3 threads, with an absent class', () => {
    const k = 60;
    const { logits, labels } = biasedLogits({ k, perClass: 5, prior: zipfPrior(k, 30, 2), seed: 8, sigma: 1.2 });
    // Relabel class 7's samples as class 8: class 7 is absent from the estimation set.
    const relabelled = labels.map((y) => (y === 7 ? 8 : y));
    const est = estimatePriorExact(logits, relabelled, { tolerance: 1e-9 });
    const one = priorUncertainty(logits, relabelled, est.prior);
    const three = priorUncertainty(logits, relabelled, est.prior, { threads: 3 });
    expect(one.standardErrors[7]).toBe(-1);
    expect(Array.from(three.standardErrors)).toEqual(Array.from(one.standardErrors));
    expect(Array.from(three.solverErrors)).toEqual(Array.from(one.solverErrors));
    expect(three.undeterminedClasses).toEqual(one.undeterminedClasses);
  });
});
