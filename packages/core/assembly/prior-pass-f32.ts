// AssemblyScript source of the exact prior solver's fast pass (float32 SIMD, four lanes): the same outputs as
// `priorPassRows` (prior-pass.ts) for float32 logits, with v = z * scale + b and its exponential in float32 and
// every sum in float64. Used for the Newton iterations only; the certificate, objective and returned q come from
// a float64 pass (see src/prior/solve-exact-prior.ts). Memory is owned by the host. No allocation here.
import { expF32x4 } from './exp-f32x4';

/** Rows summed in float32 before their sums are added to the float64 ones: at most 32 roundings of 6e-8. */
const FLUSH_ROWS = 32;

/**
 * One fast pass over `rows` rows of float32 logits: v_ij = z_ij * scale + offset_j (float32), M_i = max_j v_ij,
 * e_ij = exp(v_ij - M_i) (float32), s_i = sum_j e_ij (float64), p_ij = e_ij / s_i (float64). Adds sum_i p_ij to
 * `pbar` and, when `keepRelative` >= 0, sum_i p_ij (1 - p_ij) to `diag` and the kept p_ij
 * (p_ij >= keepRelative * (1 - max_k p_ik)) to `kept`, written row-compressed to keptIndex (uint16; cols <= 65,536) / keptValue (float32) /
 * rowStart as `priorPassRows` does. `offset` is float32 with cols4 entries (padding -Infinity); pbar, diag and
 * kept have cols4 float64 entries; erow is 3 cols4 float32 scratch, zero past its first cols4 (left zero). Per
 * class, p and p (1 - p) are summed in float32 over up to 32 rows, then in float64. Returns the sum of the rows' cross-entropies
 * M_i + log s_i - v_iy. Fixed summation order: results depend on nothing but the inputs.
 */
export function priorPassRowsF32(
  logits: usize,
  rows: i32,
  cols: i32,
  labels: usize,
  scale: f32,
  offset: usize,
  keepRelative: f64,
  pbar: usize,
  diag: usize,
  kept: usize,
  erow: usize,
  keptIndex: usize,
  keptValue: usize,
  rowStart: usize,
): f64 {
  const cols4 = (cols + 3) & ~3;
  const vecEnd = cols & ~3;
  const keep = keepRelative >= 0;
  // Float32 accumulators of p and p (1 - p) after erow (cols4 each, zero on entry and on return).
  const acc = erow + (<usize>cols4 << 2);
  const diagAcc = acc + (<usize>cols4 << 2);
  const scaleV = f32x4.splat(scale);
  let loss: f64 = 0;
  let nnz: i32 = 0;
  store<i32>(rowStart, 0);
  for (let i = 0; i < rows; i++) {
    const row = logits + ((<usize>i * <usize>cols) << 2);
    let maxV = f32x4.splat(-Infinity);
    for (let j = 0; j < vecEnd; j += 4) {
      const o = <usize>j << 2;
      const v = f32x4.add(f32x4.mul(v128.load(row + o), scaleV), v128.load(offset + o));
      v128.store(erow + o, v);
      maxV = f32x4.pmax(maxV, v);
    }
    for (let j = vecEnd; j < cols; j++) {
      const o = <usize>j << 2;
      store<f32>(erow + o, load<f32>(row + o) * scale + load<f32>(offset + o));
    }
    for (let j = cols; j < cols4; j++) store<f32>(erow + (<usize>j << 2), -Infinity);
    let rowMax = max<f32>(
      max<f32>(f32x4.extract_lane(maxV, 0), f32x4.extract_lane(maxV, 1)),
      max<f32>(f32x4.extract_lane(maxV, 2), f32x4.extract_lane(maxV, 3)),
    );
    for (let j = vecEnd; j < cols; j++) rowMax = max<f32>(rowMax, load<f32>(erow + (<usize>j << 2)));
    const vy = load<f32>(erow + (<usize>load<i32>(labels + (<usize>i << 2)) << 2));
    const maxS = f32x4.splat(rowMax);
    let sumV = f64x2.splat(0);
    let sumW = f64x2.splat(0);
    for (let j = 0; j < cols4; j += 4) {
      const o = <usize>j << 2;
      const e = expF32x4(f32x4.sub(v128.load(erow + o), maxS));
      v128.store(erow + o, e);
      sumV = f64x2.add(sumV, f64x2.promote_low_f32x4(e));
      sumW = f64x2.add(sumW, f64x2.promote_low_f32x4(v128.shuffle<u32>(e, e, 2, 3, 0, 1)));
    }
    sumV = f64x2.add(sumV, sumW);
    const sum = f64x2.extract_lane(sumV, 0) + f64x2.extract_lane(sumV, 1);
    loss += <f64>rowMax + Math.log(sum) - <f64>vy;
    const inv = 1 / sum;
    const inv32 = f32x4.splat(<f32>inv);
    if (!keep) {
      for (let j = 0; j < cols4; j += 4) {
        const o = <usize>j << 2;
        v128.store(acc + o, f32x4.add(v128.load(acc + o), f32x4.mul(v128.load(erow + o), inv32)));
      }
    } else {
      // The largest term is exp(0) = 1 exactly, so (sum - 1) / sum is the off-peak mass 1 - max_k p_ik, and
      // 1 - p_ij = ((sum - 1) + (1 - e_ij)) / sum adds two non-negative numbers: accurate in float32 even when
      // p_ij rounds to 1.
      const offPeak = sum - 1;
      const keepAbove = keepRelative * (offPeak * inv);
      const keepV = f32x4.splat(<f32>keepAbove);
      const offPeakV = f32x4.splat(<f32>offPeak);
      const oneV = f32x4.splat(1);
      for (let j = 0; j < cols4; j += 4) {
        const o = <usize>j << 2;
        const e = v128.load(erow + o);
        const p = f32x4.mul(e, inv32);
        v128.store(acc + o, f32x4.add(v128.load(acc + o), p));
        const other = f32x4.mul(f32x4.add(offPeakV, f32x4.sub(oneV, e)), inv32);
        const d = diagAcc + o;
        v128.store(d, f32x4.add(v128.load(d), f32x4.mul(p, other)));
        let mask = i32x4.bitmask(f32x4.ge(p, keepV));
        while (mask != 0) {
          const lane = ctz<i32>(mask);
          mask &= mask - 1;
          const c = j + lane;
          if (c >= cols) break;
          // Kept as float32 with a 16-bit class index (6 bytes, not 12): the fast pass's Hessian products need
          // no more, and the kept sum adds the stored value, so the two agree.
          const value = <f32>(<f64>load<f32>(erow + (<usize>c << 2)) * inv);
          store<u16>(keptIndex + (<usize>nnz << 1), <u16>c);
          store<f32>(keptValue + (<usize>nnz << 2), value);
          store<f64>(kept + (<usize>c << 3), load<f64>(kept + (<usize>c << 3)) + <f64>value);
          nnz++;
        }
      }
      store<i32>(rowStart + (<usize>(i + 1) << 2), nnz);
    }
    // Float32 partial sums over at most FLUSH_ROWS rows, then added to the float64 sums (and cleared).
    if ((i + 1) % FLUSH_ROWS == 0 || i + 1 == rows) {
      flush(acc, pbar, cols4);
      if (keep) flush(diagAcc, diag, cols4);
    }
  }
  return loss;
}

/** dst[0:n] += src[0:n] (float32 to float64), then src cleared; n a multiple of 4. */
function flush(src: usize, dst: usize, n: i32): void {
  for (let j = 0; j < n; j += 4) {
    const s = v128.load(src + (<usize>j << 2));
    const o = dst + (<usize>j << 3);
    v128.store(o, f64x2.add(v128.load(o), f64x2.promote_low_f32x4(s)));
    v128.store(o + 16, f64x2.add(v128.load(o + 16), f64x2.promote_low_f32x4(v128.shuffle<u32>(s, s, 2, 3, 0, 1))));
    v128.store(src + (<usize>j << 2), i32x4.splat(0));
  }
}
