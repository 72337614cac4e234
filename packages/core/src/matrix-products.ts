import type { FloatArray } from './matrix.js';
import { WasmKernels } from './wasm-kernels.js';

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

/** Below this many multiply-adds (n d k) the products stay in TypeScript: copying into WebAssembly costs more. */
const WASM_ABT_MIN = 1 << 16;

/** The products' own WebAssembly instance (its memory is never shared with other kernels), made on first use. */
let productKernels: WasmKernels | undefined;

/**
 * The built-in kernel: on WebAssembly SIMD above 65,536 multiply-adds (`abt`: four rows by four classes; `atb`:
 * four rows per load and store of two outputs), in TypeScript below (`abt` in 4 x 2 register blocks, `atb` four
 * rows per pass over the output). Every path adds each output's terms one at a time in the same order as a plain
 * loop, with no fused multiply-add, so results are bit-identical whichever runs.
 */
export const typescriptProducts: MatrixProducts = {
  abt(a, b, n, d, k, out) {
    if (n * d * k >= WASM_ABT_MIN) {
      wasmAbt(a, b, n, d, k, out);
      return;
    }
    typescriptAbt(a, b, n, d, k, out);
  },
  atb(a, b, n, k, d, out) {
    if (n * d * k >= WASM_ABT_MIN) {
      wasmAtb(a, b, n, k, d, out);
      return;
    }
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

/** A B^T in 4 x 2 register blocks of TypeScript (each output summed over t in order from 0). */
function typescriptAbt(a: FloatArray, b: FloatArray, n: number, d: number, k: number, out: Float64Array): void {
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
}

/**
 * A B^T on the products' WebAssembly instance (`abtRows`): A copied in as it is (float32 or float64), B packed as
 * class pairs (two lanes per load), the result copied back into `out`.
 */
function wasmAbt(a: FloatArray, b: FloatArray, n: number, d: number, k: number, out: Float64Array): void {
  productKernels ??= new WasmKernels();
  const kernels = productKernels;
  kernels.reset();
  const isF64 = a instanceof Float64Array;
  const pairCount = (k + 1) >> 1;
  const aAt = kernels.alloc(n * d * (isF64 ? 8 : 4));
  const pairsAt = kernels.alloc(pairCount * d * 16);
  const outAt = kernels.alloc(n * k * 8);
  // Views after the last alloc: growing the memory detaches earlier ones.
  if (isF64) kernels.f64(aAt, n * d).set(a.subarray(0, n * d));
  else kernels.f32(aAt, n * d).set(a.subarray(0, n * d));
  const pairs = kernels.f64(pairsAt, pairCount * d * 2);
  for (let p = 0; p < pairCount; p++)
    for (let t = 0; t < d; t++) {
      const j = 2 * p;
      pairs[(p * d + t) * 2] = b[j * d + t];
      pairs[(p * d + t) * 2 + 1] = j + 1 < k ? b[(j + 1) * d + t] : 0;
    }
  kernels.exports.abtRows(aAt, isF64 ? 1 : 0, n, d, pairsAt, k, outAt);
  out.set(kernels.f64(outAt, n * k));
}

/**
 * A^T B on the products' WebAssembly instance (`atbRows`): A copied in, B copied with its rows padded to an even
 * length (float32 or float64 as given), the result copied back into `out` without the padding.
 */
function wasmAtb(a: FloatArray, b: FloatArray, n: number, k: number, d: number, out: Float64Array): void {
  productKernels ??= new WasmKernels();
  const kernels = productKernels;
  kernels.reset();
  const isF64 = b instanceof Float64Array;
  const d2 = (d + 1) & ~1;
  const aAt = kernels.alloc(n * k * 8);
  const bAt = kernels.alloc(n * d2 * (isF64 ? 8 : 4) + 16);
  const outAt = kernels.alloc(k * d2 * 8);
  // Views after the last alloc: growing the memory detaches earlier ones.
  kernels.f64(aAt, n * k).set(a.subarray(0, n * k));
  const rows = isF64 ? kernels.f64(bAt, n * d2) : kernels.f32(bAt, n * d2);
  if (d2 === d) rows.set(b.subarray(0, n * d));
  else
    for (let i = 0; i < n; i++) {
      rows.set(b.subarray(i * d, (i + 1) * d), i * d2);
      rows[i * d2 + d] = 0;
    }
  kernels.exports.atbRows(aAt, bAt, isF64 ? 1 : 0, n, k, d2, outAt);
  const result = kernels.f64(outAt, k * d2);
  if (d2 === d) out.set(result);
  else for (let j = 0; j < k; j++) out.set(result.subarray(j * d2, j * d2 + d), j * d);
}

function dotAt(a: FloatArray, ao: number, b: FloatArray, bo: number, d: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) s += a[ao + t] * b[bo + t];
  return s;
}
