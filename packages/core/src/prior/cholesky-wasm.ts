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
  // Block by block (32 columns, as the kernel's blocks): V8 runs a WebAssembly call to its end in the code it
  // started in, and a first call starts in baseline code; later calls get the optimised code (3x faster here).
  for (let j0 = 0; j0 < n; j0 += 32) kernels.exports.choleskyLowerColumns(at, n, floor, j0, Math.min(n, j0 + 32));
  a.set(kernels.f64(at, n * n));
  kernels.reset();
  return a;
}
