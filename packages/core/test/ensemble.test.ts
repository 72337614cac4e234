import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { adjustLogits, argmaxRows, glaLogits, matrix, outputEnsemble } from '../src/index.js';

describe('GLA and ensembles', () => {
  it('GLA logits equal f_ft/T_ft - log pi_s + f_zs/T_zs - log q', () => {
    const zs = matrix(Float64Array.from([1, 2, 3, 4]), 2, 2);
    const ft = matrix(Float64Array.from([0.5, -1, 2, 0]), 2, 2);
    const q = [0.8, 0.2];
    const ps = [0.3, 0.7];
    const out = glaLogits({
      zeroShot: zs,
      fineTuned: ft,
      pretrainingPrior: q,
      downstreamPrior: ps,
      zeroShotTemperature: 2,
      fineTunedTemperature: 0.5,
    });
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        const expected = ft.data[i * 2 + j] / 0.5 - Math.log(ps[j]) + zs.data[i * 2 + j] / 2 - Math.log(q[j]);
        expect(out.data[i * 2 + j]).toBeCloseTo(expected, 12);
      }
    }
  });

  it('predictions do not change when log q is shifted by a constant (q rescaled)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 12, maxLength: 12 }),
        fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        (values, q, c) => {
          const logits = matrix(Float64Array.from(values), 3, 4);
          // Leave out near-ties, where the rounding of log(c q) may flip an argmax.
          const adjusted = adjustLogits(logits, q).data;
          for (let i = 0; i < 3; i++) {
            const row = Array.from(adjusted.subarray(i * 4, i * 4 + 4)).sort((x, y) => y - x);
            fc.pre(row[0] - row[1] > 1e-9);
          }
          const a = argmaxRows(adjustLogits(logits, q));
          const b = argmaxRows(
            adjustLogits(
              logits,
              q.map((v) => v * c),
            ),
          );
          expect(Array.from(a)).toEqual(Array.from(b));
        },
      ),
    );
  });

  it('output ensemble interpolates the logits', () => {
    const a = matrix(Float64Array.from([0, 4]), 1, 2);
    const b = matrix(Float64Array.from([2, 0]), 1, 2);
    expect(Array.from(outputEnsemble(a, b, 0.25).data)).toEqual([0.5, 3]);
    expect(Array.from(outputEnsemble(a, b, 0).data)).toEqual([0, 4]);
  });

  it('logit adjustment with tau and a target prior', () => {
    const out = adjustLogits(matrix(Float64Array.from([1, 1]), 1, 2), [0.5, 0.25], { tau: 2, targetPrior: [0.1, 0.9] });
    expect(out.data[0]).toBeCloseTo(1 - 2 * Math.log(0.5) + Math.log(0.1), 12);
    expect(out.data[1]).toBeCloseTo(1 - 2 * Math.log(0.25) + Math.log(0.9), 12);
  });
});

describe('GLA, second check: Bayes rule on a world with known likelihoods', () => {
  // If f_zs = log p(x|y) + log q + c and f_ft = log p(x|y) + log pi_s + c', GLA removes both priors and its softmax
  // is softmax(2 log p(x|y)) for a balanced target: computed here straight from the likelihoods.
  const likelihood = [
    [0.5, 0.3, 0.2],
    [0.1, 0.3, 0.6],
    [0.25, 0.45, 0.3],
  ];
  const q = [0.7, 0.2, 0.1];
  const ps = [0.1, 0.3, 0.6];
  const zs = matrix(Float64Array.from(likelihood.flatMap((row, i) => row.map((p, j) => Math.log(p * q[j]) + i))), 3, 3);
  const ft = matrix(Float64Array.from(likelihood.flatMap((row) => row.map((p, j) => Math.log(p * ps[j]) - 2))), 3, 3);

  it('softmax of the GLA logits equals the normalised squared likelihoods', () => {
    const out = glaLogits({ zeroShot: zs, fineTuned: ft, pretrainingPrior: q, downstreamPrior: ps });
    for (let i = 0; i < 3; i++) {
      const sq = likelihood[i].map((p) => p * p);
      const total = sq.reduce((s, v) => s + v, 0);
      const row = Array.from(out.data.subarray(i * 3, i * 3 + 3));
      const max = Math.max(...row);
      const z = row.reduce((s, v) => s + Math.exp(v - max), 0);
      for (let j = 0; j < 3; j++) expect(Math.exp(row[j] - max) / z).toBeCloseTo(sq[j] / total, 12);
    }
    // Row 1: the zero-shot model alone says class 0 (0.1 * 0.7 > 0.6 * 0.1), the likelihood says class 2.
    expect(Array.from(argmaxRows(out))).toEqual([0, 2, 1]);
    expect(Array.from(argmaxRows(zs))[1]).toBe(0);
  });
});
