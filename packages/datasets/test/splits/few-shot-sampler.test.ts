import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DatasetSplit } from '../../src/loaders/dataset-split.js';
import { sampleFewShot, sampleFewShotSplits } from '../../src/splits/few-shot-sampler.js';

/** A split with `sizes[c]` samples of class c, interleaved. */
function makeSplit(sizes: number[], name = 'train'): DatasetSplit {
  const samples = [];
  const max = Math.max(...sizes);
  for (let i = 0; i < max; i++)
    for (let c = 0; c < sizes.length; c++) if (i < sizes[c]) samples.push({ path: `/d/${c}/${i}.jpg`, label: c });
  return { name, classNames: sizes.map((_, c) => `c${c}`), samples };
}

const perClass = (s: DatasetSplit) =>
  s.samples.reduce((acc, x) => {
    acc[x.label] = (acc[x.label] ?? 0) + 1;
    return acc;
  }, [] as number[]);

describe('few-shot sampler', () => {
  it('draws k per class, deterministically for a seed, differently across seeds', () => {
    const split = makeSplit([30, 25, 40]);
    const a = sampleFewShot(split, 4, 1).split;
    expect(perClass(a)).toEqual([4, 4, 4]);
    expect(sampleFewShot(split, 4, 1).split.samples).toEqual(a.samples);
    expect(sampleFewShot(split, 4, 2).split.samples).not.toEqual(a.samples);
    expect(new Set(a.samples.map((s) => s.path)).size).toBe(12); // no repeats
  });

  it('nests: for one seed the 1-shot set is inside the 2-shot set, inside 4, 8 and 16', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), (seed) => {
        const split = makeSplit([20, 17, 33]);
        const sets = [1, 2, 4, 8, 16].map(
          (k) => new Set(sampleFewShot(split, k, seed).split.samples.map((s) => s.path)),
        );
        for (let i = 1; i < sets.length; i++) for (const p of sets[i - 1]) expect(sets[i].has(p)).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('takes all of a short class, as CoOp does, and reports it', () => {
    const { split, short } = sampleFewShot(makeSplit([10, 2]), 4, 1);
    expect(perClass(split)).toEqual([4, 2]);
    expect(short).toEqual([{ split: 'train', label: 1, available: 2, wanted: 4 }]);
  });

  it('uses min(k, 4) per class for val, as CoOp', () => {
    const splits = { train: makeSplit([30, 30]), val: makeSplit([10, 10], 'val') };
    for (const [k, v] of [
      [1, 1],
      [2, 2],
      [4, 4],
      [8, 4],
      [16, 4],
    ]) {
      const fs = sampleFewShotSplits(splits, k, 1);
      expect(perClass(fs.train)).toEqual([k, k]);
      expect(perClass(fs.val)).toEqual([v, v]);
      expect(fs.origin).toBe('sampled');
    }
    expect(perClass(sampleFewShotSplits(splits, 8, 1, 8).val)).toEqual([8, 8]); // the paper's 2k option
  });

  it('rejects a bad k or seed', () => {
    expect(() => sampleFewShot(makeSplit([3]), 0, 1)).toThrow(/shots must be a positive integer/);
    expect(() => sampleFewShot(makeSplit([3]), 1, 1.5)).toThrow(/seed must be an integer/);
  });
});
