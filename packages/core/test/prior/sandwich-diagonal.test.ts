import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/index.js';
import { choleskyFactor, choleskySolve } from '../../src/prior/dense-cholesky.js';
import { sandwichDiagonal } from '../../src/prior/sandwich-diagonal.js';
import { sandwichDiagonalWasm } from '../../src/prior/sandwich-diagonal-wasm.js';
import { panelOfBlock } from '../../src/prior/sandwich-diagonal-blocks.js';
import { ParallelPool } from '../../src/parallel-pool.js';
import { toShared } from '../../src/shared-arrays.js';

/** A random symmetric positive-definite n x n matrix M M^T + I and a random symmetric one. */
function randomPair(n: number, seed: number): { a: Float64Array; s: Float64Array } {
  const random = createRandom(seed);
  const m = Float64Array.from({ length: n * n }, () => random.normal());
  const a = new Float64Array(n * n);
  const s = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let v = i === j ? 1 : 0;
      for (let k = 0; k < n; k++) v += m[i * n + k] * m[j * n + k];
      a[i * n + j] = v;
      a[j * n + i] = v;
      const w = random.normal();
      s[i * n + j] = w;
      s[j * n + i] = w;
    }
  }
  return { a, s };
}

/** Gauss-Jordan inverse with partial pivoting: an independent route to A^-1. */
function gaussJordanInverse(a: Float64Array, n: number): Float64Array {
  const m = Float64Array.from(a);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]) > Math.abs(m[p * n + c])) p = r;
    for (let j = 0; j < n; j++) {
      [m[c * n + j], m[p * n + j]] = [m[p * n + j], m[c * n + j]];
      [inv[c * n + j], inv[p * n + j]] = [inv[p * n + j], inv[c * n + j]];
    }
    const d = m[c * n + c];
    for (let j = 0; j < n; j++) {
      m[c * n + j] /= d;
      inv[c * n + j] /= d;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r * n + c];
      for (let j = 0; j < n; j++) {
        m[r * n + j] -= f * m[c * n + j];
        inv[r * n + j] -= f * inv[c * n + j];
      }
    }
  }
  return inv;
}

describe('choleskySolve', () => {
  it('solves a 3 x 3 system whose solution is known by hand', () => {
    // A = [[4, 2, 0], [2, 3, 1], [0, 1, 2]], b = A [1, -1, 2] = [2, 1, 3].
    const l = choleskyFactor(Float64Array.from([4, 2, 0, 2, 3, 1, 0, 1, 2]), 3);
    const x = choleskySolve(l, 3, Float64Array.from([2, 1, 3]));
    expect(Array.from(x).map((v) => Number(v.toFixed(12)))).toEqual([1, -1, 2]);
  });
});

describe('sandwichDiagonal', () => {
  it('equals the diagonal of A^-1 S A^-1 formed by Gauss-Jordan and dense products', () => {
    const n = 37;
    const { a, s } = randomPair(n, 5);
    const inv = gaussJordanInverse(a, n);
    const got = sandwichDiagonal(choleskyFactor(Float64Array.from(a), n), s, n, 0, n, 8);
    for (let j = 0; j < n; j++) {
      let v = 0;
      for (let x = 0; x < n; x++) for (let y = 0; y < n; y++) v += inv[j * n + x] * s[x * n + y] * inv[y * n + j];
      expect(Math.abs(got[j] - v)).toBeLessThan(1e-10 * Math.max(1, Math.abs(v)));
    }
  });

  it('gives the same bytes for any panel width or column range', () => {
    const n = 53;
    const { a, s } = randomPair(n, 9);
    const l = choleskyFactor(Float64Array.from(a), n);
    const whole = sandwichDiagonal(l, s, n);
    expect(Array.from(sandwichDiagonal(l, s, n, 0, n, 1))).toEqual(Array.from(whole));
    expect(Array.from(sandwichDiagonal(l, s, n, 0, n, 7))).toEqual(Array.from(whole));
    expect(Array.from(sandwichDiagonal(l, s, n, 20, 41, 5))).toEqual(Array.from(whole.subarray(20, 41)));
  });
});

describe('sandwichDiagonalWasm', () => {
  it('agrees with the Gauss-Jordan route and with the TypeScript panels, for odd sizes and panels', () => {
    const n = 45;
    const { a, s } = randomPair(n, 12);
    const inv = gaussJordanInverse(a, n);
    const l = choleskyFactor(Float64Array.from(a), n);
    const reference = sandwichDiagonal(l, s, n);
    const got = sandwichDiagonalWasm(l, s, n, 0, n, 11);
    for (let j = 0; j < n; j++) {
      let v = 0;
      for (let x = 0; x < n; x++) for (let y = 0; y < n; y++) v += inv[j * n + x] * s[x * n + y] * inv[y * n + j];
      expect(Math.abs(got[j] - v)).toBeLessThan(1e-10 * Math.max(1, Math.abs(v)));
      expect(Math.abs(got[j] - reference[j])).toBeLessThan(1e-12 * Math.max(1, Math.abs(v)));
    }
  });

  it('gives the same bytes for any panel width or column range, and on pool lanes', () => {
    const n = 50;
    const { a, s } = randomPair(n, 21);
    const l = choleskyFactor(Float64Array.from(a), n);
    const whole = sandwichDiagonalWasm(l, s, n);
    expect(Array.from(sandwichDiagonalWasm(l, s, n, 0, n, 2))).toEqual(Array.from(whole));
    expect(Array.from(sandwichDiagonalWasm(l, s, n, 0, n, 17))).toEqual(Array.from(whole));
    expect(Array.from(sandwichDiagonalWasm(l, s, n, 13, 44, 6))).toEqual(Array.from(whole.subarray(13, 44)));
    const pool = ParallelPool.open(2);
    try {
      const out = toShared(new Float64Array(n));
      pool.run(
        'sandwich-diagonal',
        { factor: toShared(l), scores: toShared(s), k: n, panel: 8, out },
        Math.ceil(n / 8),
      );
      expect(Array.from(out)).toEqual(Array.from(whole));
    } finally {
      pool.close();
    }
  });

  it('hands the panels to blocks alternately from both ends, each panel once', () => {
    expect(Array.from({ length: 7 }, (_, b) => panelOfBlock(b, 7))).toEqual([0, 6, 1, 5, 2, 4, 3]);
    for (let panels = 1; panels <= 12; panels++) {
      const seen = Array.from({ length: panels }, (_, b) => panelOfBlock(b, panels)).sort((x, y) => x - y);
      expect(seen).toEqual(Array.from({ length: panels }, (_, j) => j));
    }
  });
});
