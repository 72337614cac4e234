// The input checks' one pass over a block of logit rows (see src/logit-summary.ts): finiteness, the largest
// magnitude and the largest row spread, read once, four float32 (or two float64) values at a time.

const ABS_MASK_F32: i32 = 0x7fffffff;
// Bits of +Infinity: a float32 whose magnitude bits reach this is Infinity or NaN.
const INF_BITS_F32: i32 = 0x7f800000;

/**
 * Over `rows` rows of `cols` values at `data` (float32, or float64 when `isF64` is 1), writes three float64 to
 * `out`: [0] 1 when some value is NaN or +-Infinity, else 0; [1] the largest |value| (exact: a float32 is promoted
 * without rounding); [2] the largest row spread max_j v_ij - min_j v_ij, the difference taken in float64 (as the
 * host's scalar check does). [1] and [2] mean nothing when [0] is 1 (the host then rescans for the message).
 */
export function logitSummary(data: usize, isF64: i32, rows: i32, cols: i32, out: usize): void {
  if (isF64) summaryF64(data, rows, cols, out);
  else summaryF32(data, rows, cols, out);
}

function summaryF32(data: usize, rows: i32, cols: i32, out: usize): void {
  const vecEnd = cols & ~7;
  const absMask = i32x4.splat(ABS_MASK_F32);
  // Magnitudes compared as integers: for non-negative floats the bit patterns sort as the values, and NaN's
  // patterns sort above Infinity's, so one integer max carries both the magnitude and the finiteness.
  let magA = i32x4.splat(0);
  let magB = i32x4.splat(0);
  let magTail: i32 = 0;
  let worst: f64 = 0;
  for (let i = 0; i < rows; i++) {
    const r = data + <usize>i * <usize>cols * 4;
    // Two accumulators per quantity: the min/max chains are latency-bound with one.
    let loA = f32x4.splat(Infinity);
    let loB = f32x4.splat(Infinity);
    let hiA = f32x4.splat(-Infinity);
    let hiB = f32x4.splat(-Infinity);
    for (let j = 0; j < vecEnd; j += 8) {
      const p = r + (<usize>j << 2);
      const u = v128.load(p);
      const w = v128.load(p, 16);
      magA = i32x4.max_s(magA, v128.and(u, absMask));
      magB = i32x4.max_s(magB, v128.and(w, absMask));
      loA = f32x4.pmin(loA, u);
      loB = f32x4.pmin(loB, w);
      hiA = f32x4.pmax(hiA, u);
      hiB = f32x4.pmax(hiB, w);
    }
    const lo4 = f32x4.pmin(loA, loB);
    const hi4 = f32x4.pmax(hiA, hiB);
    let lo = min<f32>(
      min<f32>(f32x4.extract_lane(lo4, 0), f32x4.extract_lane(lo4, 1)),
      min<f32>(f32x4.extract_lane(lo4, 2), f32x4.extract_lane(lo4, 3)),
    );
    let hi = max<f32>(
      max<f32>(f32x4.extract_lane(hi4, 0), f32x4.extract_lane(hi4, 1)),
      max<f32>(f32x4.extract_lane(hi4, 2), f32x4.extract_lane(hi4, 3)),
    );
    for (let j = vecEnd; j < cols; j++) {
      const v = load<f32>(r + (<usize>j << 2));
      magTail = max<i32>(magTail, reinterpret<i32>(v) & ABS_MASK_F32);
      lo = min<f32>(lo, v);
      hi = max<f32>(hi, v);
    }
    const spread = <f64>hi - <f64>lo;
    if (spread > worst) worst = spread;
  }
  const mag4 = i32x4.max_s(magA, magB);
  const magBits = max<i32>(
    max<i32>(max<i32>(i32x4.extract_lane(mag4, 0), i32x4.extract_lane(mag4, 1)), magTail),
    max<i32>(i32x4.extract_lane(mag4, 2), i32x4.extract_lane(mag4, 3)),
  );
  store<f64>(out, magBits >= INF_BITS_F32 ? 1 : 0);
  store<f64>(out + 8, <f64>reinterpret<f32>(magBits));
  store<f64>(out + 16, worst);
}

function summaryF64(data: usize, rows: i32, cols: i32, out: usize): void {
  const vecEnd = cols & ~1;
  let mag = f64x2.splat(0);
  // Lanes are all ones where a NaN was seen (NaN != NaN); pmax would skip NaN, so it is tracked apart.
  let nan = i64x2.splat(0);
  let magTail: f64 = 0;
  let nanTail = false;
  let worst: f64 = 0;
  for (let i = 0; i < rows; i++) {
    const r = data + <usize>i * <usize>cols * 8;
    let lo = f64x2.splat(Infinity);
    let hi = f64x2.splat(-Infinity);
    for (let j = 0; j < vecEnd; j += 2) {
      const v = v128.load(r + (<usize>j << 3));
      mag = f64x2.pmax(mag, f64x2.abs(v));
      nan = v128.or(nan, f64x2.ne(v, v));
      lo = f64x2.pmin(lo, v);
      hi = f64x2.pmax(hi, v);
    }
    let rowLo = min<f64>(f64x2.extract_lane(lo, 0), f64x2.extract_lane(lo, 1));
    let rowHi = max<f64>(f64x2.extract_lane(hi, 0), f64x2.extract_lane(hi, 1));
    if (vecEnd < cols) {
      const v = load<f64>(r + (<usize>vecEnd << 3));
      if (v != v) nanTail = true;
      magTail = max<f64>(magTail, abs<f64>(v));
      rowLo = min<f64>(rowLo, v);
      rowHi = max<f64>(rowHi, v);
    }
    const spread = rowHi - rowLo;
    if (spread > worst) worst = spread;
  }
  const biggest = max<f64>(max<f64>(f64x2.extract_lane(mag, 0), f64x2.extract_lane(mag, 1)), magTail);
  const sawNaN = nanTail || v128.any_true(nan);
  store<f64>(out, sawNaN || biggest == Infinity ? 1 : 0);
  store<f64>(out + 8, biggest);
  store<f64>(out + 16, worst);
}
