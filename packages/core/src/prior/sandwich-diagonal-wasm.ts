import { wasmKernels } from '../wasm-kernels.js';
import { SANDWICH_PANEL } from './sandwich-diagonal.js';

/**
 * `sandwichDiagonal` in the WebAssembly SIMD kernel (same arguments, same result up to rounding: each column is
 * summed in ascending order on its own lane, so it never depends on the panel width, the column range or the
 * thread). Copies L with L^T (one matrix) and S into this thread's kernel memory (16 MB at k = 1,000) once per call.
 * @param l Cholesky factor of A (lower triangle, row-major, k x k)
 * @param s symmetric k x k matrix, row-major (lower triangle and diagonal read)
 * @param k size
 * @param from first column (default 0)
 * @param to end of the columns (default k)
 * @param panel columns per panel, rounded up to even (default 48); changes nothing but speed
 * @returns to - from numbers: (A^-1 S A^-1)_jj for j in [from, to)
 */
export function sandwichDiagonalWasm(
  l: Float64Array,
  s: Float64Array,
  k: number,
  from = 0,
  to = k,
  panel = SANDWICH_PANEL,
): Float64Array {
  const p = (panel + 1) & ~1;
  const kernels = wasmKernels();
  kernels.reset();
  // L in the lower triangle and L^T in the upper one of the same matrix (they share the diagonal): the forward
  // substitution reads rows of L, the back substitution rows of L^T, each only its own triangle.
  const lAt = kernels.alloc(8 * k * k);
  const uAt = lAt;
  const sAt = kernels.alloc(8 * k * k);
  const xAt = kernels.alloc(8 * k * p);
  const accAt = kernels.alloc(8 * p);
  const outAt = kernels.alloc(8 * p);
  kernels.f64(lAt, k * k).set(l);
  kernels.f64(sAt, k * k).set(s);
  const u = kernels.f64(uAt, k * k);
  for (let i = 0; i < k; i++) for (let m = 0; m < i; m++) u[m * k + i] = l[i * k + m];
  const result = new Float64Array(to - from);
  const out = kernels.f64(outAt, p);
  for (let j0 = from; j0 < to; j0 += p) {
    const width = Math.min(p, to - j0);
    out.fill(0);
    kernels.exports.sandwichPanel(lAt, uAt, sAt, k, j0, p, xAt, accAt, outAt);
    result.set(out.subarray(0, width), j0 - from);
  }
  kernels.reset();
  return result;
}
