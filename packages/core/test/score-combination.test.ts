import { describe, expect, it } from 'vitest';
import {
  adjustLogits,
  argmaxRows,
  evaluateMethods,
  evaluateRun,
  glaLogits,
  matrix,
  methodMetrics,
  outputEnsemble,
  priorThirds,
  scoreCombinations,
  softmax,
  type Matrix,
} from '../src/index.js';
import { biasedLogits, zipfPrior } from './generate-logits.js';

const k = 30;
const prior = zipfPrior(k, 40, 5);
const zs = biasedLogits({ k, perClass: 17, prior, seed: 6, dims: 5, sigma: 1.3 });
const ft = biasedLogits({ k, perClass: 17, prior: zipfPrior(k, 2, 9), seed: 7, dims: 5, sigma: 1.1 });
const labels = zs.labels;
const q = zipfPrior(k, 30, 11);
const ps = zipfPrior(k, 3, 12);

function maxSoftmax(m: Matrix): Float64Array {
  const p = softmax(m);
  return Float64Array.from({ length: m.rows }, (_, i) => Math.max(...p.data.subarray(i * m.cols, (i + 1) * m.cols)));
}

describe('fused scoring of logit combinations', () => {
  const debias = Float64Array.from(q, (v) => -Math.log(v));
  const downstream = Float64Array.from(ps, (v) => -Math.log(v));
  const cases: [string, Matrix, Parameters<typeof scoreCombinations>[2][number]][] = [
    ['zero-shot', zs.logits, { zeroShotWeight: 1 }],
    ['debiased', adjustLogits(zs.logits, q, { temperature: 2 }), { zeroShotWeight: 1 / 2, zeroShotShift: debias }],
    ['ensemble', outputEnsemble(zs.logits, ft.logits, 0.3), { zeroShotWeight: 1 - 0.3, fineTunedWeight: 0.3 }],
    [
      'gla',
      glaLogits({
        zeroShot: zs.logits,
        fineTuned: ft.logits,
        pretrainingPrior: q,
        downstreamPrior: ps,
        zeroShotTemperature: 2,
        fineTunedTemperature: 0.5,
      }),
      { zeroShotWeight: 1 / 2, zeroShotShift: debias, fineTunedWeight: 1 / 0.5, fineTunedShift: downstream },
    ],
    ['fine-tuned', ft.logits, { fineTunedWeight: 1 }],
  ];

  it('predicts exactly what the materialised logits predict, with the same max-softmax', () => {
    const scores = scoreCombinations(
      zs.logits,
      ft.logits,
      cases.map((c) => c[2]),
    );
    cases.forEach(([, logits], c) => {
      expect(Array.from(scores[c].predictions)).toEqual(Array.from(argmaxRows(logits)));
      const reference = maxSoftmax(logits);
      for (let i = 0; i < labels.length; i++)
        expect(Math.abs(scores[c].confidence[i] - reference[i])).toBeLessThan(1e-14);
    });
  });

  it('mixes float64 and float32 inputs, and takes the first index of a tie', () => {
    // K = 7 (a tail past the 4-wide vectors); row 0 ties classes 2 and 5, row 1 is all equal.
    const x = matrix(Float64Array.from([0, 1, 3, 2, 0, 3, 1, 5, 5, 5, 5, 5, 5, 5]), 2, 7);
    const y = matrix(Float32Array.from([1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0]), 2, 7);
    const [zsOnly, both] = scoreCombinations(x, y, [
      { zeroShotWeight: 1 },
      { zeroShotWeight: 1, fineTunedWeight: 0.5 },
    ]);
    expect(Array.from(zsOnly.predictions)).toEqual([2, 0]);
    expect(Array.from(both.predictions)).toEqual([2, 0]);
    // Row 1: seven equal values, max-softmax 1/7; row 0 of zero-shot: 2 e^3 / sum over the row.
    expect(zsOnly.confidence[1]).toBeCloseTo(1 / 7, 15);
    const row0 = [0, 1, 3, 2, 0, 3, 1].reduce((s, v) => s + Math.exp(v), 0);
    expect(zsOnly.confidence[0]).toBeCloseTo(Math.exp(3) / row0, 15);
  });

  it('scores an alpha sweep at K = 7 (odd, past the vector width) like the materialised ensembles', () => {
    const x = matrix(Float32Array.from(zs.logits.data.subarray(0, 60 * 7)), 60, 7);
    const y = matrix(Float64Array.from(ft.logits.data.subarray(0, 60 * 7)), 60, 7);
    const alphas = [0, 0.25, 0.5, 0.75, 1];
    const scores = scoreCombinations(
      x,
      y,
      alphas.map((a) => ({ zeroShotWeight: 1 - a, fineTunedWeight: a })),
    );
    alphas.forEach((a, c) => {
      const logits = outputEnsemble(x, y, a);
      expect(Array.from(scores[c].predictions)).toEqual(Array.from(argmaxRows(logits)));
      const reference = maxSoftmax(logits);
      for (let i = 0; i < 60; i++) expect(Math.abs(scores[c].confidence[i] - reference[i])).toBeLessThan(1e-14);
    });
  });

  it('gives byte-identical scores on one and two threads', () => {
    const combos = cases.map((c) => c[2]);
    const one = scoreCombinations(zs.logits, ft.logits, combos, { blockRows: 16 });
    const two = scoreCombinations(zs.logits, ft.logits, combos, { threads: 2, blockRows: 16 });
    one.forEach((s, c) => {
      expect(Buffer.from(two[c].predictions.buffer).equals(Buffer.from(s.predictions.buffer))).toBe(true);
      expect(Buffer.from(two[c].confidence.buffer).equals(Buffer.from(s.confidence.buffer))).toBe(true);
    });
  });

  it('rejects combinations that use no input or a missing one', () => {
    expect(() => scoreCombinations(zs.logits, ft.logits, [{}])).toThrow(RangeError);
    expect(() => scoreCombinations(zs.logits, undefined, [{ fineTunedWeight: 1 }])).toThrow(/not given/);
    expect(() => scoreCombinations(zs.logits, ft.logits, [{ zeroShotWeight: 1, zeroShotShift: [1, 2] }])).toThrow(
      /shift has 2 entries/,
    );
  });
});

describe('evaluation without N x K intermediates', () => {
  const inputs = {
    labels,
    zeroShot: zs.logits,
    fineTuned: ft.logits,
    pretrainingPrior: q,
    downstreamPrior: ps,
    alpha: 0.4,
    zeroShotTemperature: 1.5,
  };

  it('evaluateMethods equals methodMetrics on the materialised logits of every method', () => {
    const groups = priorThirds(q);
    const got = evaluateMethods(inputs);
    const expected = {
      'zero-shot': zs.logits,
      'fine-tuned': ft.logits,
      'debiased-zero-shot': adjustLogits(zs.logits, q, { temperature: 1.5 }),
      'fine-tuned-la': adjustLogits(ft.logits, ps),
      'output-ensemble': outputEnsemble(zs.logits, ft.logits, 0.4),
      gla: glaLogits({
        zeroShot: zs.logits,
        fineTuned: ft.logits,
        pretrainingPrior: q,
        downstreamPrior: ps,
        zeroShotTemperature: 1.5,
      }),
    };
    expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, logits] of Object.entries(expected)) {
      const { perClass: _p, ...reference } = methodMetrics(logits, labels, groups);
      const metrics = got[name as keyof typeof got]!;
      expect({ ...metrics, ece: 0 }).toEqual({ ...reference, ece: 0 });
      expect(metrics.ece).toBeCloseTo(reference.ece, 13);
    }
  });

  it('an alpha sweep reuses the zero-shot, fine-tuned and ensemble scores at 0, 1 and alpha', () => {
    const alphas = Array.from({ length: 11 }, (_, i) => i / 10);
    const run = evaluateRun({ ...inputs, alphas, threads: 2 });
    expect(run.sweep.map((s) => s.alpha)).toEqual(alphas);
    expect(run.sweep[0].metrics).toEqual(run.methods['zero-shot']);
    expect(run.sweep[10].metrics).toEqual(run.methods['fine-tuned']);
    expect(run.sweep[4].metrics).toEqual(run.methods['output-ensemble']);
    // Without a sweep every method is scored on its own: the same predictions, confidences within a few ulp.
    const alone = evaluateRun(inputs).methods;
    for (const [name, metrics] of Object.entries(alone)) {
      const swept = run.methods[name as keyof typeof alone]!;
      expect({ ...metrics, ece: 0 }).toEqual({ ...swept, ece: 0 });
      expect(metrics!.ece).toBeCloseTo(swept.ece, 13);
    }
  });

  it('scores an alpha grid like separate ensembles, also for extreme logits', () => {
    const wide = biasedLogits({ k, perClass: 17, prior, seed: 13, dims: 5, sigma: 0.02 });
    // Small integers: many exact ties, which must go to the first class as in argmaxRows.
    const rounded = (m: Matrix) =>
      matrix(
        Float32Array.from(m.data, (v) => Math.round(v / 4)),
        m.rows,
        m.cols,
      );
    for (const [a, b] of [
      [zs.logits, ft.logits],
      [zs.logits, wide.logits],
      [rounded(zs.logits), rounded(ft.logits)],
    ]) {
      const grid = Array.from({ length: 6 }, (_, i) => ({ zeroShotWeight: 1 - i / 5, fineTunedWeight: i / 5 }));
      const together = scoreCombinations(a, b, grid);
      grid.forEach((c, i) => {
        const logits = outputEnsemble(a, b, i / 5);
        expect(Array.from(together[i].predictions)).toEqual(Array.from(argmaxRows(logits)));
        const reference = maxSoftmax(logits);
        for (let r = 0; r < labels.length; r++)
          expect(Math.abs(together[i].confidence[r] / reference[r] - 1)).toBeLessThan(1e-12);
      });
    }
  });
});
