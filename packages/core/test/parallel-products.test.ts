import { describe, expect, it } from 'vitest';
import { ParallelPool, parallelProducts, typescriptProducts } from '../src/index.js';
import { createRandom } from '../src/random.js';

describe('parallelProducts', () => {
  it('gives the bytes of the one-thread A B^T, for float32 and float64 A, calls of several sizes and heads', () => {
    const random = createRandom(7);
    const d = 37;
    const k = 461; // odd: the kernel's last class pair is half empty
    const heads = [0, 1].map(() => Float64Array.from({ length: k * d }, () => random.normal()));
    const pool = ParallelPool.open(2);
    try {
      const products = parallelProducts(pool);
      // 1,031 rows then 1,500 (more than the shared buffers held) then 1,000 (fewer), with a new head midway.
      for (const [n, head, wide] of [
        [1031, heads[0], false],
        [1500, heads[0], true],
        [1000, heads[1], false],
      ] as const) {
        const values = Array.from({ length: n * d }, () => random.normal());
        const a = wide ? Float64Array.from(values) : Float32Array.from(values);
        const expected = new Float64Array(n * k);
        typescriptProducts.abt(a, head, n, d, k, expected);
        const got = new Float64Array(n * k);
        products.abt(a, head, n, d, k, got);
        expect(Buffer.from(got.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
        // And against the definition, for a few entries.
        for (const [i, j] of [
          [0, 0],
          [n - 1, k - 1],
          [n >> 1, 17],
        ]) {
          let dot = 0;
          for (let t = 0; t < d; t++) dot += a[i * d + t] * head[j * d + t];
          expect(got[i * k + j]).toBe(dot);
        }
      }
    } finally {
      pool.close();
    }
  });
});
