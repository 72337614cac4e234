import { describe, expect, it } from 'vitest';
import { ParallelPool, matrix, summariseLogits, type Matrix } from '../src/index.js';
import { createRandom } from '../src/random.js';

/** The definition, one value at a time: the reference the SIMD kernel must match exactly. */
function reference(m: Matrix): { finite: boolean; maxAbs: number; maxSpread: number } {
  let finite = true;
  let maxAbs = 0;
  let maxSpread = 0;
  for (let i = 0; i < m.rows; i++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let j = 0; j < m.cols; j++) {
      const v = m.data[i * m.cols + j];
      if (!Number.isFinite(v)) finite = false;
      maxAbs = Math.max(maxAbs, Math.abs(v));
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    maxSpread = Math.max(maxSpread, hi - lo);
  }
  return { finite, maxAbs, maxSpread };
}

function randomMatrix(rows: number, cols: number, f64: boolean, seed: number): Matrix {
  const random = createRandom(seed);
  const data = f64 ? new Float64Array(rows * cols) : new Float32Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = (random.next() - 0.5) * 60 * (1 + 1e-7 * i);
  return matrix(data, rows, cols);
}

describe('summariseLogits (WebAssembly SIMD)', () => {
  it('gives the hand-computed magnitude and spread of a small float32 matrix', () => {
    const m = matrix(new Float32Array([1, -5, 2, 0.5, 0.25, 3e38, -7, 0, 0]), 3, 3);
    const s = summariseLogits(m);
    expect(s.finite).toBe(true);
    expect(s.maxAbs).toBe(Math.fround(3e38));
    expect(s.maxSpread).toBe(Math.fround(3e38) - 0.25);
  });

  for (const f64 of [false, true]) {
    for (const cols of [1, 3, 8, 13, 1000]) {
      it(`matches the one-value-at-a-time definition exactly (${f64 ? 'float64' : 'float32'}, K = ${cols})`, () => {
        const m = randomMatrix(97, cols, f64, cols + (f64 ? 1 : 0));
        // The largest magnitude on a negative value in the middle of a row, the widest row in the middle.
        m.data[40 * cols + Math.floor(cols / 2)] = -123.5;
        expect(summariseLogits(m)).toEqual(reference(m));
      });
    }
  }

  it('finds one non-finite value wherever it is (vector body, row tail, last value), float32 and float64', () => {
    for (const f64 of [false, true]) {
      const cols = 13;
      for (const at of [0, 5, 8, 12, 13 * 50 + 9, 13 * 97 - 1]) {
        for (const bad of [Number.NaN, Infinity, -Infinity]) {
          const m = randomMatrix(97, cols, f64, 7);
          m.data[at] = bad;
          expect(summariseLogits(m).finite).toBe(false);
        }
      }
    }
  });

  it('gives the same result split over two lanes as on one (blocks of many rows)', () => {
    const m = randomMatrix(3000, 1000, false, 5);
    m.data[2999 * 1000 + 999] = 250;
    const pool = ParallelPool.open(2);
    try {
      const one = summariseLogits(m);
      expect(summariseLogits(m, pool)).toEqual(one);
      expect(one).toEqual(reference(m));
      m.data[2500 * 1000 + 3] = Number.NaN;
      expect(summariseLogits(m, pool).finite).toBe(false);
    } finally {
      pool.close();
    }
  });

  it('treats an empty matrix as finite with zero magnitude and spread', () => {
    expect(summariseLogits(matrix(new Float32Array(0), 0, 5))).toEqual({ finite: true, maxAbs: 0, maxSpread: 0 });
  });
});
