// An alpha sweep of output ensembles (1 - alpha) x + alpha y at equally spaced alphas, scored together (see
// scoreGridRow's description in src/score-rows-kernel.ts): two exponentials per class for the whole sweep.
import { expF64x2, expF64x2InRange } from './exp-f64x2';

// @ts-ignore: AssemblyScript decorator
@inline
function pair(base: usize, isF64: i32, j: i32): v128 {
  if (isF64) return v128.load(base + (<usize>j << 3));
  return f64x2.promote_low_f32x4(v128.load64_zero(base + (<usize>j << 2)));
}

// @ts-ignore: AssemblyScript decorator
@inline
function value(base: usize, isF64: i32, j: i32): f64 {
  return isF64 ? load<f64>(base + (<usize>j << 3)) : <f64>load<f32>(base + (<usize>j << 2));
}

/** The first index j < `count` (even) with a[j] == `value`, two entries at a time; `value` must be there. */
// @ts-ignore: AssemblyScript decorator
@inline
function firstEqual(a: usize, count: i32, value: f64): i32 {
  const v = f64x2.splat(value);
  for (let j = 0; j < count; j += 2) {
    const mask = i64x2.bitmask(f64x2.eq(v128.load(a + (<usize>j << 3)), v));
    if (mask != 0) return j + ctz<i32>(mask);
  }
  return 0;
}

/**
 * For each of `rows` rows and each of the `count` grid points k (weights a_k, b_k at `wa`, `wb`, equally spaced
 * by `step` in b): the argmax of x_j a_k + y_j b_k (first index on ties, searched among the classes that can be
 * an argmax anywhere on the grid) into predictions[k * rows + i], and its max-softmax into
 * confidence[k * rows + i]. exp(v_j(k) - M) = exp(v_j(0) - M) * exp(step (y_j - x_j))^k with the row bound
 * M = max over both ends; rows where that recurrence could underflow or overflow, or gives an implausible value,
 * take the direct denominator. Scratch: first, end, base, ratio (float64, cols4 each), candidates (int32, cols).
 */
export function scoreGrid(
  x: usize,
  y: usize,
  f64Bits: i32,
  rows: i32,
  cols: i32,
  wa: usize,
  wb: usize,
  count: i32,
  step: f64,
  first: usize,
  end: usize,
  base: usize,
  ratio: usize,
  candidates: usize,
  predictions: usize,
  confidence: usize,
): void {
  const xF64 = f64Bits & 1;
  const yF64 = (f64Bits >> 1) & 1;
  const cols4 = (cols + 3) & ~3;
  const last = count - 1;
  const a0 = load<f64>(wa);
  const b0 = load<f64>(wb);
  const aL = load<f64>(wa + (<usize>last << 3));
  const bL = load<f64>(wb + (<usize>last << 3));
  for (let i = 0; i < rows; i++) {
    const xr = x + <usize>i * <usize>cols * (xF64 ? 8 : 4);
    const yr = y + <usize>i * <usize>cols * (yF64 ? 8 : 4);
    // Both ends of every class's line, their maxima, the lowest start and the widest ratio exponent, two
    // classes at a time.
    const a0V = f64x2.splat(a0);
    const b0V = f64x2.splat(b0);
    const aLV = f64x2.splat(aL);
    const bLV = f64x2.splat(bL);
    const stepV = f64x2.splat(step);
    let maxF = f64x2.splat(-Infinity);
    let maxE = f64x2.splat(-Infinity);
    let minF = f64x2.splat(Infinity);
    let wide = f64x2.splat(0);
    const pairs = cols & ~1;
    for (let j = 0; j < pairs; j += 2) {
      const xv = pair(xr, xF64, j);
      const yv = pair(yr, yF64, j);
      const f = f64x2.add(f64x2.mul(xv, a0V), f64x2.mul(yv, b0V));
      const e = f64x2.add(f64x2.mul(xv, aLV), f64x2.mul(yv, bLV));
      const d = f64x2.mul(stepV, f64x2.sub(yv, xv));
      const o = <usize>j << 3;
      v128.store(first + o, f);
      v128.store(end + o, e);
      v128.store(ratio + o, d);
      maxF = f64x2.pmax(maxF, f);
      maxE = f64x2.pmax(maxE, e);
      minF = f64x2.pmin(minF, f);
      wide = f64x2.pmax(wide, f64x2.abs(d));
    }
    let f0 = max<f64>(f64x2.extract_lane(maxF, 0), f64x2.extract_lane(maxF, 1));
    let eL = max<f64>(f64x2.extract_lane(maxE, 0), f64x2.extract_lane(maxE, 1));
    let lowest = min<f64>(f64x2.extract_lane(minF, 0), f64x2.extract_lane(minF, 1));
    let widest = max<f64>(f64x2.extract_lane(wide, 0), f64x2.extract_lane(wide, 1));
    if (pairs < cols) {
      const xv = value(xr, xF64, pairs);
      const yv = value(yr, yF64, pairs);
      const f = xv * a0 + yv * b0;
      const e = xv * aL + yv * bL;
      const d = step * (yv - xv);
      store<f64>(first + (<usize>pairs << 3), f);
      store<f64>(end + (<usize>pairs << 3), e);
      store<f64>(ratio + (<usize>pairs << 3), d);
      f0 = max<f64>(f0, f);
      eL = max<f64>(eL, e);
      lowest = min<f64>(lowest, f);
      widest = max<f64>(widest, abs<f64>(d));
    }
    // Padding up to the vector width: start terms exp(-Infinity) = 0, ratios exp(0) = 1, ends never a maximum.
    for (let j = cols; j < cols4; j++) {
      store<f64>(first + (<usize>j << 3), -Infinity);
      store<f64>(end + (<usize>j << 3), -Infinity);
      store<f64>(ratio + (<usize>j << 3), 0);
    }
    // The first class reaching each end's maximum.
    const best0 = firstEqual(first, cols4, f0);
    const bestL = firstEqual(end, cols4, eL);
    const bound = max<f64>(f0, eL);
    // v_j is linear in alpha: a class whose two ends are both below the better of the two lines' lower ends is
    // never an argmax on the grid.
    const floor = max<f64>(
      min<f64>(f0, load<f64>(end + (<usize>best0 << 3))),
      min<f64>(load<f64>(first + (<usize>bestL << 3)), eL),
    );
    const cut = floor - 1e-9 * (abs<f64>(floor) + 1);
    // Two classes at a time; the few that pass are listed in class order (padding is -Infinity: never listed).
    const cutV = f64x2.splat(cut);
    let n = 0;
    for (let j = 0; j < cols4; j += 2) {
      const o = <usize>j << 3;
      const pass = i64x2.bitmask(v128.or(f64x2.ge(v128.load(first + o), cutV), f64x2.ge(v128.load(end + o), cutV)));
      if (pass != 0) {
        if (pass & 1) {
          store<i32>(candidates + (<usize>n << 2), j);
          n++;
        }
        if (pass & 2) {
          store<i32>(candidates + (<usize>n << 2), j + 1);
          n++;
        }
      }
    }
    // The recurrence needs every start term above underflow and every ratio finite.
    const recur = lowest - bound > -700 && widest < 700;
    if (recur) {
      const boundV = f64x2.splat(bound);
      // Four independent exponentials per step, all in range (lowest - bound > -700, |ratio| < 700), so without
      // the clamp; the last step holds the padding (exp(-Infinity) = 0, exp(0) = 1) and takes the clamped form.
      const full = cols & ~3;
      for (let j = 0; j < full; j += 4) {
        const o = <usize>j << 3;
        const b0 = expF64x2InRange(f64x2.sub(v128.load(first + o), boundV));
        const b1 = expF64x2InRange(f64x2.sub(v128.load(first + o + 16), boundV));
        const r0 = expF64x2InRange(v128.load(ratio + o));
        const r1 = expF64x2InRange(v128.load(ratio + o + 16));
        v128.store(base + o, b0);
        v128.store(base + o + 16, b1);
        v128.store(ratio + o, r0);
        v128.store(ratio + o + 16, r1);
      }
      if (full < cols) {
        const o = <usize>full << 3;
        v128.store(base + o, expF64x2(f64x2.sub(v128.load(first + o), boundV)));
        v128.store(base + o + 16, expF64x2(f64x2.sub(v128.load(first + o + 16), boundV)));
        v128.store(ratio + o, expF64x2(v128.load(ratio + o)));
        v128.store(ratio + o + 16, expF64x2(v128.load(ratio + o + 16)));
      }
    }
    // The grid points four at a time: one pass over the classes carries e_j(k) = e_j(k - 1) * ratio_j through
    // the four points, each point's sum in its own accumulator (independent chains, added in class order as
    // one point at a time would: the same values bit for bit); base keeps the group's last e for the next group.
    for (let k0 = 0; k0 <= last; k0 += 4) {
      const kn = min<i32>(4, last - k0 + 1);
      let s0 = f64x2.splat(0);
      let s1 = f64x2.splat(0);
      let s2 = f64x2.splat(0);
      let s3 = f64x2.splat(0);
      if (recur) {
        for (let j = 0; j < cols; j += 2) {
          const o = <usize>j << 3;
          const r = v128.load(ratio + o);
          let e = v128.load(base + o);
          if (k0 > 0) e = f64x2.mul(e, r);
          s0 = f64x2.add(s0, e);
          if (kn > 1) {
            e = f64x2.mul(e, r);
            s1 = f64x2.add(s1, e);
          }
          if (kn > 2) {
            e = f64x2.mul(e, r);
            s2 = f64x2.add(s2, e);
          }
          if (kn > 3) {
            e = f64x2.mul(e, r);
            s3 = f64x2.add(s3, e);
          }
          v128.store(base + o, e);
        }
      }
      for (let q = 0; q < kn; q++) {
        const k = k0 + q;
        const a = load<f64>(wa + (<usize>k << 3));
        const b = load<f64>(wb + (<usize>k << 3));
        let best = -Infinity;
        let arg = 0;
        for (let c = 0; c < n; c++) {
          const j = load<i32>(candidates + (<usize>c << 2));
          const v = value(xr, xF64, j) * a + value(yr, yF64, j) * b;
          if (v > best) {
            best = v;
            arg = j;
          }
        }
        let conf: f64 = NaN;
        if (recur) {
          const sumV = q == 0 ? s0 : q == 1 ? s1 : q == 2 ? s2 : s3;
          const sum = f64x2.extract_lane(sumV, 0) + f64x2.extract_lane(sumV, 1);
          if (best - bound > -600) {
            const top = f64x2.extract_lane(expF64x2(f64x2.splat(best - bound)), 0);
            conf = top / sum;
          }
        }
        if (!(conf > 0 && conf <= 1 + 1e-12)) {
          // The direct denominator when the recurrence cannot be trusted (overflowing ratios, extreme logits).
          let direct: f64 = 0;
          for (let j = 0; j < cols; j++) {
            const t = value(xr, xF64, j) * a + value(yr, yF64, j) * b - best;
            direct += f64x2.extract_lane(expF64x2(f64x2.splat(t)), 0);
          }
          conf = 1 / direct;
        }
        const slot = <usize>k * <usize>rows + <usize>i;
        store<i32>(predictions + (slot << 2), arg);
        store<f64>(confidence + (slot << 3), min<f64>(1, conf));
      }
    }
  }
}
