import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom, typescriptProducts } from '../src/index.js';

describe('typescriptProducts.atb', () => {
  it('is bit-identical to adding the terms of each output one row at a time, zeros and odd sizes included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 13 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer(),
        (n, k, d, seed) => {
          const random = createRandom(seed);
          // Coefficients like softmax residuals, a quarter of them exactly zero (skipped or added as +-0).
          const a = Float64Array.from({ length: n * k }, () => (random.next() < 0.25 ? 0 : random.normal()));
          const b = Float32Array.from({ length: n * d }, () => random.normal());
          const out = new Float64Array(k * d).fill(Number.NaN);
          typescriptProducts.atb(a, b, n, k, d, out);
          for (let j = 0; j < k; j++)
            for (let t = 0; t < d; t++) {
              let s = 0;
              for (let i = 0; i < n; i++) s += a[i * k + j] * b[i * d + t];
              expect(Object.is(out[j * d + t], s)).toBe(true);
            }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('gives the product of a worked 5 x 2 by 5 x 1 example', () => {
    // A^T B by hand: column 0 of A = (1, 0, 2, 0, 1), column 1 = (0, 1, 0, 3, 0); B = (1, 2, 3, 4, 5).
    const a = Float64Array.from([1, 0, 0, 1, 2, 0, 0, 3, 1, 0]);
    const b = Float64Array.from([1, 2, 3, 4, 5]);
    const out = new Float64Array(2);
    typescriptProducts.atb(a, b, 5, 2, 1, out);
    expect(Array.from(out)).toEqual([1 + 6 + 5, 2 + 12]);
  });
});

describe('typescriptProducts.atb on WebAssembly', () => {
  it('is bit-identical to adding the terms of each output one row at a time, at sizes past the threshold', () => {
    const sizes: [number, number, number][] = [
      [517, 7, 33],
      [2048, 100, 32],
      [130, 41, 17],
    ];
    let seed = 11;
    for (const [n, k, d] of sizes)
      for (const f64 of [false, true]) {
        const random = createRandom(seed++);
        const a = Float64Array.from({ length: n * k }, () => (random.next() < 0.25 ? 0 : random.normal()));
        const values = Array.from({ length: n * d }, () => random.normal());
        const b = f64 ? Float64Array.from(values) : Float32Array.from(values);
        const out = new Float64Array(k * d).fill(Number.NaN);
        typescriptProducts.atb(a, b, n, k, d, out);
        let mismatches = 0;
        for (let j = 0; j < k; j++)
          for (let t = 0; t < d; t++) {
            let s = 0;
            for (let i = 0; i < n; i++) s += a[i * k + j] * b[i * d + t];
            if (!Object.is(out[j * d + t], s)) mismatches++;
          }
        expect([n, k, d, f64, mismatches]).toEqual([n, k, d, f64, 0]);
      }
  });
});

describe('typescriptProducts.abt', () => {
  it('is bit-identical to summing each output from 0 over t in order, on WebAssembly and in TypeScript', () => {
    // Sizes on both sides of the WebAssembly threshold (65,536 multiply-adds), odd class counts and row counts.
    const sizes: [number, number, number][] = [
      [3, 5, 7],
      [9, 4, 3],
      [517, 33, 7],
      [130, 17, 41],
      [2048, 32, 100],
    ];
    let seed = 1;
    for (const [n, d, k] of sizes)
      for (const f64 of [false, true]) {
        const random = createRandom(seed++);
        const values = Array.from({ length: n * d }, () => random.normal() * 3);
        const a = f64 ? Float64Array.from(values) : Float32Array.from(values);
        const b = Float64Array.from({ length: k * d }, () => (random.next() < 0.1 ? 0 : random.normal()));
        const out = new Float64Array(n * k).fill(Number.NaN);
        typescriptProducts.abt(a, b, n, d, k, out);
        let mismatches = 0;
        for (let i = 0; i < n; i++)
          for (let j = 0; j < k; j++) {
            let s = 0;
            for (let t = 0; t < d; t++) s += a[i * d + t] * b[j * d + t];
            if (!Object.is(out[i * k + j], s)) mismatches++;
          }
        expect([n, d, k, f64, mismatches]).toEqual([n, d, k, f64, 0]);
      }
  });

  it('gives the product of a worked 2 x 2 by 3 x 2 example', () => {
    // A = [[1, 2], [3, 4]], B = [[1, 0], [0, 1], [1, 1]]: A B^T = [[1, 2, 3], [3, 4, 7]].
    const out = new Float64Array(6);
    typescriptProducts.abt(Float64Array.from([1, 2, 3, 4]), Float64Array.from([1, 0, 0, 1, 1, 1]), 2, 2, 3, out);
    expect(Array.from(out)).toEqual([1, 2, 3, 3, 4, 7]);
  });
});
