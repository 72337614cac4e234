import { describe, expect, it } from 'vitest';
import {
  METHOD_IDS,
  METHODS,
  availableMethods,
  evaluateMethods,
  matrix,
  methodContext,
  methodDefinition,
  methodLabel,
  scoreMethodTerms,
  type MethodId,
} from '../src/index.js';

// A case written as formulas, so that each method's logits can be computed here by hand, independently of core.
const N = 40;
const K = 5;
const table = (f: (i: number, j: number) => number) =>
  Array.from({ length: N }, (_, i) => Array.from({ length: K }, (_, j) => f(i, j)));
const zs = table((i, j) => 3 * Math.sin(1.3 * i + 2.1 * j));
const ft = table((i, j) => 2 * Math.cos(0.7 * i + 1.7 * j + 0.4));
const wise = table((i, j) => 1.5 * Math.sin(0.9 * i * j + 0.3 * i + j));
const labels = Int32Array.from({ length: N }, (_, i) => (7 * i) % K);
const exact = [0.5, 0.2, 0.15, 0.1, 0.05];
const authors = [0.3, 0.3, 0.2, 0.1, 0.1];
const truePrior = [0.6, 0.2, 0.1, 0.06, 0.04];
const piS = [0.1, 0.2, 0.4, 0.2, 0.1];
const tZs = 2;
const tFt = 0.5;
const alpha = 0.3;

const m = (rows: number[][]) => matrix(Float64Array.from(rows.flat()), rows.length, rows[0].length);
const argmax = (r: number[]) => r.indexOf(Math.max(...r));
const predictions = (f: (i: number, j: number) => number) => table(f).map(argmax);
const log = Math.log;

const expected: Record<MethodId, number[]> = {
  'zero-shot': predictions((i, j) => zs[i][j]),
  'fine-tuned': predictions((i, j) => ft[i][j]),
  'fine-tuned-la': predictions((i, j) => ft[i][j] - log(piS[j])),
  'wise-ft': predictions((i, j) => wise[i][j]),
  'output-ensemble': predictions((i, j) => (1 - alpha) * zs[i][j] + alpha * ft[i][j]),
  'debiased-zero-shot': predictions((i, j) => zs[i][j] / tZs - log(exact[j])),
  'gla-authors': predictions((i, j) => zs[i][j] / tZs - log(authors[j]) + ft[i][j] / tFt - log(piS[j])),
  gla: predictions((i, j) => zs[i][j] / tZs - log(exact[j]) + ft[i][j] / tFt - log(piS[j])),
  // The true prior is the bias of the raw zero-shot logits: no temperature on that term.
  'gla-true-prior': predictions((i, j) => zs[i][j] - log(truePrior[j]) + ft[i][j] / tFt - log(piS[j])),
};
const accuracy = (p: number[]) => p.filter((c, i) => c === labels[i]).length / N;

describe('the method registry', () => {
  it('has every table row once, with distinct ids and labels in the paper words', () => {
    expect(METHOD_IDS).toEqual([
      'zero-shot',
      'fine-tuned',
      'fine-tuned-la',
      'wise-ft',
      'output-ensemble',
      'debiased-zero-shot',
      'gla-authors',
      'gla',
      'gla-true-prior',
    ]);
    expect(new Set(METHODS.map((d) => d.label)).size).toBe(METHODS.length);
    expect(methodLabel('gla')).toBe('GLA (exact estimator)');
    expect(methodLabel('gla-authors')).toBe("GLA (authors' estimator)");
    expect(methodLabel('wise-ft', 0.3)).toBe('WiSE-FT (α = 0.3)');
  });

  it('lists only the rows a run can score', () => {
    expect(availableMethods(METHOD_IDS, { sources: ['zero-shot', 'fine-tuned'], priors: ['authors'] })).toEqual([
      'zero-shot',
      'fine-tuned',
      'fine-tuned-la',
      'output-ensemble',
      'debiased-zero-shot',
      'gla-authors',
    ]);
  });

  it('scores each row by its own formula, checked by hand-written arithmetic', () => {
    // The case must tell the rows apart, or the test could not catch a swapped formula.
    expect(new Set(Object.values(expected).map(String)).size).toBeGreaterThanOrEqual(8);
    const ctx = methodContext({
      classes: K,
      alpha,
      zeroShotTemperature: tZs,
      fineTunedTemperature: tFt,
      downstreamPrior: piS,
      priors: { exact, authors, true: truePrior },
    });
    const scores = scoreMethodTerms(
      { 'zero-shot': m(zs), 'fine-tuned': m(ft), 'wise-ft': m(wise) },
      METHOD_IDS.map((id) => methodDefinition(id).terms(ctx)),
    );
    METHOD_IDS.forEach((id, c) => expect([id, Array.from(scores[c].predictions)]).toEqual([id, expected[id]]));
    const got = evaluateMethods({
      labels,
      zeroShot: m(zs),
      fineTuned: m(ft),
      wiseFt: m(wise),
      pretrainingPrior: exact,
      otherPriors: { authors, true: truePrior },
      downstreamPrior: piS,
      alpha,
      zeroShotTemperature: tZs,
      fineTunedTemperature: tFt,
    });
    expect(Object.keys(got)).toEqual(METHOD_IDS);
    for (const id of METHOD_IDS) expect([id, got[id]?.top1]).toEqual([id, accuracy(expected[id])]);
  });

  it('names the GLA row by the estimator of the prior given', () => {
    const got = evaluateMethods({
      labels,
      zeroShot: m(zs),
      fineTuned: m(ft),
      pretrainingPrior: authors,
      priorRole: 'authors',
      zeroShotTemperature: tZs,
      fineTunedTemperature: tFt,
    });
    expect(Object.keys(got)).toEqual([
      'zero-shot',
      'fine-tuned',
      'output-ensemble',
      'debiased-zero-shot',
      'gla-authors',
    ]);
    expect(got['debiased-zero-shot']?.top1).toBe(accuracy(predictions((i, j) => zs[i][j] / tZs - log(authors[j]))));
  });

  it('uses -log(1/K) for a uniform downstream prior', () => {
    const ctx = methodContext({ classes: 3 });
    expect(Array.from(ctx.downstreamShift)).toEqual([1, 2, 3].map(() => -Math.log(1 / 3)));
  });
});
