// AssemblyScript source of the linear heads' forward product A B^T on WebAssembly SIMD (built by `pnpm build:wasm`
// into wasm/kernels.wasm). Memory is owned by the host, which passes byte offsets.

/**
 * out (n x k, float64) = A (n x d; float32 when `isF64` is 0, float64 otherwise) times B^T, B given as class pairs:
 * `pairs` holds, for pair p and t < d, the two float64 values B[2p][t], B[2p + 1][t] (0 past the last class). Each
 * output is 0 plus the products A[i][t] B[j][t] added one at a time for t = 0, 1, ..., d - 1, with no fused
 * multiply-add: the same operations, in the same order, as the TypeScript kernel, so the result is bit-identical.
 * Four rows and two pairs (four classes) at a time: eight two-lane accumulators.
 */
export function abtRows(a: usize, isF64: i32, n: i32, d: i32, pairs: usize, k: i32, out: usize): void {
  const pairCount = (k + 1) >> 1;
  const pairStride = <usize>d << 4;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    let p = 0;
    for (; p + 2 <= pairCount; p += 2) {
      const b0 = pairs + <usize>p * pairStride;
      const b1 = b0 + pairStride;
      let s00 = f64x2.splat(0);
      let s01 = f64x2.splat(0);
      let s10 = f64x2.splat(0);
      let s11 = f64x2.splat(0);
      let s20 = f64x2.splat(0);
      let s21 = f64x2.splat(0);
      let s30 = f64x2.splat(0);
      let s31 = f64x2.splat(0);
      for (let t = 0; t < d; t++) {
        const x0 = v128.load(b0 + (<usize>t << 4));
        const x1 = v128.load(b1 + (<usize>t << 4));
        const y0 = f64x2.splat(element(a, isF64, i, d, t));
        const y1 = f64x2.splat(element(a, isF64, i + 1, d, t));
        const y2 = f64x2.splat(element(a, isF64, i + 2, d, t));
        const y3 = f64x2.splat(element(a, isF64, i + 3, d, t));
        s00 = f64x2.add(s00, f64x2.mul(y0, x0));
        s01 = f64x2.add(s01, f64x2.mul(y0, x1));
        s10 = f64x2.add(s10, f64x2.mul(y1, x0));
        s11 = f64x2.add(s11, f64x2.mul(y1, x1));
        s20 = f64x2.add(s20, f64x2.mul(y2, x0));
        s21 = f64x2.add(s21, f64x2.mul(y2, x1));
        s30 = f64x2.add(s30, f64x2.mul(y3, x0));
        s31 = f64x2.add(s31, f64x2.mul(y3, x1));
      }
      storePair(out, k, i, 2 * p, s00);
      storePair(out, k, i, 2 * p + 2, s01);
      storePair(out, k, i + 1, 2 * p, s10);
      storePair(out, k, i + 1, 2 * p + 2, s11);
      storePair(out, k, i + 2, 2 * p, s20);
      storePair(out, k, i + 2, 2 * p + 2, s21);
      storePair(out, k, i + 3, 2 * p, s30);
      storePair(out, k, i + 3, 2 * p + 2, s31);
    }
    for (; p < pairCount; p++) for (let r = 0; r < 4; r++) onePair(a, isF64, i + r, d, pairs, p, k, out);
  }
  for (; i < n; i++) for (let p = 0; p < pairCount; p++) onePair(a, isF64, i, d, pairs, p, k, out);
}

@inline
function element(a: usize, isF64: i32, row: i32, d: i32, t: i32): f64 {
  const at = <usize>row * <usize>d + <usize>t;
  return isF64 ? load<f64>(a + (at << 3)) : <f64>load<f32>(a + (at << 2));
}

/** Writes the two classes j, j + 1 of row `row` (j + 1 only when it is a class). */
@inline
function storePair(out: usize, k: i32, row: i32, j: i32, s: v128): void {
  const at = out + ((<usize>row * <usize>k + <usize>j) << 3);
  store<f64>(at, f64x2.extract_lane(s, 0));
  if (j + 1 < k) store<f64>(at + 8, f64x2.extract_lane(s, 1));
}

function onePair(a: usize, isF64: i32, row: i32, d: i32, pairs: usize, p: i32, k: i32, out: usize): void {
  const b0 = pairs + <usize>p * (<usize>d << 4);
  let s = f64x2.splat(0);
  for (let t = 0; t < d; t++) s = f64x2.add(s, f64x2.mul(f64x2.splat(element(a, isF64, row, d, t)), v128.load(b0 + (<usize>t << 4))));
  storePair(out, k, row, 2 * p, s);
}
