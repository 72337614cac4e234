// AssemblyScript source of the exact prior solver's fast pass (float32 SIMD, four lanes): the outputs of
// `priorPassRows` (prior-pass.ts) for float32 logits, to float32 accuracy, with v = z * scale + b, its exponential
// (exp-f32x4-short.ts: 3e-7 relative) in float32, and every sum in float64. Used for the Newton iterations only; the certificate, objective and returned q come
// from a float64 pass (see src/prior/solve-exact-prior.ts). Memory is owned by the host. No allocation here.
import { expShortF32x4 } from './exp-f32x4-short';

/** Rows summed in float32 before their sums are added to the float64 ones: at most 32 roundings of 6e-8. */
const FLUSH_ROWS = 32;

/**
 * One fast pass over `rows` rows of float32 logits: v_ij = z_ij * scale + offset_j (float32), M_i = max_j v_ij,
 * e_ij = exp(v_ij - M_i) (float32), s_i = sum_j e_ij (float64), p_ij = e_ij / s_i. Adds
 * sum_i p_ij to `pbar` and, when `keepRelative` >= 0, the kept p_ij (p_ij >= keepRelative * (1 - max_k p_ik)) to
 * `kept`, written row-compressed to keptIndex (uint16; cols <= 65,536) / keptValue (float32) / rowStart as
 * `priorPassRows` does, and to `diag` the diagonal of the Hessian the Newton direction applies: p_ij (1 - p_ij)
 * for the kept p_ij, p_ij for the others (they enter that Hessian through their diagonal only, and p^2 is below
 * keepRelative times p for them). `offset` is float32 with cols4 entries (padding -Infinity); pbar, diag and kept
 * have cols4 float64 entries; erow is 3 cols4 float32 scratch, zero past its first cols4 (left zero). Per class,
 * p is summed in float32 over up to 32 rows, then in float64. Returns the sum of the rows' cross-entropies
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
  // Float32 accumulator of p after erow (cols4, zero on entry and on return).
  const acc = erow + (<usize>cols4 << 2);
  const scaleV = f32x4.splat(scale);
  let loss: f64 = 0;
  let nnz: i32 = 0;
  store<i32>(rowStart, 0);
  // diag gets pbar - kept over this call's rows at the end (see there): the sums on entry are taken out here.
  if (keep) addDifference(diag, kept, pbar, cols4);
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
    // The row sum in float64: its off-peak part sum - 1 (the largest term is exactly 1) must keep its digits when
    // it is far below float32's 6e-8 (near-certain rows), for the keeping threshold and 1 - p below.
    let sumV = f64x2.splat(0);
    let sumW = f64x2.splat(0);
    for (let j = 0; j < cols4; j += 4) {
      const o = <usize>j << 2;
      const e = expShortF32x4(f32x4.sub(v128.load(erow + o), maxS));
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
      for (let j = 0; j < cols4; j += 4) {
        const o = <usize>j << 2;
        const p = f32x4.mul(v128.load(erow + o), inv32);
        v128.store(acc + o, f32x4.add(v128.load(acc + o), p));
        let mask = i32x4.bitmask(f32x4.ge(p, keepV));
        if (mask != 0) {
          if (j + 4 > cols) mask &= (1 << (cols - j)) - 1; // padding lanes are never kept
          // The kept classes' indices, written without a branch per lane (where a lane's bit is clear, the next
          // kept index overwrites it): the values and sums follow, row by row, in a predictable loop.
          const at = keptIndex + (<usize>nnz << 1);
          store<u16>(at, <u16>j);
          const n1 = mask & 1;
          store<u16>(at + (<usize>n1 << 1), <u16>(j + 1));
          const n2 = n1 + ((mask >> 1) & 1);
          store<u16>(at + (<usize>n2 << 1), <u16>(j + 2));
          const n3 = n2 + ((mask >> 2) & 1);
          store<u16>(at + (<usize>n3 << 1), <u16>(j + 3));
          nnz += n3 + ((mask >> 3) & 1);
        }
      }
      // Kept as float32 with a 16-bit class index (6 bytes, not 12): the fast pass's Hessian products need no
      // more, and the kept sum adds the stored value, so the two agree.
      for (let r = load<i32>(rowStart + (<usize>i << 2)); r < nnz; r++) {
        const c = <i32>load<u16>(keptIndex + (<usize>r << 1));
        const e = <f64>load<f32>(erow + (<usize>c << 2));
        const value = <f32>(e * inv);
        store<f32>(keptValue + (<usize>r << 2), value);
        store<f64>(kept + (<usize>c << 3), load<f64>(kept + (<usize>c << 3)) + <f64>value);
        // Its exact p (1 - p): the largest term is exp(0) = 1, so 1 - p = ((sum - 1) + (1 - e)) / sum adds two
        // non-negative numbers, accurate even when p rounds to 1.
        const d = diag + (<usize>c << 3);
        store<f64>(d, load<f64>(d) + <f64>value * ((offPeak + (1 - e)) * inv));
      }
      store<i32>(rowStart + (<usize>(i + 1) << 2), nnz);
    }
    // Float32 partial sums over at most FLUSH_ROWS rows, then added to the float64 sums (and cleared).
    if ((i + 1) % FLUSH_ROWS == 0 || i + 1 == rows) flush(acc, pbar, cols4);
  }
  // The probabilities left out add p (1 - p) ~ p (they are below keepRelative times the row's off-peak mass):
  // diag += (pbar - kept) over this call's rows, the diagonal of the operator the Newton direction inverts.
  if (keep) addDifference(diag, pbar, kept, cols4);
  return loss;
}

/** d[0:n] += a[0:n] - b[0:n] (float64); n a multiple of 2. */
function addDifference(d: usize, a: usize, b: usize, n: i32): void {
  for (let j = 0; j < n; j += 2) {
    const o = <usize>j << 3;
    v128.store(d + o, f64x2.add(v128.load(d + o), f64x2.sub(v128.load(a + o), v128.load(b + o))));
  }
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
