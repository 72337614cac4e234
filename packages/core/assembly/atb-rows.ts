// AssemblyScript source of the linear heads' gradient product A^T B on WebAssembly SIMD (built by
// `pnpm build:wasm` into wasm/kernels.wasm). Memory is owned by the host, which passes byte offsets.

/**
 * out (k x d, float64, row stride `d2` = d rounded up to 2) = A^T B for A (n x k, float64) and B (n x d; float32
 * when `isF64` is 0, float64 otherwise; row stride `d2`, padding 0). Each output starts at 0 and adds the products
 * A[i][j] B[i][t] one at a time for i = 0, 1, ..., n - 1, with no fused multiply-add: the same operations, in the
 * same order, as the TypeScript kernel, so the result is bit-identical (a zero A[i][j] adds +-0, which changes no
 * sum: none is -0). Two columns t per lane pair, four rows of B per load and store of the output.
 */
export function atbRows(a: usize, b: usize, isF64: i32, n: i32, k: i32, d2: i32, out: usize): void {
  memory.fill(out, 0, (<usize>k * <usize>d2) << 3);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    for (let j = 0; j < k; j++) {
      const s0 = f64x2.splat(load<f64>(a + ((<usize>i * <usize>k + <usize>j) << 3)));
      const s1 = f64x2.splat(load<f64>(a + ((<usize>(i + 1) * <usize>k + <usize>j) << 3)));
      const s2 = f64x2.splat(load<f64>(a + ((<usize>(i + 2) * <usize>k + <usize>j) << 3)));
      const s3 = f64x2.splat(load<f64>(a + ((<usize>(i + 3) * <usize>k + <usize>j) << 3)));
      const o = out + ((<usize>j * <usize>d2) << 3);
      for (let t = 0; t < d2; t += 2) {
        const at = o + (<usize>t << 3);
        let v = v128.load(at);
        v = f64x2.add(v, f64x2.mul(s0, pair(b, isF64, i, d2, t)));
        v = f64x2.add(v, f64x2.mul(s1, pair(b, isF64, i + 1, d2, t)));
        v = f64x2.add(v, f64x2.mul(s2, pair(b, isF64, i + 2, d2, t)));
        v = f64x2.add(v, f64x2.mul(s3, pair(b, isF64, i + 3, d2, t)));
        v128.store(at, v);
      }
    }
  }
  for (; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const s = f64x2.splat(load<f64>(a + ((<usize>i * <usize>k + <usize>j) << 3)));
      const o = out + ((<usize>j * <usize>d2) << 3);
      for (let t = 0; t < d2; t += 2) {
        const at = o + (<usize>t << 3);
        v128.store(at, f64x2.add(v128.load(at), f64x2.mul(s, pair(b, isF64, i, d2, t))));
      }
    }
  }
}

/** B[row][t], B[row][t + 1] as float64 lanes. */
@inline
function pair(b: usize, isF64: i32, row: i32, d2: i32, t: i32): v128 {
  const at = <usize>row * <usize>d2 + <usize>t;
  return isF64 ? v128.load(b + (at << 3)) : f64x2.promote_low_f32x4(v128.load64_zero(b + (at << 2)));
}
