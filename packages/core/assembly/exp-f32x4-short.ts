// e^t for four float32 lanes, t <= 0, for the exact prior solver's Newton passes (their exponentials shape the
// Newton direction only): the range reduction of exp-f32x4.ts (n = round(t / ln 2), r = t - n ln 2 in two parts,
// |r| <= ln 2 / 2), then e^r by a degree-5 polynomial fitted to e^r in relative error (1.1e-7 on the interval,
// below the float32 roundings' 3e-7), not the degree-7 Taylor polynomial: two multiply-adds less per four lanes.
// Its constant term is 1, so exp(0) is exactly 1 (the row maximum's term), which the keeping rule relies on.
// Lanes below -87 and -Infinity give 0.

import { expClamped, expReduced, expScaled, expShifted } from './exp-f32x4';

// Least-squares fit of (e^r - 1) / r on [-ln 2 / 2, ln 2 / 2], weighted by 1 / e^r (python3/numpy, Chebyshev nodes).
const C1: f32 = 0.99999953;
const C2: f32 = 0.49999141;
const C3: f32 = 0.16668115;
const C4: f32 = 0.041898772;
const C5: f32 = 0.008261534;

/** e^t lane-wise for t <= 0 (relative error below 3e-7); 0 below -87 and for -Infinity. */
// @ts-ignore: AssemblyScript decorator
@inline
export function expShortF32x4(t: v128): v128 {
  const x = expClamped(t);
  const shifted = expShifted(x);
  const r = expReduced(x, shifted);
  let p = f32x4.splat(C5);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(C4));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(C3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(C2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(C1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0));
  return expScaled(p, shifted, t);
}

/** e^t in place over `count` float32 values at `at` (count a multiple of 4): for tests. */
export function expShortInPlaceF32(at: usize, count: i32): void {
  for (let i = 0; i < count; i += 4) {
    const o = at + (<usize>i << 2);
    v128.store(o, expShortF32x4(v128.load(o)));
  }
}
