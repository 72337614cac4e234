// Scores of one logit combination over a block of rows (see src/score-rows-kernel.ts): the combined logits and
// their argmax in float64, the softmax denominator from float32 exponentials of v - max summed in float64.
import { expF32x4 } from './exp-f32x4';

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
    }
    maxV = f64x2.pmax(maxV, maxW);
    let rowMax = max<f64>(f64x2.extract_lane(maxV, 0), f64x2.extract_lane(maxV, 1));
    for (let j = vecEnd; j < cols; j++) {
      const o = <usize>j << 3;
      let v: f64;
      if (mode == 1) v = loadOne(xr, xF64, j) * a + load<f64>(sa + o);
      else if (mode == 2) v = loadOne(yr, yF64, j) * b + load<f64>(sb + o);
      else v = loadOne(xr, xF64, j) * a + load<f64>(sa + o) + (loadOne(yr, yF64, j) * b + load<f64>(sb + o));
      store<f64>(vrow + o, v);
      rowMax = max<f64>(rowMax, v);
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
    // v - max is exact in float64 and rounded to float32 (|v - max| 6e-8 relative), exponentiated in float32 (four
    // lanes; below -87 and the -Infinity padding give 0, max itself exactly 1): the confidence is within about 2e-7
    // relative of the float64 one, the precision float32 logits carry. Terms added in a fixed order.
    for (let j = 0; j < cols4; j += 4) {
      const o = <usize>j << 3;
      const t0 = f32x4.demote_f64x2_zero(f64x2.sub(v128.load(vrow + o), maxS));
      const t1 = f32x4.demote_f64x2_zero(f64x2.sub(v128.load(vrow + o + 16), maxS));
      const e = expF32x4(v128.shuffle<u32>(t0, t1, 0, 1, 4, 5));
      sumV = f64x2.add(sumV, f64x2.promote_low_f32x4(e));
      sumW = f64x2.add(sumW, f64x2.promote_low_f32x4(v128.shuffle<u32>(e, e, 2, 3, 0, 1)));
    }
    sumV = f64x2.add(sumV, sumW);
    store<i32>(predictions + (<usize>i << 2), arg);
    store<f64>(confidence + (<usize>i << 3), 1 / (f64x2.extract_lane(sumV, 0) + f64x2.extract_lane(sumV, 1)));
  }
}
