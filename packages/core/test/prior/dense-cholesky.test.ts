import { describe, expect, it } from 'vitest';
import { randomSpd } from './random-spd.js';
import { invertSymmetricPositive } from '../../src/prior/dense-cholesky.js';

function multiply(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) out[i * n + j] += a[i * n + k] * b[k * n + j];
  return out;
}

describe('invertSymmetricPositive', () => {
  it('inverts a 3 x 3 matrix whose inverse is known by hand', () => {
    // A = [[4, 2, 0], [2, 3, 1], [0, 1, 2]], det 12; A^-1 = adj(A) / 12 = [[5, -4, 2], [-4, 8, -4], [2, -4, 8]] / 12.
    const a = Float64Array.from([4, 2, 0, 2, 3, 1, 0, 1, 2]);
    const inv = invertSymmetricPositive(a, 3);
    const expected = [5, -4, 2, -4, 8, -4, 2, -4, 8].map((v) => v / 12);
    for (let i = 0; i < 9; i++) expect(inv[i]).toBeCloseTo(expected[i], 14);
  });

  it('A times its inverse is the identity for a random 60 x 60 SPD matrix', () => {
    const n = 60;
    const a = randomSpd(n, 3);
    const product = multiply(a, invertSymmetricPositive(Float64Array.from(a), n), n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(product[i * n + j]).toBeCloseTo(i === j ? 1 : 0, 9);
  });
});
