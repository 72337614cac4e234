// Scores of one logit combination over a block of rows (see src/score-rows-kernel.ts), float64 throughout.
import { expF64x2, expF64x2InRange } from './exp-f64x2';

// @ts-ignore: AssemblyScript decorator
@inline
function loadOne(base: usize, isF64: i32, j: i32): f64 {
  return isF64 ? load<f64>(base + (<usize>j << 3)) : <f64>load<f32>(base + (<usize>j << 2));
}

/**
 * For each of `rows` rows: v_j = (x_j * a + sa_j) + (y_j * b + sb_j) with the terms selected by `mode` (1: x only,
 * v = x_j * a + sa_j; 2: y only, v = y_j * b + sb_j; 3: both), in that evaluation order (the order of
 * adjustLogits / outputEnsemble / glaLogits, so the values are theirs bit for bit); writes the argmax (first
 * index on ties) to `predictions` (int32) and 1 / sum_j exp(v_j - max) to `confidence` (float64). x and y are
 * float32 unless bit 0 (x) or bit 1 (y) of `isF64` is set; sa, sb and the scratch row vrow are float64 with cols rounded up to 4 entries.
 */
export function scoreRows(
  x: usize,
  y: usize,
  isF64: i32,
  rows: i32,
  cols: i32,
  mode: i32,
  a: f64,
  sa: usize,
  b: f64,
  sb: usize,
  vrow: usize,
  predictions: usize,
  confidence: usize,
): void {
  const cols4 = (cols + 3) & ~3;
  const vecEnd = cols & ~3;
  const xF64 = isF64 & 1;
  const yF64 = (isF64 >> 1) & 1;
  const aV = f64x2.splat(a);
  const bV = f64x2.splat(b);
  for (let i = 0; i < rows; i++) {
    const xr = x + <usize>i * <usize>cols * (xF64 ? 8 : 4);
    const yr = y + <usize>i * <usize>cols * (yF64 ? 8 : 4);
    let maxV = f64x2.splat(-Infinity);
    let maxW = f64x2.splat(-Infinity);
    let minV = f64x2.splat(Infinity);
    let minW = f64x2.splat(Infinity);
    for (let j = 0; j < vecEnd; j += 4) {
      const o = <usize>j << 3;
      // Four values of each input, read once: float32 promoted exactly, two lanes at a time.
      let x0 = f64x2.splat(0);
      let x1 = f64x2.splat(0);
      let y0 = f64x2.splat(0);
      let y1 = f64x2.splat(0);
      if (mode & 1) {
        if (xF64) {
          x0 = v128.load(xr + o);
          x1 = v128.load(xr + o + 16);
        } else {
          const z = v128.load(xr + (<usize>j << 2));
          x0 = f64x2.promote_low_f32x4(z);
          x1 = f64x2.promote_low_f32x4(v128.shuffle<u32>(z, z, 2, 3, 0, 1));
        }
      }
      if (mode & 2) {
        if (yF64) {
          y0 = v128.load(yr + o);
          y1 = v128.load(yr + o + 16);
        } else {
          const z = v128.load(yr + (<usize>j << 2));
          y0 = f64x2.promote_low_f32x4(z);
          y1 = f64x2.promote_low_f32x4(v128.shuffle<u32>(z, z, 2, 3, 0, 1));
        }
      }
      let v0: v128;
      let v1: v128;
      if (mode == 1) {
        v0 = f64x2.add(f64x2.mul(x0, aV), v128.load(sa + o));
        v1 = f64x2.add(f64x2.mul(x1, aV), v128.load(sa + o + 16));
      } else if (mode == 2) {
        v0 = f64x2.add(f64x2.mul(y0, bV), v128.load(sb + o));
        v1 = f64x2.add(f64x2.mul(y1, bV), v128.load(sb + o + 16));
      } else {
        const z0 = f64x2.add(f64x2.mul(x0, aV), v128.load(sa + o));
        const z1 = f64x2.add(f64x2.mul(x1, aV), v128.load(sa + o + 16));
        v0 = f64x2.add(z0, f64x2.add(f64x2.mul(y0, bV), v128.load(sb + o)));
        v1 = f64x2.add(z1, f64x2.add(f64x2.mul(y1, bV), v128.load(sb + o + 16)));
      }
      v128.store(vrow + o, v0);
      v128.store(vrow + o + 16, v1);
      maxV = f64x2.pmax(maxV, v0);
      maxW = f64x2.pmax(maxW, v1);
      minV = f64x2.pmin(minV, v0);
      minW = f64x2.pmin(minW, v1);
    }
    maxV = f64x2.pmax(maxV, maxW);
    minV = f64x2.pmin(minV, minW);
    let rowMin = min<f64>(f64x2.extract_lane(minV, 0), f64x2.extract_lane(minV, 1));
    let rowMax = max<f64>(f64x2.extract_lane(maxV, 0), f64x2.extract_lane(maxV, 1));
    for (let j = vecEnd; j < cols; j++) {
      const o = <usize>j << 3;
      let v: f64;
      if (mode == 1) v = loadOne(xr, xF64, j) * a + load<f64>(sa + o);
      else if (mode == 2) v = loadOne(yr, yF64, j) * b + load<f64>(sb + o);
      else v = loadOne(xr, xF64, j) * a + load<f64>(sa + o) + (loadOne(yr, yF64, j) * b + load<f64>(sb + o));
      store<f64>(vrow + o, v);
      rowMax = max<f64>(rowMax, v);
      rowMin = min<f64>(rowMin, v);
    }
    for (let j = cols; j < cols4; j++) store<f64>(vrow + (<usize>j << 3), -Infinity);
    // The first index holding the maximum.
    const maxS = f64x2.splat(rowMax);
    let arg = 0;
    for (let j = 0; j < cols4; j += 2) {
      const mask = i64x2.bitmask(f64x2.eq(v128.load(vrow + (<usize>j << 3)), maxS));
      if (mask != 0) {
        arg = j + ctz<i32>(mask);
        break;
      }
    }
    let sumV = f64x2.splat(0);
    let sumW = f64x2.splat(0);
    // Every v - max is in [-700, 0] when the row spans at most 700: those columns take the exponential without
    // its clamp (the same values bit for bit); the rest, the padding (-Infinity) included, the clamped one. The
    // terms are added in the same order either way: columns j, j + 1 to sumV, j + 2, j + 3 to sumW.
    const full = rowMax - rowMin <= 700 ? cols & ~7 : 0;
    let j = 0;
    for (; j < full; j += 8) {
      const o = <usize>j << 3;
      const e0 = expF64x2InRange(f64x2.sub(v128.load(vrow + o), maxS));
      const e1 = expF64x2InRange(f64x2.sub(v128.load(vrow + o + 16), maxS));
      const e2 = expF64x2InRange(f64x2.sub(v128.load(vrow + o + 32), maxS));
      const e3 = expF64x2InRange(f64x2.sub(v128.load(vrow + o + 48), maxS));
      sumV = f64x2.add(f64x2.add(sumV, e0), e2);
      sumW = f64x2.add(f64x2.add(sumW, e1), e3);
    }
    for (; j + 8 <= cols4; j += 8) {
      const o = <usize>j << 3;
      const e0 = expF64x2(f64x2.sub(v128.load(vrow + o), maxS));
      const e1 = expF64x2(f64x2.sub(v128.load(vrow + o + 16), maxS));
      const e2 = expF64x2(f64x2.sub(v128.load(vrow + o + 32), maxS));
      const e3 = expF64x2(f64x2.sub(v128.load(vrow + o + 48), maxS));
      sumV = f64x2.add(f64x2.add(sumV, e0), e2);
      sumW = f64x2.add(f64x2.add(sumW, e1), e3);
    }
    for (; j < cols4; j += 4) {
      const o = <usize>j << 3;
      sumV = f64x2.add(sumV, expF64x2(f64x2.sub(v128.load(vrow + o), maxS)));
      sumW = f64x2.add(sumW, expF64x2(f64x2.sub(v128.load(vrow + o + 16), maxS)));
    }
    sumV = f64x2.add(sumV, sumW);
    store<i32>(predictions + (<usize>i << 2), arg);
    store<f64>(confidence + (<usize>i << 3), 1 / (f64x2.extract_lane(sumV, 0) + f64x2.extract_lane(sumV, 1)));
  }
}
