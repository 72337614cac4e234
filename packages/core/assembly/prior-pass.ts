// AssemblyScript source of the prior pass's WebAssembly SIMD kernel (built by `pnpm build:wasm` into
// wasm/kernels.wasm, which is committed so that no compiler is needed to build or test the project).
// Memory is owned by the host: it lays out the arrays and passes their byte offsets. No allocation here.
import { expF64x2 } from './exp-f64x2';

/**
 * One pass of the prior objective over `rows` rows of logits (float32 when `isF64` is 0, float64 otherwise), all
 * in float64: v_ij = z_ij * scale + offset_j, M_i = max_j v_ij, e_ij = exp(v_ij - M_i), s_i = sum_j e_ij,
 * p_ij = e_ij / s_i. Adds, per class, sum_i p_ij to `pbar` and, when `keepRelative` >= 0, sum_i p_ij (1 - p_ij)
 * to `diag` and the kept p_ij (p_ij >= keepRelative * (1 - max_k p_ik)) to `kept`, writing them row-compressed
 * to keptIndex / keptValue / rowStart (rowStart[0] = 0, rowStart[r + 1] = end of row r). `cols4` is cols rounded
 * up to 4: offset, pbar, diag, kept and the scratch row vrow have cols4 float64 entries; offset's padding is
 * -Infinity. Returns the sum of the rows' cross-entropies M_i + log s_i - v_iy. Each row is summed in a fixed
 * order (two lanes, then the lanes added), so results depend on nothing but the inputs.
 */
export function priorPassRows(
  logits: usize,
  isF64: i32,
  rows: i32,
  cols: i32,
  labels: usize,
  scale: f64,
  offset: usize,
  keepRelative: f64,
  pbar: usize,
  diag: usize,
  kept: usize,
  vrow: usize,
  keptIndex: usize,
  keptValue: usize,
  rowStart: usize,
): f64 {
  const cols4 = (cols + 3) & ~3;
  const vecEnd = cols & ~3;
  const keep = keepRelative >= 0;
  const scaleV = f64x2.splat(scale);
  let loss: f64 = 0;
  let nnz: i32 = 0;
  store<i32>(rowStart, 0);
  for (let i = 0; i < rows; i++) {
    // v = z * scale + offset in float64, and its maximum.
    let maxV = f64x2.splat(-Infinity);
    if (isF64) {
      const row = logits + ((<usize>i * <usize>cols) << 3);
      for (let j = 0; j < vecEnd; j += 2) {
        const o = <usize>j << 3;
        const v = f64x2.add(f64x2.mul(v128.load(row + o), scaleV), v128.load(offset + o));
        v128.store(vrow + o, v);
        maxV = f64x2.pmax(maxV, v);
      }
      for (let j = vecEnd; j < cols; j++) {
        const o = <usize>j << 3;
        store<f64>(vrow + o, load<f64>(row + o) * scale + load<f64>(offset + o));
      }
    } else {
      const row = logits + ((<usize>i * <usize>cols) << 2);
      for (let j = 0; j < vecEnd; j += 4) {
        const z = v128.load(row + (<usize>j << 2));
        const o = <usize>j << 3;
        const lo = f64x2.add(f64x2.mul(f64x2.promote_low_f32x4(z), scaleV), v128.load(offset + o));
        const hi = f64x2.add(
          f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<u32>(z, z, 2, 3, 0, 1)), scaleV),
          v128.load(offset + o + 16),
        );
        v128.store(vrow + o, lo);
        v128.store(vrow + o + 16, hi);
        maxV = f64x2.pmax(maxV, f64x2.pmax(lo, hi));
      }
      for (let j = vecEnd; j < cols; j++) {
        store<f64>(vrow + (<usize>j << 3), <f64>load<f32>(row + (<usize>j << 2)) * scale + load<f64>(offset + (<usize>j << 3)));
      }
    }
    let rowMax = max<f64>(f64x2.extract_lane(maxV, 0), f64x2.extract_lane(maxV, 1));
    for (let j = vecEnd; j < cols; j++) rowMax = max<f64>(rowMax, load<f64>(vrow + (<usize>j << 3)));
    for (let j = cols; j < cols4; j++) store<f64>(vrow + (<usize>j << 3), -Infinity);
    const vy = load<f64>(vrow + (<usize>load<i32>(labels + (<usize>i << 2)) << 3));
    // e = exp(v - M) in place of v, summed in float64x2 (fixed lane order: deterministic).
    const maxS = f64x2.splat(rowMax);
    let sumV = f64x2.splat(0);
    // Two independent exponentials per iteration: the polynomial is a chain of dependent steps.
    let sumW = f64x2.splat(0);
    for (let j = 0; j < cols4; j += 4) {
      const o = <usize>j << 3;
      const e = expF64x2(f64x2.sub(v128.load(vrow + o), maxS));
      const f = expF64x2(f64x2.sub(v128.load(vrow + o + 16), maxS));
      v128.store(vrow + o, e);
      v128.store(vrow + o + 16, f);
      sumV = f64x2.add(sumV, e);
      sumW = f64x2.add(sumW, f);
    }
    sumV = f64x2.add(sumV, sumW);
    const sum = f64x2.extract_lane(sumV, 0) + f64x2.extract_lane(sumV, 1);
    loss += rowMax + Math.log(sum) - vy;
    const inv = 1 / sum;
    const invV = f64x2.splat(inv);
    if (!keep) {
      for (let j = 0; j < cols4; j += 2) {
        const o = <usize>j << 3;
        v128.store(pbar + o, f64x2.add(v128.load(pbar + o), f64x2.mul(v128.load(vrow + o), invV)));
      }
      continue;
    }
    // The largest term is exp(0) = 1 exactly, so (sum - 1) / sum is the off-peak mass 1 - max_k p_ik.
    const keepAbove = keepRelative * ((sum - 1) * inv);
    const keepV = f64x2.splat(keepAbove);
    const sumS = f64x2.splat(sum);
    for (let j = 0; j < cols4; j += 2) {
      const o = <usize>j << 3;
      const e = v128.load(vrow + o);
      const p = f64x2.mul(e, invV);
      v128.store(pbar + o, f64x2.add(v128.load(pbar + o), p));
      // 1 - p as the other classes' mass (sum - e) / sum: exact even when p rounds to 1.
      v128.store(diag + o, f64x2.add(v128.load(diag + o), f64x2.mul(p, f64x2.mul(f64x2.sub(sumS, e), invV))));
      let mask = i64x2.bitmask(f64x2.ge(p, keepV));
      while (mask != 0) {
        const lane = ctz<i32>(mask);
        mask &= mask - 1;
        const c = j + lane;
        if (c >= cols) break;
        const pc = f64x2.extract_lane(p, 0);
        const value = lane == 0 ? pc : f64x2.extract_lane(p, 1);
        store<i32>(keptIndex + (<usize>nnz << 2), c);
        store<f64>(keptValue + (<usize>nnz << 3), value);
        store<f64>(kept + (<usize>c << 3), load<f64>(kept + (<usize>c << 3)) + value);
        nnz++;
      }
    }
    store<i32>(rowStart + (<usize>(i + 1) << 2), nnz);
  }
  return loss;
}
