// AssemblyScript source of the dense Cholesky factor (see src/prior/cholesky-wasm.ts).
// Memory is owned by the host: it lays out the matrix and passes its byte offset. No allocation here.

/** sum_{m < len} x[m] y[m] over two float64 rows, in two lanes (added at the end): a fixed order. */
// @ts-ignore: AssemblyScript decorator
@inline
function dot(x: usize, y: usize, len: i32): f64 {
  let acc = f64x2.splat(0);
  const end = len & ~1;
  for (let m = 0; m < end; m += 2) {
    const o = <usize>m << 3;
    acc = f64x2.add(acc, f64x2.mul(v128.load(x + o), v128.load(y + o)));
  }
  let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  if (end < len) s += load<f64>(x + (<usize>end << 3)) * load<f64>(y + (<usize>end << 3));
  return s;
}

/**
 * A = L L^T in place on the lower triangle of the n x n row-major float64 matrix at `a` (the strict upper
 * triangle is left as it was); pivots below `floor` are raised to it. The dot-product form: every inner loop reads
 * two rows contiguously.
 */
export function choleskyLower(a: usize, n: i32, floor: f64): void {
  for (let j = 0; j < n; j++) {
    const rj = a + ((<usize>j * <usize>n) << 3);
    const d = load<f64>(rj + (<usize>j << 3)) - dot(rj, rj, j);
    const pivot = Math.sqrt(d > floor ? d : floor);
    store<f64>(rj + (<usize>j << 3), pivot);
    const inv = 1 / pivot;
    for (let i = j + 1; i < n; i++) {
      const ri = a + ((<usize>i * <usize>n) << 3);
      const at = ri + (<usize>j << 3);
      store<f64>(at, (load<f64>(at) - dot(ri, rj, j)) * inv);
    }
  }
}
