import type { FloatArray } from './matrix.js';

/**
 * The two products linear heads need. The default is a blocked TypeScript kernel; a faster backend (e.g. an
 * onnxruntime MatMul) can be passed to the trainers instead.
 */
export interface MatrixProducts {
  /** out (n x k) = A (n x d) * B^T (k x d). */
  abt(a: FloatArray, b: FloatArray, n: number, d: number, k: number, out: Float64Array): void;
  /** out (k x d) = A^T (n x k) * B (n x d). */
  atb(a: FloatArray, b: FloatArray, n: number, k: number, d: number, out: Float64Array): void;
}

/** The built-in kernel: 4 x 4 register blocks over rows of A and B, contiguous inner loops. */
export const typescriptProducts: MatrixProducts = {
  abt(a, b, n, d, k, out) {
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const a0 = i * d;
      const a1 = a0 + d;
      const a2 = a1 + d;
      const a3 = a2 + d;
      let j = 0;
      for (; j + 2 <= k; j += 2) {
        const b0 = j * d;
        const b1 = b0 + d;
        let s00 = 0,
          s01 = 0,
          s10 = 0,
          s11 = 0,
          s20 = 0,
          s21 = 0,
          s30 = 0,
          s31 = 0;
        for (let t = 0; t < d; t++) {
          const x0 = b[b0 + t];
          const x1 = b[b1 + t];
          const y0 = a[a0 + t];
          const y1 = a[a1 + t];
          const y2 = a[a2 + t];
          const y3 = a[a3 + t];
          s00 += y0 * x0;
          s01 += y0 * x1;
          s10 += y1 * x0;
          s11 += y1 * x1;
          s20 += y2 * x0;
          s21 += y2 * x1;
          s30 += y3 * x0;
          s31 += y3 * x1;
        }
        out[i * k + j] = s00;
        out[i * k + j + 1] = s01;
        out[(i + 1) * k + j] = s10;
        out[(i + 1) * k + j + 1] = s11;
        out[(i + 2) * k + j] = s20;
        out[(i + 2) * k + j + 1] = s21;
        out[(i + 3) * k + j] = s30;
        out[(i + 3) * k + j + 1] = s31;
      }
      for (; j < k; j++) {
        for (let r = 0; r < 4; r++) out[(i + r) * k + j] = dotAt(a, (i + r) * d, b, j * d, d);
      }
    }
    for (; i < n; i++) for (let j = 0; j < k; j++) out[i * k + j] = dotAt(a, i * d, b, j * d, d);
  },
  atb(a, b, n, k, d, out) {
    out.fill(0);
    // Four rows of B at a time, each output held in a register across them: a quarter of the loads and stores
    // of `out`. Every output still adds its terms one at a time in row order, so the result is bit-identical to
    // the row-by-row loop below (a zero coefficient adds +-0, which changes no sum that is not -0, and no sum
    // started at +0 becomes -0 in round-to-nearest).
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const b0 = i * d;
      const b1 = b0 + d;
      const b2 = b1 + d;
      const b3 = b2 + d;
      const r0 = i * k;
      for (let j = 0; j < k; j++) {
        const s0 = a[r0 + j];
        const s1 = a[r0 + k + j];
        const s2 = a[r0 + 2 * k + j];
        const s3 = a[r0 + 3 * k + j];
        const oo = j * d;
        for (let t = 0; t < d; t++) {
          let v = out[oo + t];
          v += s0 * b[b0 + t];
          v += s1 * b[b1 + t];
          v += s2 * b[b2 + t];
          v += s3 * b[b3 + t];
          out[oo + t] = v;
        }
      }
    }
    for (; i < n; i++) {
      const bo = i * d;
      for (let j = 0; j < k; j++) {
        const s = a[i * k + j];
        if (s === 0) continue;
        const oo = j * d;
        for (let t = 0; t < d; t++) out[oo + t] += s * b[bo + t];
      }
    }
  },
};

function dotAt(a: FloatArray, ao: number, b: FloatArray, bo: number, d: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) s += a[ao + t] * b[bo + t];
  return s;
}
