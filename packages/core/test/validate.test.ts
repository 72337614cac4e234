import { describe, expect, it } from 'vitest';
import {
  InputError,
  MAX_SCALED_LOGIT_SPREAD,
  checkLogitMagnitude,
  checkLogitSpread,
  checkLogits,
  checkFinite,
  checkPrior,
  checkTemperature,
  estimatePrior,
  evaluateMethods,
  matrix,
} from '../src/index.js';
import { biasedLogits, zipfPrior } from './generate-logits.js';

describe('checkPrior', () => {
  it('renormalises a usual prior exactly as v / sum (so results stay byte-identical)', () => {
    const { prior, logPrior, rawSum } = checkPrior([1, 2, 3, 4], 4);
    expect(Array.from(prior)).toEqual([0.1, 0.2, 0.3, 0.4]);
    expect(Array.from(logPrior)).toEqual([0.1, 0.2, 0.3, 0.4].map(Math.log));
    expect(rawSum).toBe(10);
  });

  it('four entries of 1e308 (their sum overflows) give the uniform prior, never zeros', () => {
    const { prior, logPrior, rawSum } = checkPrior([1e308, 1e308, 1e308, 1e308], 4);
    expect(rawSum).toBe(Infinity);
    expect(Array.from(prior)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(Array.from(logPrior)).toEqual(new Array(4).fill(Math.log(0.25)));
  });

  it('keeps a ratio of 1e600 in log space (numpy: log v - logaddexp.reduce(log v))', () => {
    // Expected values from numpy: np.log(v) - np.logaddexp.reduce(np.log(v)) for v = [1e300, 1e-300, 2e300].
    const expected = [-1.0986122886681642, -1382.6496680850955, -0.40546510810816017];
    const { logPrior } = checkPrior([1e300, 1e-300, 2e300], 3);
    for (let j = 0; j < 3; j++) expect(logPrior[j]).toBeCloseTo(expected[j], 9);
  });

  it('refuses zero, negative and non-finite entries, naming the entry', () => {
    expect(() => checkPrior([1, 0], 2, 'q.json')).toThrow(/^q\.json: entry 1 is 0/);
    expect(() => checkPrior([1, Infinity], 2)).toThrow(InputError);
    expect(() => checkPrior([Number.NaN, 1], 2)).toThrow(/entry 0 is NaN/);
  });
});

describe('checkTemperature', () => {
  it('accepts finite positive values and refuses 0, negative, NaN and Infinity', () => {
    expect(checkTemperature(0.5)).toBe(0.5);
    expect(checkTemperature(1e-300)).toBe(1e-300);
    for (const bad of [0, -1, -0, Number.NaN, Infinity, -Infinity])
      expect(() => checkTemperature(bad, '--zero-shot-temperature')).toThrow(
        /^--zero-shot-temperature: must be a finite number > 0, got /,
      );
  });
});

describe('checkLogitSpread', () => {
  it(`accepts a row spread of exactly ${MAX_SCALED_LOGIT_SPREAD} and refuses one just above, naming the row`, () => {
    const m = matrix(new Float64Array([0, 1, 0, 350, -350, 0]), 2, 3);
    expect(() => checkLogitSpread(m, 1)).not.toThrow();
    expect(() => checkLogitSpread(m, 1.01, 'z.npy')).toThrow(/^z\.npy: .* span 707 in row 1, more than the 700/);
    // A block of a larger file names the row in the whole file.
    expect(() => checkLogitSpread(m, 1.01, 'z.npy', 512)).toThrow(/^z\.npy: .* span 707 in row 513, more than/);
  });
});

describe('checkLogits (the fused check)', () => {
  it('names the first non-finite value before any magnitude or spread problem', () => {
    const m = matrix(new Float32Array([1, 2, 3e38, 4, 5, Number.NaN, 7, Infinity, 9]), 3, 3);
    expect(() => checkLogits(m, { what: 'z.npy', firstRow: 10, spreadScale: 1 })).toThrow(
      /^z\.npy: non-finite value NaN at row 11, column 2$/,
    );
    expect(() => checkFinite(m, 'z.npy', 10)).toThrow(/^z\.npy: non-finite value NaN at row 11, column 2$/);
  });

  it('refuses a magnitude beyond 1e300 after scaling with the words of checkLogitMagnitude', () => {
    const m = matrix(new Float64Array([1, -2e299, 3, 4]), 2, 2);
    expect(() => checkLogits(m, { magnitudeScale: 4 })).not.toThrow(); // 8e299
    expect(() => checkLogits(m, { what: 'f.npy', magnitudeScale: 6 })).toThrow(
      /^f\.npy: the logit at row 0, column 1 has magnitude 1\.20e\+300 after dividing by the temperature/,
    );
  });

  it('checks the row spread only when given its scale, with the words of checkLogitSpread', () => {
    const m = matrix(new Float32Array([0, 1, 0, 350, -350, 0]), 2, 3);
    expect(() => checkLogits(m)).not.toThrow();
    expect(() => checkLogits(m, { spreadScale: 1 })).not.toThrow();
    expect(() => checkLogits(m, { what: 'z.npy', spreadScale: 1.01 })).toThrow(/^z\.npy: .* span 707 in row 1/);
    expect(() => checkLogits(m, { what: 'z.npy', spreadScale: 1.01, firstRow: 40 })).toThrow(/ span 707 in row 41,/);
  });
});

describe('estimatePrior at extreme scales', () => {
  const { logits, labels } = biasedLogits({ k: 4, perClass: 10, prior: zipfPrior(4, 10, 1), seed: 3 });
  const scaled = (factor: number) =>
    matrix(
      Float64Array.from(logits.data, (v) => v * factor),
      logits.rows,
      4,
    );

  it('refuses logits of magnitude 3e5 (exact solver) with one line instead of NaN', () => {
    expect(() => estimatePrior(scaled(3e5), labels, { what: 'zs.npy' })).toThrow(/^zs\.npy: logits divided by/);
  });

  it('refuses a temperature of 1e-7, 0 or -1', () => {
    expect(() => estimatePrior(logits, labels, { temperature: 1e-7 })).toThrow(/span .* use a larger temperature/);
    expect(() => estimatePrior(logits, labels, { temperature: 0 })).toThrow(/must be a finite number > 0, got 0/);
    expect(() => estimatePrior(logits, labels, { temperature: -1, solver: 'paper' })).toThrow(/got -1/);
  });

  it('the paper solver stays finite at magnitude 3e5 (it works on q, not log q)', () => {
    const estimate = estimatePrior(scaled(3e5), labels, { solver: 'paper', iterations: 50 });
    for (const q of estimate.prior) expect(q > 0 && Number.isFinite(q)).toBe(true);
  });
});

describe('evaluateMethods with extreme priors and temperatures', () => {
  const { logits, labels } = biasedLogits({ k: 6, perClass: 8, prior: zipfPrior(6, 10, 1), seed: 5 });
  const base = { labels, zeroShot: logits, fineTuned: logits };

  it('a prior of equal entries 1e308 scores exactly as the uniform prior', () => {
    const huge = evaluateMethods({ ...base, pretrainingPrior: new Array(6).fill(1e308) });
    const uniform = evaluateMethods({ ...base, pretrainingPrior: new Array(6).fill(1 / 6) });
    expect(huge).toEqual(uniform);
  });

  it('refuses a zero or negative temperature, naming it', () => {
    const prior = new Array(6).fill(1);
    expect(() => evaluateMethods({ ...base, pretrainingPrior: prior, zeroShotTemperature: -1 })).toThrow(
      /^zero-shot temperature: must be a finite number > 0, got -1$/,
    );
    expect(() => evaluateMethods({ ...base, pretrainingPrior: prior, fineTunedTemperature: 0 })).toThrow(
      /^fine-tuned temperature: must be a finite number > 0, got 0$/,
    );
  });
});

describe('checkLogitMagnitude', () => {
  it('accepts |z| / T up to 1e300 and refuses beyond, naming the entry', () => {
    const m = matrix(new Float64Array([1, -2, 0.5, 3]), 2, 2);
    expect(() => checkLogitMagnitude(m, 1e300 / 3)).not.toThrow();
    expect(() => checkLogitMagnitude(m, 1e300 / 2.9, 'ft.npy')).toThrow(
      /^ft\.npy: the logit at row 1, column 1 has magnitude 1\.03e\+300/,
    );
  });

  it('evaluateMethods refuses 1.5e308 logits (GLA adds two of them) instead of scoring Infinity', () => {
    const huge = matrix(new Float64Array([1.5e308, 0, 0, 1.5e308]), 2, 2);
    const labels = new Int32Array([0, 1]);
    expect(() => evaluateMethods({ labels, zeroShot: huge, fineTuned: huge, pretrainingPrior: [0.5, 0.5] })).toThrow(
      /^zero-shot logits: the logit at row 0, column 0 has magnitude 1\.50e\+308/,
    );
  });
});
