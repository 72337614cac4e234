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
  const starts: number[] = [];
  for (let j0 = from; j0 < to; j0 += p) starts.push(j0);
  const result = new Float64Array(to - from);
  sandwichPanelsWasm(l, s, k, starts, p, (j0, values) =>
    result.set(values.subarray(0, Math.min(p, to - j0)), j0 - from),
  );
  return result;
}

/**
 * The panels of `sandwichDiagonalWasm` that start at the given columns, in any order (each column is computed
 * alone, so the order changes nothing): L, L^T and S are copied into the kernel memory once for all of them.
 * @param panel columns per panel (even)
 * @param take called with each panel's start and its `panel` values (columns past k are zero); the view is
 *   valid during the call only
 */
export function sandwichPanelsWasm(
  l: Float64Array,
  s: Float64Array,
  k: number,
  starts: readonly number[],
  panel: number,
  take: (j0: number, values: Float64Array) => void,
): void {
  const p = panel;
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
  const out = kernels.f64(outAt, p);
  for (const j0 of starts) {
    out.fill(0);
    if (!warmed && p > 4) {
      // This thread's first panel: two columns, two more, then the rest (each column is computed alone, so the
      // split changes nothing). V8 runs a WebAssembly call to its end in the code it started in, baseline code for
      // a first call: the narrow calls take that cost, the rest runs optimised (about 20 ms less at k = 1,000).
      for (const [from, width] of [
        [0, 2],
        [2, 2],
        [4, p - 4],
      ]) {
        kernels.exports.sandwichPanel(lAt, uAt, sAt, k, j0 + from, width, xAt, accAt, outAt + 8 * from);
      }
      warmed = true;
    } else {
      kernels.exports.sandwichPanel(lAt, uAt, sAt, k, j0, p, xAt, accAt, outAt);
    }
    take(j0, out);
  }
  kernels.reset();
}

/** Whether this thread has run a panel (see `sandwichPanelsWasm`). */
let warmed = false;
