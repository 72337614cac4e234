import { describe, expect, it } from 'vitest';
import { randomSpd } from './random-spd.js';
import { choleskyFactorWasm } from '../../src/prior/cholesky-wasm.js';
import { choleskyFactor } from '../../src/prior/dense-cholesky.js';

describe('choleskyFactorWasm', () => {
  it('factors a 3 x 3 matrix whose factor is known by hand', () => {
    // A = [[4, 2, 0], [2, 3, 1], [0, 1, 2]]: L = [[2, 0, 0], [1, sqrt 2, 0], [0, 1 / sqrt 2, sqrt(3 / 2)]].
    const l = choleskyFactorWasm(Float64Array.from([4, 2, 0, 2, 3, 1, 0, 1, 2]), 3);
    const expected = [2, 1, Math.SQRT2, 0, Math.SQRT1_2, Math.sqrt(1.5)];
    const lower = [l[0], l[3], l[4], l[6], l[7], l[8]];
    for (let i = 0; i < 6; i++) expect(lower[i]).toBeCloseTo(expected[i], 14);
  });

  it('matches the TypeScript factor on a random 41 x 41 matrix, and L L^T = A', () => {
    const n = 41;
    const a = randomSpd(n, 17);
    const wasm = choleskyFactorWasm(Float64Array.from(a), n);
    const ts = choleskyFactor(Float64Array.from(a), n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        expect(Math.abs(wasm[i * n + j] - ts[i * n + j])).toBeLessThan(1e-12 * Math.abs(ts[i * n + i]));
        let s = 0;
        for (let k = 0; k <= j; k++) s += wasm[i * n + k] * wasm[j * n + k];
        expect(Math.abs(s - a[i * n + j])).toBeLessThan(1e-10 * a[i * n + i]);
      }
    }
  });

  it('by blocks of 32 columns and 4 rows: the textbook factor within rounding for sizes around the blocks', () => {
    // Sizes below, at and across the column blocks, with 0 to 3 rows left over from the groups of four.
    for (const n of [1, 2, 5, 31, 32, 33, 67, 130]) {
      const a = randomSpd(n, 100 + n);
      const wasm = choleskyFactorWasm(Float64Array.from(a), n);
      const ts = choleskyFactor(Float64Array.from(a), n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j <= i; j++) {
          // Both sum j products of entries of size <= sqrt(a_ii), in different orders: rounding of n ulp at most.
          expect(Math.abs(wasm[i * n + j] - ts[i * n + j])).toBeLessThan(n * 1e-15 * Math.sqrt(a[i * n + i]));
        }
        for (let j = i + 1; j < n; j++) expect(wasm[i * n + j]).toBe(a[i * n + j]); // upper triangle untouched
      }
    }
  });

  it('raises a pivot below the floor to the floor (a singular matrix gives a finite factor)', () => {
    // [[1, 1], [1, 1]] is singular: the second pivot is 0, raised to 1e-8 -> sqrt = 1e-4.
    const l = choleskyFactorWasm(Float64Array.from([1, 1, 1, 1]), 2, 1e-8);
    expect(l[3]).toBeCloseTo(1e-4, 12);
  });
});
