// AssemblyScript source of the exact prior solver's fast pass (float32 SIMD, four lanes): the same outputs as
// `priorPassRows` (prior-pass.ts) for float32 logits, with v = z * scale + b and its exponential in float32 and
// every sum in float64. Used for the Newton iterations only; the certificate, objective and returned q come from
// a float64 pass (see src/prior/solve-exact-prior.ts). Memory is owned by the host. No allocation here.
import { expF32x4 } from './exp-f32x4';

/**
 * One fast pass over `rows` rows of float32 logits: v_ij = z_ij * scale + offset_j (float32), M_i = max_j v_ij,
 * e_ij = exp(v_ij - M_i) (float32), s_i = sum_j e_ij (float64), p_ij = e_ij / s_i (float64). Adds sum_i p_ij to
 * `pbar` and, when `keepRelative` >= 0, sum_i p_ij (1 - p_ij) to `diag` and the kept p_ij
 * (p_ij >= keepRelative * (1 - max_k p_ik)) to `kept`, written row-compressed to keptIndex / keptValue (float64) /
 * rowStart as `priorPassRows` does. `offset` is float32 with cols4 entries (padding -Infinity); pbar, diag and
 * kept have cols4 float64 entries; erow is cols4 float32 scratch. Returns the sum of the rows' cross-entropies
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
    const invV = f64x2.splat(inv);
    if (!keep) {
      for (let j = 0; j < cols4; j += 4) {
        const e = v128.load(erow + (<usize>j << 2));
        const o = <usize>j << 3;
        v128.store(pbar + o, f64x2.add(v128.load(pbar + o), f64x2.mul(f64x2.promote_low_f32x4(e), invV)));
        const hi = f64x2.promote_low_f32x4(v128.shuffle<u32>(e, e, 2, 3, 0, 1));
        v128.store(pbar + o + 16, f64x2.add(v128.load(pbar + o + 16), f64x2.mul(hi, invV)));
      }
      continue;
    }
    // The largest term is exp(0) = 1 exactly, so (sum - 1) / sum is the off-peak mass 1 - max_k p_ik.
    const keepAbove = keepRelative * ((sum - 1) * inv);
    const keepV = f64x2.splat(keepAbove);
    const sumS = f64x2.splat(sum);
    for (let j = 0; j < cols4; j += 4) {
      const e4 = v128.load(erow + (<usize>j << 2));
      for (let half = 0; half < 2; half++) {
        const e = half == 0 ? f64x2.promote_low_f32x4(e4) : f64x2.promote_low_f32x4(v128.shuffle<u32>(e4, e4, 2, 3, 0, 1));
        const jj = j + (half << 1);
        const o = <usize>jj << 3;
        const p = f64x2.mul(e, invV);
        v128.store(pbar + o, f64x2.add(v128.load(pbar + o), p));
        // 1 - p as the other classes' mass (sum - e) / sum: exact even when p rounds to 1.
        v128.store(diag + o, f64x2.add(v128.load(diag + o), f64x2.mul(p, f64x2.mul(f64x2.sub(sumS, e), invV))));
        let mask = i64x2.bitmask(f64x2.ge(p, keepV));
        while (mask != 0) {
          const lane = ctz<i32>(mask);
          mask &= mask - 1;
          const c = jj + lane;
          if (c >= cols) break;
          const value = lane == 0 ? f64x2.extract_lane(p, 0) : f64x2.extract_lane(p, 1);
          store<i32>(keptIndex + (<usize>nnz << 2), c);
          store<f64>(keptValue + (<usize>nnz << 3), value);
          store<f64>(kept + (<usize>c << 3), load<f64>(kept + (<usize>c << 3)) + value);
          nnz++;
        }
      }
    }
    store<i32>(rowStart + (<usize>(i + 1) << 2), nnz);
  }
  return loss;
}
