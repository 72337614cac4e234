import type { FloatArray } from './matrix.js';
import { type MatrixProducts, typescriptProducts } from './matrix-products.js';
import type { ParallelPool } from './parallel-pool.js';
import { isShared, sharedFloat64, toShared } from './shared-arrays.js';
import { type AbtPartArgs, PART_ROWS } from './abt-rows-kernel.js';

/** Below this many multiply-adds (n d k) the product stays on this thread: handing it out costs more. */
const PARALLEL_MIN = 1 << 24;

/**
 * {@link MatrixProducts} whose `abt` (A B^T, e.g. a linear head's logits on a block of features) splits the rows
 * of A over `pool`'s lanes, each running the built-in kernel on its rows. Each output adds its terms in the same
 * order whatever the split, so the results are bit-identical to {@link typescriptProducts} for any number of
 * lanes. `atb` (a reduction over rows) stays on this thread. A and B not on a SharedArrayBuffer are copied once
 * per call.
 * @param pool the lanes (left open)
 */
export function parallelProducts(pool: ParallelPool): MatrixProducts {
  // Shared buffers kept from call to call (a head's blocks come one after another; fresh SharedArrayBuffers per
  // block piled up faster than the garbage collector freed them), and the last B's shared copy.
  let a32: Float32Array = new Float32Array(0);
  let a64: Float64Array = new Float64Array(0);
  let result: Float64Array = new Float64Array(0);
  let lastB: FloatArray | undefined;
  let sharedB: FloatArray | undefined;
  return {
    abt(a, b, n, d, k, out) {
      if (pool.threads < 2 || n < 2 * PART_ROWS || n * d * k < PARALLEL_MIN) {
        typescriptProducts.abt(a, b, n, d, k, out);
        return;
      }
      let sharedA: FloatArray = a;
      if (!isShared(a)) {
        if (a instanceof Float64Array) {
          if (a64.length < n * d) a64 = sharedFloat64(n * d);
          a64.set(a.subarray(0, n * d));
          sharedA = a64;
        } else {
          if (a32.length < n * d) a32 = toShared(new Float32Array(n * d));
          a32.set(a.subarray(0, n * d));
          sharedA = a32;
        }
      }
      if (b !== lastB) {
        lastB = b;
        sharedB = isShared(b) ? b : toShared(b.subarray(0, k * d));
      }
      if (result.length < n * k) result = sharedFloat64(n * k);
      const args: AbtPartArgs = { a: sharedA, b: sharedB as FloatArray, n, d, k, out: result };
      pool.run('abt-rows', args, Math.ceil(n / PART_ROWS));
      out.set(result.subarray(0, n * k));
    },
    atb: typescriptProducts.atb,
  };
}
