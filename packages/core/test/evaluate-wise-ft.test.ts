import { describe, expect, it } from 'vitest';
import { ParallelPool, evaluateRun, matrix, predictionAccuracy } from '../src/index.js';

// Formulas, so that each WiSE-FT model's predictions can be computed here by hand.
const N = 60;
const K = 4;
const table = (f: (i: number, j: number) => number) =>
  Float64Array.from({ length: N * K }, (_, n) => f(Math.floor(n / K), n % K));
const zs = matrix(
  table((i, j) => 3 * Math.sin(1.3 * i + 2.1 * j)),
  N,
  K,
);
const ft = matrix(
  table((i, j) => 2 * Math.cos(0.7 * i + 1.7 * j + 0.4)),
  N,
  K,
);
const wise = (a: number) =>
  matrix(
    table((i, j) => (1 - a) * zs.data[i * K + j] + a * ft.data[i * K + j] + 0.1 * Math.sin(i * j)),
    N,
    K,
  );
const labels = Int32Array.from({ length: N }, (_, i) => (5 * i) % K);
const common = { labels, zeroShot: zs, fineTuned: ft, pretrainingPrior: [0.4, 0.3, 0.2, 0.1] };

/** Top-1 of a matrix by the definition: the first index of each row's maximum. */
function top1(m: { data: Float64Array }): number {
  const predicted = Int32Array.from({ length: N }, (_, i) => {
    const r = Array.from(m.data.subarray(i * K, (i + 1) * K));
    return r.indexOf(Math.max(...r));
  });
  return predictionAccuracy(predicted, labels);
}

describe('evaluateRun with several WiSE-FT models', () => {
  it("scores each model's own logits in the order given, as the registry's wise-ft row scores one model", () => {
    const models = [0.3, 0.7].map((alpha) => ({ alpha, logits: wise(alpha), name: `w${alpha}.npy` }));
    const run = evaluateRun({ ...common, wiseFtModels: models, perClass: true });
    expect(run.wiseFtModels?.map((w) => w.alpha)).toEqual([0.3, 0.7]);
    for (const [i, w] of models.entries()) {
      expect(run.wiseFtModels?.[i].metrics.top1).toBe(top1(w.logits));
      const alone = evaluateRun({ ...common, wiseFt: w.logits, methods: ['wise-ft'], perClass: true });
      expect(run.wiseFtModels?.[i].metrics).toEqual(alone.methods['wise-ft']);
      expect(run.wiseFtModels?.[i].perClass).toEqual(alone.perClass?.['wise-ft']);
    }
    // The registry's rows are those of a run without WiSE-FT models.
    expect(run.methods).toEqual(evaluateRun(common).methods);
  });

  it('gives the same metrics on two lanes as on one', () => {
    const models = [0.3, 0.7].map((alpha) => ({ alpha, logits: wise(alpha) }));
    const pool = ParallelPool.open(2);
    try {
      const one = evaluateRun({ ...common, wiseFtModels: models, threads: 1 });
      expect(evaluateRun({ ...common, wiseFtModels: models, pool })).toEqual(one);
    } finally {
      pool.close();
    }
  });

  it('names the model whose logits are not finite, too large or of the wrong shape', () => {
    const bad = wise(0.5);
    bad.data[2 * K + 3] = Number.NaN;
    const ok = { alpha: 0.3, logits: wise(0.3), name: 'a.npy' };
    expect(() => evaluateRun({ ...common, wiseFtModels: [ok, { alpha: 0.5, logits: bad, name: 'b.npy' }] })).toThrow(
      /^b\.npy: non-finite value NaN at row 2, column 3$/,
    );
    const huge = wise(0.5);
    huge.data[7] = -1e301;
    expect(() => evaluateRun({ ...common, wiseFtModels: [{ alpha: 0.5, logits: huge, name: 'h.npy' }] })).toThrow(
      /^h\.npy: the logit at row 1, column 3 has magnitude 1\.00e\+301/,
    );
    const narrow = matrix(new Float64Array(N * 3), N, 3);
    expect(() => evaluateRun({ ...common, wiseFtModels: [{ alpha: 0.5, logits: narrow, name: 'n.npy' }] })).toThrow(
      /^n\.npy: 3 classes, but zero-shot logits has 4$/,
    );
  });
});
