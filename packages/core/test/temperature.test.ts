import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ParallelPool,
  confidenceTemperature,
  encodeNpyHeader,
  matrix,
  meanConfidence,
  nllTemperature,
  openNpyFileLogits,
  top1Accuracy,
} from '../src/index.js';
import { meanCrossEntropy } from '../src/metrics.js';
import { biasedLogits } from './generate-logits.js';
import { writeNpyFile } from './npy-test-files.js';

const uniform = new Float64Array(20).fill(1 / 20);
const { logits, labels } = biasedLogits({ k: 20, perClass: 30, prior: uniform, seed: 3, sigma: 1.5 });
const overconfident = matrix(
  logits.data.map((v) => v * 4),
  logits.rows,
  logits.cols,
);

describe('temperatures', () => {
  it('confidence matching finds T with mean confidence = accuracy within 0.1 pp', () => {
    const result = confidenceTemperature(overconfident, labels);
    const acc = top1Accuracy(overconfident, labels);
    expect(Math.abs(meanConfidence(overconfident, result.temperature) - acc)).toBeLessThanOrEqual(0.001);
    expect(result.temperature).toBeGreaterThan(1);
  });

  it('confidence matching widens the bracket when the answer lies outside [0.1, 10]', () => {
    const hot = matrix(
      logits.data.map((v) => v * 40),
      logits.rows,
      logits.cols,
    );
    const result = confidenceTemperature(hot, labels);
    expect(result.temperature).toBeGreaterThan(10);
    expect(Math.abs(meanConfidence(hot, result.temperature) - top1Accuracy(hot, labels))).toBeLessThanOrEqual(0.001);
  });

  it('NLL temperature is a stationary point of the loss and undoes a 4x sharpening', () => {
    const { temperature } = nllTemperature(overconfident, labels);
    const f = (t: number) => meanCrossEntropy(overconfident, labels, t);
    const h = 1e-4 * temperature;
    expect(Math.abs((f(temperature + h) - f(temperature - h)) / (2 * h))).toBeLessThan(1e-6);
    expect(f(temperature)).toBeLessThanOrEqual(f(temperature * 1.05));
    expect(f(temperature)).toBeLessThanOrEqual(f(temperature / 1.05));
    // The generating logits are the true posterior, so the NLL-optimal T is close to the sharpening factor.
    expect(temperature).toBeGreaterThan(3.2);
    expect(temperature).toBeLessThan(4.8);
  });
});

describe('confidence matching, second check: a closed form', () => {
  it('two classes, every row [d, 0], accuracy a: T solves sigmoid(d / T) = a, so T = d / logit(a)', () => {
    // 10 rows predict class 0 with logit gap d = 3; 7 are correct (a = 0.7): T = 3 / log(7 / 3) = 3.5406...
    const d = 3;
    const rows = 10;
    const m = matrix(
      Float64Array.from({ length: rows * 2 }, (_, i) => (i % 2 === 0 ? d : 0)),
      rows,
      2,
    );
    const y = Int32Array.from([0, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
    const exact = d / Math.log(0.7 / 0.3);
    const result = confidenceTemperature(m, y);
    // Tolerance 0.1 pp on the confidence: dT = d(sigma) / (sigma' * d / T^2), sigma' = 0.21 -> |dT| < 0.0199.
    const sigma = (t: number) => 1 / (1 + Math.exp(-d / t));
    expect(Math.abs(sigma(result.temperature) - 0.7)).toBeLessThanOrEqual(0.001);
    expect(Math.abs(result.temperature - exact)).toBeLessThan(0.02);
    // With a tighter tolerance the search lands on the closed form.
    expect(confidenceTemperature(m, y, { tolerance: 1e-9 }).temperature).toBeCloseTo(exact, 6);
  });
});

describe('confidence matching on the scoring kernel', () => {
  it('gives the same temperature for logits in memory, left in their file, and on two lanes', () => {
    const values = Float64Array.from(overconfident.data);
    const file = join(mkdtempSync(join(tmpdir(), 'gla-temperature-')), 'zs.npy');
    writeFileSync(
      file,
      Buffer.concat([encodeNpyHeader('<f8', [logits.rows, logits.cols]), new Uint8Array(values.buffer)]),
    );
    const inMemory = confidenceTemperature(matrix(values, logits.rows, logits.cols), labels);
    const pool = ParallelPool.open(2);
    try {
      expect(confidenceTemperature(openNpyFileLogits(file), labels)).toEqual(inMemory);
      expect(confidenceTemperature(openNpyFileLogits(file), labels, { pool })).toEqual(inMemory);
    } finally {
      pool.close();
    }
  });

  it('has a mean confidence within 3e-7 relative of the float64 softmax (float32 exponentials)', () => {
    for (const t of [0.25, 1, 3.7]) {
      let total = 0;
      for (let i = 0; i < overconfident.rows; i++) {
        const row = Array.from(overconfident.data.subarray(i * overconfident.cols, (i + 1) * overconfident.cols));
        const max = Math.max(...row);
        total += 1 / row.reduce((sum, v) => sum + Math.exp((v - max) / t), 0);
      }
      const exact = total / overconfident.rows;
      expect(Math.abs(meanConfidence(overconfident, t) / exact - 1)).toBeLessThan(3e-7);
    }
  });
});

describe('temperature scaling on the WebAssembly kernel', () => {
  /** The textbook Newton pass in scalar JavaScript (Math.exp, one row after another): mean derivatives in s. */
  function scalarDerivatives(m: typeof overconfident, y: Int32Array, s: number): [number, number] {
    let g = 0;
    let h = 0;
    for (let i = 0; i < m.rows; i++) {
      const row = Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols));
      const max = Math.max(...row);
      const e = row.map((z) => Math.exp(s * (z - max)));
      const sum = e.reduce((a, b) => a + b, 0);
      const m1 = row.reduce((a, z, j) => a + (e[j] * (z - max)) / sum, 0);
      const m2 = row.reduce((a, z, j) => a + (e[j] * (z - max) ** 2) / sum, 0);
      g += m1 - (row[y[i]] - max);
      h += m2 - m1 * m1;
    }
    return [g / m.rows, h / m.rows];
  }

  it('lands where the scalar derivative vanishes, the same on one and two lanes', () => {
    // 600 rows of K = 20 (three 256-row blocks, the last partial), and K = 7 (odd: the kernel's scalar tail).
    for (const m of [overconfident, matrix(Float32Array.from(overconfident.data.subarray(0, 600 * 7)), 600, 7)]) {
      const y = Int32Array.from(labels.subarray(0, m.rows), (v) => v % m.cols);
      const one = nllTemperature(m, y);
      const pool = ParallelPool.open(2);
      try {
        expect(nllTemperature(m, y, 1e-10, 100, pool)).toEqual(one);
      } finally {
        pool.close();
      }
      const s = 1 / one.temperature;
      const [g, h] = scalarDerivatives(m, y, s);
      // Newton from the kernel's s would move it by g / h: within the stopping tolerance's order of rounding.
      expect(Math.abs(g / h)).toBeLessThan(1e-9 * s);
    }
  });

  it('gives the same temperature for logits left in their file (float32 and float64, odd offset, 1 and 2 lanes)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gla-nll-'));
    for (const data of [Float64Array.from(overconfident.data), Float32Array.from(overconfident.data)]) {
      const inMemory = nllTemperature(matrix(data, overconfident.rows, overconfident.cols), labels);
      const file = writeNpyFile(
        dir,
        `zs-${data.BYTES_PER_ELEMENT}.npy`,
        data,
        overconfident.rows,
        overconfident.cols,
        3,
      );
      const pool = ParallelPool.open(2);
      try {
        expect(nllTemperature(openNpyFileLogits(file), labels)).toEqual(inMemory);
        expect(nllTemperature(openNpyFileLogits(file), labels, 1e-10, 100, pool)).toEqual(inMemory);
      } finally {
        pool.close();
      }
    }
  });

  it('names the file, row and column of a non-finite value in a file (one line), on one and two lanes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gla-nll-'));
    const data = Float32Array.from(overconfident.data);
    // Row 300 lies in the second 256-row block; a second bad value later must not be the one named.
    data[300 * overconfident.cols + 4] = Number.NaN;
    data[500 * overconfident.cols + 1] = Number.POSITIVE_INFINITY;
    const file = writeNpyFile(dir, 'bad.npy', data, overconfident.rows, overconfident.cols);
    const pool = ParallelPool.open(2);
    try {
      for (const lanes of [undefined, pool]) {
        expect(() => nllTemperature(openNpyFileLogits(file), labels, 1e-10, 100, lanes)).toThrow(
          /^[^\n]*bad\.npy[^\n]*row 300[^\n]*column 4/,
        );
      }
    } finally {
      pool.close();
    }
  });
});
