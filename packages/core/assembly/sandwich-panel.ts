// AssemblyScript source of the sandwich standard errors' panel kernel (see src/prior/sandwich-diagonal-wasm.ts).
// Memory is owned by the host: it lays out the arrays and passes their byte offsets. No allocation here.

/**
 * acc[0:p] = sum over m in [from, to) of coef[m] * x[m p .. m p + p), p even; each column summed over m in
 * ascending order on its own SIMD lane, so a column's value never depends on p or on its neighbours.
 */
// @ts-ignore: AssemblyScript decorator
@inline
function combineRows(coef: usize, from: i32, to: i32, x: usize, p: i32, acc: usize): void {
  const stride = <usize>p << 3;
  let t = 0;
  for (; t + 8 <= p; t += 8) {
    let a0 = f64x2.splat(0);
    let a1 = f64x2.splat(0);
    let a2 = f64x2.splat(0);
    let a3 = f64x2.splat(0);
    let row = x + <usize>from * stride + (<usize>t << 3);
    for (let m = from; m < to; m++) {
      const c = f64x2.splat(load<f64>(coef + (<usize>m << 3)));
      a0 = f64x2.add(a0, f64x2.mul(c, v128.load(row)));
      a1 = f64x2.add(a1, f64x2.mul(c, v128.load(row + 16)));
      a2 = f64x2.add(a2, f64x2.mul(c, v128.load(row + 32)));
      a3 = f64x2.add(a3, f64x2.mul(c, v128.load(row + 48)));
      row += stride;
    }
    const out = acc + (<usize>t << 3);
    v128.store(out, a0);
    v128.store(out + 16, a1);
    v128.store(out + 32, a2);
    v128.store(out + 48, a3);
  }
  for (; t < p; t += 2) {
    let a0 = f64x2.splat(0);
    let row = x + <usize>from * stride + (<usize>t << 3);
    for (let m = from; m < to; m++) {
      a0 = f64x2.add(a0, f64x2.mul(f64x2.splat(load<f64>(coef + (<usize>m << 3))), v128.load(row)));
      row += stride;
    }
    v128.store(acc + (<usize>t << 3), a0);
  }
}

/**
 * Adds (A^-1 S A^-1)_jj for the p (even) columns j0 .. j0 + p - 1 to out[0 .. p), with A = L L^T: x = A^-1 e_j by
 * a forward (L z = e_j) and a back substitution (L^T x = z), then x_j^T S x_j with each off-diagonal pair once.
 * l: L (lower triangle, row-major k x k); u: L^T (upper triangle, row-major), so that both substitutions read
 * rows; s: symmetric S (lower triangle read); x: k x p scratch; acc: p scratch. Columns at or past k stay zero.
 */
export function sandwichPanel(
  l: usize,
  u: usize,
  s: usize,
  k: i32,
  j0: i32,
  p: i32,
  x: usize,
  acc: usize,
  out: usize,
): void {
  const stride = <usize>p << 3;
  memory.fill(x, 0, <usize>k * stride);
  for (let i = j0; i < k; i++) {
    const ri = l + ((<usize>i * <usize>k) << 3);
    combineRows(ri, j0, i, x, p, acc);
    const inv = 1 / load<f64>(ri + (<usize>i << 3));
    const xi = x + <usize>i * stride;
    for (let t = 0; t < p; t++) {
      const e: f64 = i - j0 == t ? 1 : 0;
      store<f64>(xi + (<usize>t << 3), (e - load<f64>(acc + (<usize>t << 3))) * inv);
    }
  }
  for (let m = k - 1; m >= 0; m--) {
    const rm = u + ((<usize>m * <usize>k) << 3);
    combineRows(rm, m + 1, k, x, p, acc);
    const inv = 1 / load<f64>(rm + (<usize>m << 3));
    const xm = x + <usize>m * stride;
    for (let t = 0; t < p; t++) {
      const o = <usize>t << 3;
      store<f64>(xm + o, (load<f64>(xm + o) - load<f64>(acc + o)) * inv);
    }
  }
  for (let a = 0; a < k; a++) {
    const ra = s + ((<usize>a * <usize>k) << 3);
    combineRows(ra, 0, a, x, p, acc);
    const saa = load<f64>(ra + (<usize>a << 3));
    const xa = x + <usize>a * stride;
    for (let t = 0; t < p; t++) {
      const o = <usize>t << 3;
      const v = load<f64>(xa + o);
      store<f64>(out + o, load<f64>(out + o) + v * (2 * load<f64>(acc + o) + saa * v));
    }
  }
}
