// e^t for four float32 lanes, t <= 0 (softmax terms of the prior solver's fast pass): e^t = 2^n e^r with
// n = round(t / ln 2) and r = t - n ln 2 (ln 2 split in two so that n * LN2_HI is exact for |n| < 2^8),
// |r| <= ln 2 / 2, e^r by its degree-7 Taylor polynomial (truncation below 6e-9 relative, under float32's
// 6e-8 rounding). Lanes below -87 (e^-87 < 2^-125: nothing a softmax sum of at least 1 can see) and -Infinity
// give 0. exp(0) is exactly 1 (the row maximum's term), which the keeping rule relies on.

const LOG2E: f32 = 1.44269504;
// ln 2 = LN2_HI + LN2_LO with LN2_HI's last 9 mantissa bits zero (n * LN2_HI exact for |n| <= 256).
const LN2_HI: f32 = 0.693145752;
const LN2_LO: f32 = 1.42860677e-6;
const LOWEST: f32 = -87.0;
// 1.5 * 2^23: adding it rounds a float32 of magnitude below 2^22 to an integer (ties to even).
const SHIFTER: f32 = 12582912.0;

// The range reduction and the scaling by 2^n, shared with the Newton passes' shorter polynomial
// (exp-f32x4-short.ts): inline, so each exponential compiles to one straight sequence.

/** t clamped at -87 (below it the result is 0, see `expScaled`). */
// @ts-ignore: AssemblyScript decorator
@inline
export function expClamped(t: v128): v128 {
  return f32x4.pmax(t, f32x4.splat(LOWEST));
}

/** x / ln 2 + SHIFTER for the clamped x: its low mantissa bits hold n = round(x / ln 2). */
// @ts-ignore: AssemblyScript decorator
@inline
export function expShifted(x: v128): v128 {
  return f32x4.add(f32x4.mul(x, f32x4.splat(LOG2E)), f32x4.splat(SHIFTER));
}

/** r = x - n ln 2 in two parts, |r| <= ln 2 / 2, for the clamped x and its shifted exponent. */
// @ts-ignore: AssemblyScript decorator
@inline
export function expReduced(x: v128, shifted: v128): v128 {
  const n = f32x4.sub(shifted, f32x4.splat(SHIFTER));
  const r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI)));
  return f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
}

/** p * 2^n for e^r = p, and 0 in the lanes where t was below -87 or -Infinity. */
// @ts-ignore: AssemblyScript decorator
@inline
export function expScaled(p: v128, shifted: v128, t: v128): v128 {
  // 2^n: the shifted sum's low mantissa bits hold n (two's complement); moved into the exponent field, plus the
  // bias (n >= -126 here: a normal number).
  const bits = i32x4.add(i32x4.shl(shifted, 23), i32x4.splat(127 << 23));
  return v128.and(f32x4.mul(p, bits), f32x4.ge(t, f32x4.splat(LOWEST)));
}

/** e^t lane-wise for t <= 0; 0 below -87 and for -Infinity. */
// @ts-ignore: AssemblyScript decorator
@inline
export function expF32x4(t: v128): v128 {
  const x = expClamped(t);
  const shifted = expShifted(x);
  const r = expReduced(x, shifted);
  let p = f32x4.splat(<f32>(1.0 / 5040.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0 / 720.0)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0 / 120.0)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0 / 24.0)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0 / 6.0)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(0.5));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0));
  return expScaled(p, shifted, t);
}

/** e^t in place over `count` float32 values at `at` (count a multiple of 4): the fast pass's exponential, for tests. */
export function expInPlaceF32(at: usize, count: i32): void {
  for (let i = 0; i < count; i += 4) {
    const o = at + (<usize>i << 2);
    v128.store(o, expF32x4(v128.load(o)));
  }
}
