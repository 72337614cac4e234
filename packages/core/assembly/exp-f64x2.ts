// e^t for two float64 lanes, t <= 0 (softmax terms): e^t = 2^n e^r with n = round(t / ln 2) (ties to even) and
// r = t - n ln 2 (ln 2 split in two, fdlibm's ln2_hi has 32 significant bits so n * LN2_HI is exact),
// |r| <= ln 2 / 2, e^r by its degree-12 Taylor polynomial (truncation below 2e-16 relative). Measured within
// 2 ulp of Math.exp on [-708, 0] (test/wasm-kernels.test.ts). Lanes below -708 (e^-708 < 2^-1021: nothing a
// softmax sum of at least 1 can see) and -Infinity give 0.

const LOG2E: f64 = 1.4426950408889634;
const LN2_HI: f64 = 6.93147180369123816490e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const LOWEST: f64 = -708.0;
// 1.5 * 2^52: adding it rounds a number of magnitude below 2^51 to an integer (ties to even).
const SHIFTER: f64 = 6755399441055744.0;

/** e^t lane-wise for t <= 0; 0 below -708 and for -Infinity. */
// @ts-ignore: AssemblyScript decorator
@inline
export function expF64x2(t: v128): v128 {
  const inRange = f64x2.ge(t, f64x2.splat(LOWEST));
  // pmax is a plain maxpd (no NaN or -0 fix-ups): t is never NaN here.
  return v128.and(expF64x2InRange(f64x2.pmax(t, f64x2.splat(LOWEST))), inRange);
}

/**
 * {@link expF64x2} for lanes known to be in [-708, 708] (a softmax row whose spread is at most 708): the same
 * operations without the clamp and mask, which change nothing there, so the results are the same bit for bit.
 */
// @ts-ignore: AssemblyScript decorator
@inline
export function expF64x2InRange(x: v128): v128 {
  // Round x / ln 2 to an integer by adding 1.5 * 2^52: the sum's low mantissa bits hold n (two's complement).
  const shifted = f64x2.add(f64x2.mul(x, f64x2.splat(LOG2E)), f64x2.splat(SHIFTER));
  const n = f64x2.sub(shifted, f64x2.splat(SHIFTER));
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
  // 2^n: n's low bits shifted into the exponent field, plus the bias (n >= -1022 here: a normal number).
  const bits = i64x2.add(i64x2.shl(shifted, 52), i64x2.splat(<i64>1023 << 52));
  return f64x2.mul(p, bits);
}

/** e^t in place over `count` float64 values at `at` (count even): the kernels' exponential, for tests. */
export function expInPlace(at: usize, count: i32): void {
  for (let i = 0; i < count; i += 2) {
    const o = at + (<usize>i << 3);
    v128.store(o, expF64x2(v128.load(o)));
  }
}
