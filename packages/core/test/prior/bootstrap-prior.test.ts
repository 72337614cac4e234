import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bootstrapPrior, estimatePriorExact, matrix, openNpyFileLogits, ParallelPool } from '../../src/index.js';
import { biasedLogits, zipfPrior } from '../generate-logits.js';
import { writeNpyFile } from '../npy-test-files.js';

const bytes = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('a selection of rows as the estimation set (bootstrap samples, read in place)', () => {
  const k = 9;
  // 1,300 rows: three 512-row blocks, the last partial.
  const { logits, labels } = biasedLogits({ k, perClass: 145, prior: zipfPrior(k, 12, 2), seed: 8, sigma: 1.2 });
  const f32 = matrix(Float32Array.from(logits.data), logits.rows, k);
  // Rows drawn with repeats and out of order, and the copy of those rows the solver would otherwise need.
  const order = Int32Array.from({ length: 1200 }, (_, i) => (i * 7919 + (i % 13) * 31) % logits.rows);
  const orderLabels = Int32Array.from(order, (r) => labels[r]);
  const copied = matrix(new Float32Array(order.length * k), order.length, k);
  order.forEach((r, i) => copied.data.set(f32.data.subarray(r * k, r * k + k), i * k));

  it('gives the bytes of the same rows copied into a matrix, in memory and from a file, on 1 and 2 lanes', () => {
    const expected = estimatePriorExact(copied, orderLabels, { tolerance: 1e-9 });
    const file = writeNpyFile(mkdtempSync(join(tmpdir(), 'gla-rows-')), 'zs.npy', f32.data, f32.rows, k, 5);
    const pool = ParallelPool.open(2);
    try {
      for (const source of [f32, openNpyFileLogits(file)]) {
        for (const lanes of [{}, { pool }]) {
          const got = estimatePriorExact(source, orderLabels, { tolerance: 1e-9, rows: order, ...lanes });
          expect(bytes(got.prior)).toEqual(bytes(expected.prior));
          expect(got.certificate).toBe(expected.certificate);
        }
      }
    } finally {
      pool.close();
    }
  });

  it('refuses a row number outside the logits and labels of another length', () => {
    expect(() => estimatePriorExact(f32, Int32Array.of(0), { rows: Int32Array.of(f32.rows) })).toThrow(RangeError);
    expect(() => estimatePriorExact(f32, Int32Array.of(0, 1), { rows: Int32Array.of(3) })).toThrow(RangeError);
  });

  it('bootstraps to the same bytes in memory, from a file and on two lanes', () => {
    const file = writeNpyFile(mkdtempSync(join(tmpdir(), 'gla-boot-')), 'zs.npy', f32.data, f32.rows, k);
    const one = bootstrapPrior(f32, labels, { replicates: 6, seed: 3, tolerance: 1e-9 });
    const pool = ParallelPool.open(2);
    try {
      for (const other of [
        bootstrapPrior(openNpyFileLogits(file), labels, { replicates: 6, seed: 3, tolerance: 1e-9 }),
        bootstrapPrior(f32, labels, { replicates: 6, seed: 3, tolerance: 1e-9, pool }),
      ]) {
        expect(bytes(other.standardErrors)).toEqual(bytes(one.standardErrors));
        expect(bytes(other.lower)).toEqual(bytes(one.lower));
        expect(bytes(other.upper)).toEqual(bytes(one.upper));
      }
    } finally {
      pool.close();
    }
    for (let j = 0; j < k; j++) expect(one.standardErrors[j]).toBeGreaterThan(0);
  });
});
