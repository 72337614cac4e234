import { wasmKernels } from '../wasm-kernels.js';

/**
 * `choleskyFactor` in the WebAssembly SIMD kernel: A = L L^T in place, L in the lower triangle (the strict upper
 * triangle is left as it was), pivots below `floor` raised to it. Same result up to rounding (each dot product is
 * summed in two lanes); about n^3 / 3 multiply-adds. Copies the matrix into this thread's kernel memory and back.
 * @param a symmetric positive-definite n x n matrix, row-major; its lower triangle is replaced by L
 * @param n its size
 * @param floor smallest pivot kept, squared units of `a`'s entries (default 1e-300)
 * @returns `a`
 */
export function choleskyFactorWasm(a: Float64Array, n: number, floor = 1e-300): Float64Array {
  const kernels = wasmKernels();
  kernels.reset();
  const at = kernels.alloc(8 * n * n);
  kernels.f64(at, n * n).set(a);
  kernels.exports.choleskyLower(at, n, floor);
  a.set(kernels.f64(at, n * n));
  kernels.reset();
  return a;
}
