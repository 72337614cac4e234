import { mkdtempSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ParallelPool,
  encodeNpyHeader,
  evaluateRun,
  matrix,
  NpyRowReader,
  scoreCombinations,
  type Matrix,
} from '../src/index.js';
import { biasedLogits, zipfPrior } from './generate-logits.js';

const dir = mkdtempSync(join(tmpdir(), 'gla-file-rows-'));
const pool = ParallelPool.open(2);
afterAll(() => pool.close());

function writeLogits(name: string, m: Matrix, dtype: '<f4' | '<f8'): string {
  const values = dtype === '<f4' ? Float32Array.from(m.data) : Float64Array.from(m.data);
  const file = join(dir, name);
  writeFileSync(file, Buffer.concat([encodeNpyHeader(dtype, [m.rows, m.cols]), new Uint8Array(values.buffer)]));
  return file;
}

/** The file's rows as the lanes see them, from a reader opened (and closed) here. */
function fileRows(file: string) {
  const reader = NpyRowReader.open(file);
  try {
    const rows = reader.fileRows();
    if (!rows) throw new Error('not a float32 / float64 file');
    return rows;
  } finally {
    reader.close();
  }
}

describe('scoring logits the lanes read from their files', () => {
  const k = 13;
  const zs = biasedLogits({ k, perClass: 23, prior: zipfPrior(k, 20, 1), seed: 4 });
  const ft = biasedLogits({ k, perClass: 23, prior: zipfPrior(k, 3, 2), seed: 8 }).logits;
  const q = zipfPrior(k, 20, 1);
  const shift = Float64Array.from(q, (v) => -Math.log(v));
  const combinations = [
    { zeroShotWeight: 1 },
    { zeroShotWeight: 0.5, fineTunedWeight: 0.5 },
    { fineTunedWeight: 1 },
    { zeroShotWeight: 1, zeroShotShift: shift, fineTunedWeight: 1 },
  ];

  it('gives byte-identical scores to the matrices in memory, float32 and float64, on 1 and 2 lanes', () => {
    for (const dtype of ['<f4', '<f8'] as const) {
      // The file holds the values rounded to its dtype: the matrices compared with are rounded the same way.
      const round = (m: Matrix) =>
        matrix(dtype === '<f4' ? Float32Array.from(m.data) : Float64Array.from(m.data), m.rows, m.cols);
      const inMemory = scoreCombinations(round(zs.logits), round(ft), combinations, { blockRows: 5 });
      const files = [writeLogits(`zs${dtype}.npy`, zs.logits, dtype), writeLogits(`ft${dtype}.npy`, ft, dtype)];
      for (const lanes of [undefined, pool]) {
        const read = scoreCombinations(fileRows(files[0]), fileRows(files[1]), combinations, {
          blockRows: 7,
          pool: lanes,
        });
        read.forEach((s, c) => {
          expect(Buffer.from(s.predictions.buffer).equals(Buffer.from(inMemory[c].predictions.buffer))).toBe(true);
          expect(Buffer.from(s.confidence.buffer).equals(Buffer.from(inMemory[c].confidence.buffer))).toBe(true);
        });
      }
    }
  });

  it('names the input, row and column of the first non-finite or too large value, as a whole read does', () => {
    const bad = matrix(Float32Array.from(ft.data), ft.rows, k);
    bad.data[40 * k + 6] = Number.NEGATIVE_INFINITY;
    bad.data[90 * k + 1] = Number.NaN;
    const zsFile = fileRows(writeLogits('zs-ok.npy', zs.logits, '<f4'));
    const badFile = fileRows(writeLogits('ft-bad.npy', bad, '<f4'));
    const score = () =>
      scoreCombinations(zsFile, badFile, combinations, {
        blockRows: 16,
        pool,
        checks: { fineTuned: { name: 'ft.npy', scale: 1 } },
      });
    expect(score).toThrow('ft.npy: non-finite value -Infinity at row 40, column 6');
    // Magnitude times the input's scale (1 / T), as evaluateRun checks matrices held whole.
    const huge = matrix(Float64Array.from(zs.logits.data), zs.logits.rows, k);
    huge.data[77 * k + 12] = 1e299;
    const hugeFile = fileRows(writeLogits('zs-huge.npy', huge, '<f8'));
    expect(() =>
      scoreCombinations(hugeFile, undefined, [{ zeroShotWeight: 100 }], {
        checks: { zeroShot: { name: 'zs.npy', scale: 100 } },
      }),
    ).toThrow(/^zs\.npy: the logit at row 77, column 12 has magnitude 1\.00e\+301 after dividing by the temperature/);
  });

  it('fails with a one-line message when the file shrank after it was opened', () => {
    const file = writeLogits('shrinks.npy', zs.logits, '<f4');
    const rows = fileRows(file);
    truncateSync(file, rows.dataOffset + 100 * k * 4);
    expect(() => scoreCombinations(rows, undefined, [{ zeroShotWeight: 1 }], { blockRows: 32 })).toThrow(
      `${file}: file shrank while being read`,
    );
  });

  it('lets evaluateRun refuse a file rewritten (same size) after its reader opened it', () => {
    const zsFile = writeLogits('zs-rewritten.npy', zs.logits, '<f4');
    const reader = NpyRowReader.open(zsFile);
    try {
      writeLogits('zs-rewritten.npy', ft, '<f4');
      utimesSync(zsFile, new Date(0), new Date(1000));
      expect(() =>
        evaluateRun({ labels: zs.labels, pretrainingPrior: q, zeroShot: reader, fineTuned: reader }),
      ).toThrow(`${zsFile}: file changed while being read`);
    } finally {
      reader.close();
    }
  });

  it('lets evaluateRun score row readers of float32 files through the lanes, with its metrics unchanged', () => {
    const zsFile = writeLogits('zs-run.npy', zs.logits, '<f4');
    const ftFile = writeLogits('ft-run.npy', ft, '<f4');
    const base = { labels: zs.labels, pretrainingPrior: q, alphas: [0, 0.5, 1], perClass: true };
    const whole = evaluateRun({
      ...base,
      zeroShot: matrix(Float32Array.from(zs.logits.data), zs.logits.rows, k),
      fineTuned: matrix(Float32Array.from(ft.data), ft.rows, k),
    });
    const readers = [NpyRowReader.open(zsFile), NpyRowReader.open(ftFile)];
    try {
      const read = evaluateRun({ ...base, zeroShot: readers[0], fineTuned: readers[1], threads: 2, chunkRows: 9 });
      expect(read).toEqual(whole);
    } finally {
      for (const r of readers) r.close();
    }
  });
});
