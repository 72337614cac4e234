import { appendFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  InputError,
  ParallelPool,
  ParallelPriorPass,
  estimatePrior,
  openNpyFileLogits,
  parseNpy,
  priorUncertainty,
  type FloatArray,
  type LogitRows,
  type Matrix,
  type PriorEstimate,
} from '../../src/index.js';
import { biasedLogits, zipfPrior } from '../generate-logits.js';
import { writeNpyFile } from '../npy-test-files.js';

// Worker threads run the compiled kernels (dist/), so these tests need `pnpm build` first (turbo does it).

const dir = mkdtempSync(join(tmpdir(), 'gla-file-prior-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bytesOf(a: Float64Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** The matrix the whole-file path gives: the file read whole and parsed (as `gla` did before row blocks). */
function wholeMatrix(path: string): Matrix {
  const array = parseNpy(new Uint8Array(readFileSync(path)), path);
  return { rows: array.shape[0], cols: array.shape[1], data: array.data as FloatArray };
}

function expectSameEstimate(a: PriorEstimate, b: PriorEstimate): void {
  expect(bytesOf(b.prior).equals(bytesOf(a.prior))).toBe(true);
  expect(b.objective).toBe(a.objective);
  expect(b.certificate).toBe(a.certificate);
  expect(b.iterations).toBe(a.iterations);
  expect(b.passes).toBe(a.passes);
}

/** Estimate and standard errors, on a pool of `threads` lanes. */
function solve(logits: LogitRows, labels: Int32Array, threads: number) {
  const pool = threads > 1 ? ParallelPool.open(threads) : undefined;
  try {
    const estimate = estimatePrior(logits, labels, { blockRows: 64, threads, pool, what: 'zs.npy' });
    const uncertainty = priorUncertainty(logits, labels, estimate.prior, { threads, pool });
    return { estimate, uncertainty };
  } finally {
    pool?.close();
  }
}

describe('the exact prior solver on logits read in row blocks from their .npy file', () => {
  const k = 40;
  const prior = zipfPrior(k, 50, 3);
  // 1,000 rows: not a multiple of the block size (64), so the last block is short.
  const { logits, labels } = biasedLogits({ k, perClass: 25, prior, seed: 4, dims: 6, sigma: 1.2 });
  // Rows in a shuffled class order as well as sorted by class (the sandwich pass reads rows by class: one read
  // per row, or one per run of consecutive rows).
  const sorted = Int32Array.from(labels.keys()).sort((a, b) => labels[a] - labels[b] || a - b);
  const sortedLabels = Int32Array.from(sorted, (i) => labels[i]);
  const sortedLogits = new Float32Array(logits.data.length);
  for (let r = 0; r < sorted.length; r++)
    sortedLogits.set(logits.data.subarray(sorted[r] * k, sorted[r] * k + k), r * k);
  const cases = [
    { name: 'float32, shuffled classes', values: logits.data as FloatArray, labels, padding: 0 },
    { name: 'float32, sorted by class', values: sortedLogits as FloatArray, labels: sortedLabels, padding: 0 },
    { name: 'float64', values: Float64Array.from(logits.data) as FloatArray, labels, padding: 0 },
    // Data at byte 129 and 131: not a multiple of 4 or 8 (the whole-file path copies such data to align it).
    { name: 'float32, data offset 129', values: logits.data as FloatArray, labels, padding: 1 },
    { name: 'float64, data offset 131', values: Float64Array.from(logits.data) as FloatArray, labels, padding: 3 },
  ];

  for (const c of cases) {
    it(`gives byte-identical q, evidence and standard errors to the whole matrix, 1 and 2 threads (${c.name})`, () => {
      const path = writeNpyFile(dir, `${c.name.replace(/\W+/g, '-')}.npy`, c.values, c.labels.length, k, c.padding);
      const file = openNpyFileLogits(path, 'zs.npy');
      expect(file.file.dataOffset).toBe(128 + c.padding);
      const whole = solve(wholeMatrix(path), c.labels, 1);
      expect(whole.estimate.converged).toBe(true);
      for (const threads of [1, 2]) {
        const streamed = solve(file, c.labels, threads);
        expectSameEstimate(whole.estimate, streamed.estimate);
        expect(bytesOf(streamed.uncertainty.standardErrors).equals(bytesOf(whole.uncertainty.standardErrors))).toBe(
          true,
        );
        expect(bytesOf(streamed.uncertainty.solverErrors).equals(bytesOf(whole.uncertainty.solverErrors))).toBe(true);
      }
    });
  }

  it('names the first non-finite value by file, row and column, as the whole matrix does', () => {
    const values = Float32Array.from(logits.data);
    values[700 * k + 13] = Number.NaN; // block 10 of 64-row blocks
    values[900 * k + 2] = Number.POSITIVE_INFINITY;
    const path = writeNpyFile(dir, 'nan.npy', values, labels.length, k);
    const expected = 'zs.npy: non-finite value NaN at row 700, column 13';
    expect(() => estimatePrior(wholeMatrix(path), labels, { what: 'zs.npy' })).toThrow(expected);
    for (const threads of [1, 2]) {
      expect(() => solve(openNpyFileLogits(path, 'zs.npy'), labels, threads)).toThrow(expected);
      expect(() => solve(openNpyFileLogits(path, 'zs.npy'), labels, threads)).toThrow(InputError);
    }
  });

  it('names the widest row when the logits over the temperature span more than 700, as the whole matrix does', () => {
    const values = Float32Array.from(logits.data);
    // Spreads of exactly 800 in rows 300 (block 4) and 650 (block 10), 600 in row 651: the first of the widest is
    // named, at temperature 1.
    values[300 * k + 5] = 400;
    values[300 * k + 6] = -400;
    values[650 * k + 9] = 400;
    values[650 * k + 10] = -400;
    values[651 * k + 9] = 300;
    values[651 * k + 10] = -300;
    const path = writeNpyFile(dir, 'wide.npy', values, labels.length, k);
    const message = (logitsIn: LogitRows) => {
      try {
        estimatePrior(logitsIn, labels, { what: 'zs.npy', blockRows: 64 });
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    };
    const expected = message(wholeMatrix(path));
    expect(expected).toMatch(/^zs\.npy: logits divided by the temperature span 800 in row 300, more than the 700 /);
    expect(message(openNpyFileLogits(path, 'zs.npy'))).toBe(expected);
  });

  it('fails with one line when the file changes between passes (grown, rewritten, shrunk)', () => {
    const path = writeNpyFile(dir, 'changing.npy', logits.data, labels.length, k);
    const b = new Float64Array(k);
    const active = new Uint8Array(k).fill(1);
    const changes: [string, () => void][] = [
      ['grown', () => appendFileSync(path, new Uint8Array(8))],
      [
        'rewritten in place, same size',
        () => {
          writeFileSync(path, readFileSync(path));
          // Coarse file-system clocks can leave mtime unchanged within a few ms: set one clearly later.
          utimesSync(path, new Date(), new Date(Date.now() + 5000));
        },
      ],
      ['shrunk', () => truncateSync(path, 128 + 500 * k * 4)],
    ];
    for (const [what, change] of changes) {
      writeNpyFile(dir, 'changing.npy', logits.data, labels.length, k);
      for (const threads of [1, 2]) {
        const evaluator = ParallelPriorPass.open(openNpyFileLogits(path, 'zs.npy'), labels, 1, {
          threads,
          blockRows: 64,
        });
        try {
          evaluator.pass(b, active, 1e-3, true);
          change();
          expect(() => evaluator.pass(b, active), what).toThrow(
            /^zs\.npy: file changed while being read \(\d+ -> \d+ bytes, modified again\); results would mix/,
          );
        } finally {
          evaluator.close();
        }
        writeNpyFile(dir, 'changing.npy', logits.data, labels.length, k);
      }
    }
  });

  it("gives the paper solver the whole matrix (its passes run in memory): the same estimate as the matrix's", () => {
    const path = writeNpyFile(dir, 'paper.npy', logits.data, labels.length, k);
    const whole = estimatePrior(wholeMatrix(path), labels, { solver: 'paper', what: 'zs.npy' });
    expectSameEstimate(whole, estimatePrior(openNpyFileLogits(path, 'zs.npy'), labels, { solver: 'paper' }));
  });

  it('refuses a float16 file for row blocks (the kernels read values as stored)', () => {
    const path = join(dir, 'half.npy');
    writeNpyFile(dir, 'half.npy', new Float32Array(4), 2, 2);
    const bytes = readFileSync(path);
    bytes.set(Buffer.from("'<f2'"), bytes.indexOf("'<f4'"));
    writeFileSync(path, bytes.subarray(0, 128 + 8));
    expect(() => openNpyFileLogits(path, 'half.npy')).toThrow(
      'half.npy: expected float32 or float64 values to read in row blocks, got <f2',
    );
  });
});
