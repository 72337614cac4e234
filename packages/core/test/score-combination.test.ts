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

/**
 * Relative error allowed on a confidence: each float32 exponential of t = v - max is within |t| 6e-8 (t rounded
 * to float32) + 1.2e-7 (the exponential) relative; t e^t <= 1/e, so the denominator is within about 1.4e-7
 * relative. Twice that, for the summation and 1 / sum.
 */
const CONFIDENCE_TOLERANCE = 3e-7;

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

  // The kernel's exponentials are float32 (v - max rounded to float32, then exp): each term within |t| 6e-8 +
  // 1.2e-7 relative, so the max-softmax within CONFIDENCE_TOLERANCE relative of the float64 one (see scoreRows).
  it('predicts exactly what the materialised logits predict, with the max-softmax to float32 precision', () => {
    const scores = scoreCombinations(
      zs.logits,
      ft.logits,
      cases.map((c) => c[2]),
    );
    cases.forEach(([, logits], c) => {
      expect(Array.from(scores[c].predictions)).toEqual(Array.from(argmaxRows(logits)));
      const reference = maxSoftmax(logits);
      for (let i = 0; i < labels.length; i++)
        expect(Math.abs(scores[c].confidence[i] / reference[i] - 1)).toBeLessThan(CONFIDENCE_TOLERANCE);
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
    // exp(0) = 1 exactly in float32 too: equal values give exactly 1/7.
    expect(zsOnly.confidence[1]).toBe(1 / 7);
    const row0 = [0, 1, 3, 2, 0, 3, 1].reduce((s, v) => s + Math.exp(v), 0);
    expect(Math.abs(zsOnly.confidence[0] / (Math.exp(3) / row0) - 1)).toBeLessThan(CONFIDENCE_TOLERANCE);
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

  it('keeps confidences within the float32 bound on rows that stress it', () => {
    // Many classes at t = -1 (where t e^t, the sensitivity to rounding t, peaks), large logits (t rounded from
    // differences of numbers near 1e4), terms just above and below e^-87 (float32's last normal exponentials) and
    // a row of one class far ahead (confidence 1 - 1e-30: exactly 1 in float64).
    const cols = 1001;
    const rows = [
      Array.from({ length: cols }, (_, j) => (j === 0 ? 0 : -1)),
      Array.from({ length: cols }, (_, j) => 1e4 + (j % 7) * 0.37 - (j % 3) * 1.3),
      Array.from({ length: cols }, (_, j) => (j === 5 ? 0 : -86.5 - (j % 4) * 0.5)),
      Array.from({ length: cols }, (_, j) => (j === 9 ? 60 : -9 + (j % 11) * 0.1)),
      Array.from({ length: cols }, (_, j) => Math.sin(j * 12.9898) * 40),
    ];
    const x = matrix(Float64Array.from(rows.flat()), rows.length, cols);
    const [scores] = scoreCombinations(x, undefined, [{ zeroShotWeight: 1 }]);
    const reference = maxSoftmax(x);
    for (let i = 0; i < rows.length; i++) {
      expect(scores.predictions[i]).toBe(argmaxRows(x)[i]);
      expect(Math.abs(scores.confidence[i] / reference[i] - 1)).toBeLessThan(CONFIDENCE_TOLERANCE);
    }
    expect(scores.confidence[3]).toBe(1);
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
      // Every confidence within CONFIDENCE_TOLERANCE (relative, so absolute too: they are <= 1) moves the ECE by
      // no more than that, unless one crosses a bin edge (not in this data).
      expect(Math.abs(metrics.ece - reference.ece)).toBeLessThan(CONFIDENCE_TOLERANCE);
    }
  });

  it('an alpha sweep reuses the zero-shot, fine-tuned and ensemble scores at 0, 1 and alpha', () => {
    const alphas = Array.from({ length: 11 }, (_, i) => i / 10);
    const run = evaluateRun({ ...inputs, alphas, threads: 2 });
    expect(run.sweep.map((s) => s.alpha)).toEqual(alphas);
    expect(run.sweep[0].metrics).toEqual(run.methods['zero-shot']);
    expect(run.sweep[10].metrics).toEqual(run.methods['fine-tuned']);
    expect(run.sweep[4].metrics).toEqual(run.methods['output-ensemble']);
    // Without a sweep every method is scored on its own (float32 exponentials, the sweep's are float64): the same
    // predictions, confidences within CONFIDENCE_TOLERANCE.
    const alone = evaluateRun(inputs).methods;
    for (const [name, metrics] of Object.entries(alone)) {
      const swept = run.methods[name as keyof typeof alone]!;
      expect({ ...metrics, ece: 0 }).toEqual({ ...swept, ece: 0 });
      expect(Math.abs(metrics!.ece - swept.ece)).toBeLessThan(CONFIDENCE_TOLERANCE);
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
