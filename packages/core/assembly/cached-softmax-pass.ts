// AssemblyScript source of the authors' prior solver's pass on exponentials computed once (built by
// `pnpm build:wasm` into wasm/kernels.wasm). Memory is owned by the host, which passes byte offsets.

/**
 * One pass of softmax(z / T - log q) over `rows` rows from E_ij = exp(z_ij / T - max_k z_ik / T) (float64, row
 * stride `cols2` = cols rounded up to 2, padding 0) and w = 1 / q (cols2 float64, padding 0): s_i = sum_j E_ij w_j
 * is written to `rowSums` and sum_i E_ij / s_i is added to `sums` (cols2 float64; the caller multiplies by w_j / N).
 * Each row's s_i is summed in a fixed order (two lanes, then the lanes added), so the pass depends on nothing but
 * its inputs. Two multiply-adds per logit, no exponential.
 */
export function cachedSoftmaxPass(e: usize, rows: i32, cols2: i32, w: usize, sums: usize, rowSums: usize): void {
  const stride = <usize>cols2 << 3;
  for (let i = 0; i < rows; i++) {
    const row = e + <usize>i * stride;
    let acc = f64x2.splat(0);
    for (let j = 0; j < cols2; j += 2) {
      const o = <usize>j << 3;
      acc = f64x2.add(acc, f64x2.mul(v128.load(row + o), v128.load(w + o)));
    }
    const s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
    store<f64>(rowSums + (<usize>i << 3), s);
    const r = f64x2.splat(1 / s);
    for (let j = 0; j < cols2; j += 2) {
      const o = <usize>j << 3;
      v128.store(sums + o, f64x2.add(v128.load(sums + o), f64x2.mul(v128.load(row + o), r)));
    }
  }
}
