// e^t for two float64 lanes, t <= 0 (softmax terms): e^t = 2^n e^r with n = round(t / ln 2) and
// r = t - n ln 2 (ln 2 split in two, fdlibm's ln2_hi has 32 significant bits so n * LN2_HI is exact),
// |r| <= ln 2 / 2, e^r by its degree-12 Taylor polynomial (truncation below 2e-16 relative). Measured within
// 2 ulp of Math.exp on [-708, 0] (test/wasm-kernels.test.ts). Lanes below -708 (e^-708 < 2^-1021: nothing a
// softmax sum of at least 1 can see) and -Infinity give 0.

const LOG2E: f64 = 1.4426950408889634;
const LN2_HI: f64 = 6.93147180369123816490e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const LOWEST: f64 = -708.0;

/** e^t lane-wise for t <= 0; 0 below -708 and for -Infinity. */
// @ts-ignore: AssemblyScript decorator
@inline
export function expF64x2(t: v128): v128 {
  const inRange = f64x2.ge(t, f64x2.splat(LOWEST));
  const x = f64x2.max(t, f64x2.splat(LOWEST));
  const n = f64x2.nearest(f64x2.mul(x, f64x2.splat(LOG2E)));
  let r = f64x2.sub(x, f64x2.mul(n, f64x2.splat(LN2_HI)));
  r = f64x2.sub(r, f64x2.mul(n, f64x2.splat(LN2_LO)));
  let p = f64x2.splat(1.0 / 479001600.0);
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 39916800.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 3628800.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 362880.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 40320.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 5040.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 720.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 120.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 24.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 6.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(0.5));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
  // 2^n from its exponent field: n >= -1022 here, so the result is a normal number.
  const bits = i64x2.shl(i64x2.add(i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(n)), i64x2.splat(1023)), 52);
  return v128.and(f64x2.mul(p, bits), inRange);
}
