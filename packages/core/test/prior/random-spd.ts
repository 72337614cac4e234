import { createRandom } from '../../src/index.js';

/** A random symmetric positive definite n x n matrix, row-major: M M^T + I with M standard normal (seeded). */
export function randomSpd(n: number, seed: number): Float64Array {
  const random = createRandom(seed);
  const m = Float64Array.from({ length: n * n }, () => random.normal());
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = i === j ? 1 : 0;
      for (let k = 0; k < n; k++) s += m[i * n + k] * m[j * n + k];
      a[i * n + j] = s;
    }
  return a;
}
