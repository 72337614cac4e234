// AssemblyScript source of the Pillow BICUBIC resize passes in WebAssembly SIMD (see src/preprocess/pil-resize.ts,
// which computes the fixed-point weights and lays out the memory). Integer arithmetic exactly as Pillow 9.4's C:
// int32 accumulators starting at 1 << 21, products of a byte and a 22-bit weight, wrapping adds, then an arithmetic
// shift by 22 and a clamp to [0, 255] (two saturating narrows). Memory is owned by the host; no allocation here.
// Buffers need 16 bytes of padding past their end: vectors may read and write a few bytes beyond the data.

const PRECISION_BITS: i32 = 22;
const HALF: i32 = 1 << (PRECISION_BITS - 1);

/** Four bytes at `at` widened to four int32 lanes. */
// @ts-ignore: AssemblyScript decorator
@inline
function widen4(at: usize): v128 {
  return i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(at)));
}

/** The clamped bytes of four (or sixteen) int32 lanes after the fixed-point shift, in the low lanes. */
// @ts-ignore: AssemblyScript decorator
@inline
function narrow(a: v128, b: v128, c: v128, d: v128): v128 {
  return i8x16.narrow_i16x8_u(
    i16x8.narrow_i32x4_s(i32x4.shr_s(a, PRECISION_BITS), i32x4.shr_s(b, PRECISION_BITS)),
    i16x8.narrow_i32x4_s(i32x4.shr_s(c, PRECISION_BITS), i32x4.shr_s(d, PRECISION_BITS)),
  );
}

/**
 * Horizontal pass: each of `h` rows of `w` pixels with `c` channels (1 to 4) becomes `outW` pixels; output pixel x
 * reads inputs bounds[2x] .. bounds[2x] + bounds[2x + 1] - 1 with weights weights[x taps ..]. One pixel's channels
 * are the lanes of one vector, so the taps loop does one multiply-add per tap whatever the channel count.
 */
export function resampleRows(
  src: usize,
  w: i32,
  h: i32,
  c: i32,
  outW: i32,
  bounds: usize,
  weights: usize,
  taps: i32,
  out: usize,
): void {
  const rowIn = <usize>w * <usize>c;
  const rowOut = <usize>outW * <usize>c;
  for (let y = 0; y < h; y++) {
    const row = src + <usize>y * rowIn;
    let o = out + <usize>y * rowOut;
    for (let x = 0; x < outW; x++) {
      const first = load<i32>(bounds + (<usize>(2 * x) << 2));
      const count = load<i32>(bounds + (<usize>(2 * x + 1) << 2));
      const k = weights + (<usize>(x * taps) << 2);
      let acc = i32x4.splat(HALF);
      let at = row + <usize>first * <usize>c;
      for (let t = 0; t < count; t++) {
        acc = i32x4.add(acc, i32x4.mul(widen4(at), i32x4.splat(load<i32>(k + (<usize>t << 2)))));
        at += <usize>c;
      }
      // Four bytes stored; the lanes past c are overwritten by the next pixel (or land in the padding).
      v128.store32_lane(o, narrow(acc, acc, acc, acc), 0);
      o += <usize>c;
    }
  }
}

/**
 * Vertical pass: rows of `rowLength` bytes (width x channels), `h` of them, become `outH` rows; output row y adds
 * input rows bounds[2y] .. with weights weights[y taps ..]. Sixteen bytes of a row per step, four int32 vectors.
 */
export function resampleColumns(
  src: usize,
  rowLength: i32,
  outH: i32,
  bounds: usize,
  weights: usize,
  taps: i32,
  out: usize,
): void {
  const stride = <usize>rowLength;
  for (let y = 0; y < outH; y++) {
    const first = load<i32>(bounds + (<usize>(2 * y) << 2));
    const count = load<i32>(bounds + (<usize>(2 * y + 1) << 2));
    const k = weights + (<usize>(y * taps) << 2);
    const top = src + <usize>first * stride;
    const o = out + <usize>y * stride;
    // Chunks past the row's end compute garbage into the next row's first bytes, which that row overwrites
    // (rows are written in order), or into the padding after the last row.
    for (let i: usize = 0; i < stride; i += 16) {
      let a0 = i32x4.splat(HALF);
      let a1 = a0;
      let a2 = a0;
      let a3 = a0;
      let at = top + i;
      for (let t = 0; t < count; t++) {
        const wt = i32x4.splat(load<i32>(k + (<usize>t << 2)));
        const bytes = v128.load(at);
        const lo = i16x8.extend_low_i8x16_u(bytes);
        const hi = i16x8.extend_high_i8x16_u(bytes);
        a0 = i32x4.add(a0, i32x4.mul(i32x4.extend_low_i16x8_u(lo), wt));
        a1 = i32x4.add(a1, i32x4.mul(i32x4.extend_high_i16x8_u(lo), wt));
        a2 = i32x4.add(a2, i32x4.mul(i32x4.extend_low_i16x8_u(hi), wt));
        a3 = i32x4.add(a3, i32x4.mul(i32x4.extend_high_i16x8_u(hi), wt));
        at += stride;
      }
      v128.store(o + i, narrow(a0, a1, a2, a3));
    }
  }
}
