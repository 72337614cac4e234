import { describe, expect, it } from 'vitest';
import { evaluateRun, matrix, type Matrix, type RowSource } from '../src/index.js';
import { biasedLogits, zipfPrior } from './generate-logits.js';

/** Rows of an in-memory matrix served chunk by chunk (a copy each time, as a file reader gives), counting calls. */
function source(m: Matrix): RowSource & { reads: number; largest: number } {
  return {
    rows: m.rows,
    cols: m.cols,
    reads: 0,
    largest: 0,
    readRows(start, count) {
      this.reads++;
      this.largest = Math.max(this.largest, count);
      return matrix(m.data.slice(start * m.cols, (start + count) * m.cols), count, m.cols);
    },
  };
}

describe('evaluateRun on logits read in row chunks', () => {
  const k = 11;
  const zs = biasedLogits({ k, perClass: 9, prior: zipfPrior(k, 20, 1), seed: 3 });
  const ft = biasedLogits({ k, perClass: 9, prior: zipfPrior(k, 3, 3), seed: 5 }).logits;
  const wise = biasedLogits({ k, perClass: 9, prior: zipfPrior(k, 5, 2), seed: 7 }).logits;
  const q = zipfPrior(k, 20, 1);
  const base = { labels: zs.labels, pretrainingPrior: q, alphas: [0, 0.3, 1], perClass: true };

  it('gives the same metrics as the whole matrices, for any chunk size and thread count', () => {
    const whole = evaluateRun({ ...base, zeroShot: zs.logits, fineTuned: ft, wiseFt: wise });
    for (const [chunkRows, threads] of [
      [1, 1],
      [7, 2],
      [zs.logits.rows, 1],
    ]) {
      const a = source(zs.logits);
      const streamed = evaluateRun({
        ...base,
        zeroShot: a,
        fineTuned: source(ft),
        wiseFt: source(wise),
        chunkRows,
        threads,
      });
      expect(a.largest).toBe(chunkRows);
      expect(a.reads).toBe(Math.ceil(zs.logits.rows / chunkRows));
      expect(streamed).toEqual(whole);
    }
  });

  it('scores a case worked by hand, one row per chunk', () => {
    // Zero-shot predicts class 0 then class 1, labels are 0 and 0: top-1 1/2. Fine-tuned predicts 0 twice: 1.
    const z = matrix(Float32Array.from([2, 0, 0, 1]), 2, 2);
    const f = matrix(Float32Array.from([3, 0, 1, 0]), 2, 2);
    const run = evaluateRun({
      labels: Int32Array.from([0, 0]),
      zeroShot: source(z),
      fineTuned: source(f),
      pretrainingPrior: [0.5, 0.5],
      chunkRows: 1,
    });
    expect(run.methods['zero-shot']?.top1).toBe(0.5);
    expect(run.methods['fine-tuned']?.top1).toBe(1);
  });

  it('names the file and the row in the whole file of a non-finite or too large logit', () => {
    const bad = matrix(Float32Array.from(zs.logits.data), zs.logits.rows, k);
    bad.data[10 * k + 4] = Number.NaN;
    const run = (m: Matrix, f: Matrix) =>
      evaluateRun({
        labels: zs.labels,
        zeroShot: source(m),
        fineTuned: source(f),
        pretrainingPrior: q,
        chunkRows: 4,
        names: { zeroShot: 'zs.npy', fineTuned: 'ft.npy' },
      });
    expect(() => run(bad, ft)).toThrow('zs.npy: non-finite value NaN at row 10, column 4');
    const huge = matrix(Float64Array.from(ft.data), ft.rows, k);
    huge.data[13 * k + 2] = 1e301;
    expect(() => run(zs.logits, huge)).toThrow(/^ft\.npy: the logit at row 13, column 2 has magnitude 1\.00e\+301/);
  });
});
