import { describe, expect, it } from 'vitest';
import { matrix, type Matrix, scoreCombinations, scoreCombinationsStreaming, type RowSource } from '../src/index.js';
import { biasedLogits, zipfPrior } from './generate-logits.js';

/** Rows of an in-memory matrix served chunk by chunk, counting the largest chunk asked for. */
function source(m: Matrix): RowSource & { largest: number } {
  return {
    rows: m.rows,
    cols: m.cols,
    largest: 0,
    readRows(start, count) {
      this.largest = Math.max(this.largest, count);
      return matrix(m.data.slice(start * m.cols, (start + count) * m.cols), count, m.cols);
    },
  };
}

describe('streaming scoring over row chunks', () => {
  const k = 13;
  const zs = biasedLogits({ k, perClass: 9, prior: zipfPrior(k, 20, 1), seed: 2 }).logits;
  const ft = biasedLogits({ k, perClass: 9, prior: zipfPrior(k, 3, 3), seed: 4 }).logits;
  const shift = Float64Array.from({ length: k }, (_, j) => Math.log(j + 1));
  // No two alike: the streaming scorer scores identical combinations once, where scoreCombinations scores each.
  const combos = [
    { zeroShotWeight: 0.5, zeroShotShift: shift },
    { zeroShotWeight: 0.5, zeroShotShift: shift, fineTunedWeight: 2, fineTunedShift: shift },
    ...[0, 0.25, 0.5, 0.75, 1].map((a) => ({ zeroShotWeight: 1 - a, fineTunedWeight: a })),
  ];

  it('gives byte-identical scores to scoring the whole matrices, for chunks of 7 rows on 2 threads', () => {
    const whole = scoreCombinations(zs, ft, combos);
    const a = source(zs);
    const streamed = scoreCombinationsStreaming(a, source(ft), combos, { chunkRows: 7, threads: 2 });
    expect(a.largest).toBe(7);
    streamed.forEach((s, c) => {
      expect(Buffer.from(s.predictions.buffer).equals(Buffer.from(whole[c].predictions.buffer))).toBe(true);
      expect(Buffer.from(s.confidence.buffer).equals(Buffer.from(whole[c].confidence.buffer))).toBe(true);
    });
  });

  it('names the input and the absolute row of a non-finite value', () => {
    const bad = matrix(Float32Array.from(zs.data), zs.rows, k);
    bad.data[100 * k + 4] = Number.NaN;
    expect(() =>
      scoreCombinationsStreaming(source(bad), undefined, [{ zeroShotWeight: 1 }], {
        chunkRows: 16,
        names: { zeroShot: 'zs.npy' },
      }),
    ).toThrow(/^zs\.npy: non-finite value NaN at row 100, column 4$/);
  });
});
