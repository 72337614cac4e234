// AssemblyScript source of the sandwich pass's row kernel (see src/prior/prior-sandwich-blocks.ts).
// Memory is owned by the host: it lays out the arrays and passes their byte offsets. No allocation here.
import { expF32x4 } from './exp-f32x4';
import { expF64x2 } from './exp-f64x2';
import { keptClasses, keptStarts, keptValues, sandwichFlush } from './sandwich-pairs';

/**
 * Adds `rows` rows (logits float32 unless `isF64`, `cols` per row, contiguous) to the sandwich's sums over the k
 * present classes (`present`: their columns; `offsets`: b of each present class; `labels`: compact label per row):
 * the softmax p over present classes at z * scale + b (float64 but for float32 logits' exponentials, which are
 * float32: probabilities within 1.3e-6 relative, see below), then hDiag_c += p_c (1 - p_c)
 * and gDiag_c += g_c^2 with g = p - e_y (the labelled entry as -(other classes' mass), exact near p = 1),
 * classSum[y][c] += g_c, and for pairs a > c of the row's kept entries (p >= keepRelative (1 - max p), and y
 * always) pairs[a][c] += (-p_a p_c, g_a g_c): one float64x2 per pair, in a packed lower triangle (pair (a, c) at
 * entry a (a - 1) / 2 + c). The pair products go through the buffer `kept` (`capacity` entries, laid out as
 * sandwich-pairs.ts says; capacity >= k + 2): it is emptied into `pairs` when the next row might not fit, and the
 * caller empties it with `sandwichFlush` after its last rows. u: k2 = k rounded up to even float64 scratch;
 * hDiag, gDiag: k2 float64. Rows are taken in order, each row's sums in a fixed order.
 */
export function sandwichRows(
  logits: usize,
  isF64: i32,
  rows: i32,
  cols: i32,
  labels: usize,
  present: usize,
  k: i32,
  scale: f64,
  offsets: usize,
  keepRelative: f64,
  pairs: usize,
  hDiag: usize,
  gDiag: usize,
  classSum: usize,
  u: usize,
  kept: usize,
  capacity: i32,
): void {
  const values = keptValues(kept);
  const classes = keptClasses(kept, capacity);
  const starts = keptStarts(kept, capacity);
  const k2 = (k + 1) & ~1;
  const kEven = k & ~1;
  for (let i = 0; i < rows; i++) {
    // Odd k: the padding lane is exponentiated to 0 (and overwritten by it), so it is set on every row.
    if (k2 != k) store<f64>(u + (<usize>k << 3), -Infinity);
    const row = logits + <usize>i * <usize>cols * (isF64 ? 8 : 4);
    let rowMax = -Infinity;
    if (k == cols && !isF64) {
      // Every class present (the usual case): float32 logits four at a time, no index lookups.
      let maxV = f64x2.splat(-Infinity);
      const scaleV = f64x2.splat(scale);
      const vecEnd = k & ~3;
      for (let c = 0; c < vecEnd; c += 4) {
        const z = v128.load(row + (<usize>c << 2));
        const o = <usize>c << 3;
        const lo = f64x2.add(f64x2.mul(f64x2.promote_low_f32x4(z), scaleV), v128.load(offsets + o));
        const hi = f64x2.add(
          f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<u32>(z, z, 2, 3, 0, 1)), scaleV),
          v128.load(offsets + o + 16),
        );
        v128.store(u + o, lo);
        v128.store(u + o + 16, hi);
        maxV = f64x2.pmax(maxV, f64x2.pmax(lo, hi));
      }
      rowMax = max<f64>(f64x2.extract_lane(maxV, 0), f64x2.extract_lane(maxV, 1));
      for (let c = vecEnd; c < k; c++) {
        const v = <f64>load<f32>(row + (<usize>c << 2)) * scale + load<f64>(offsets + (<usize>c << 3));
        store<f64>(u + (<usize>c << 3), v);
        if (v > rowMax) rowMax = v;
      }
    } else {
      for (let c = 0; c < k; c++) {
        const j = <usize>load<i32>(present + (<usize>c << 2));
        const z: f64 = isF64 ? load<f64>(row + (j << 3)) : <f64>load<f32>(row + (j << 2));
        const v = z * scale + load<f64>(offsets + (<usize>c << 3));
        store<f64>(u + (<usize>c << 3), v);
        if (v > rowMax) rowMax = v;
      }
    }
    // e = exp(v - max) in place (two lanes; the largest is exp(0) = 1 exactly), summed in a fixed lane order.
    const maxS = f64x2.splat(rowMax);
    let sumV = f64x2.splat(0);
    // Float32 logits: float32 exponentials of v - max (four lanes, relative error below 1.3e-6 where e > 1e-7,
    // from the exponential's 3e-7 and the rounding of v - max to float32), promoted to float64 for every sum.
    // Float64 logits: float64 exponentials (within 2 ulp).
    const k4 = isF64 ? 0 : k2 & ~3;
    for (let c = 0; c < k4; c += 4) {
      const o = <usize>c << 3;
      const lo = f32x4.demote_f64x2_zero(f64x2.sub(v128.load(u + o), maxS));
      const hi = f32x4.demote_f64x2_zero(f64x2.sub(v128.load(u + o + 16), maxS));
      const e = expF32x4(v128.shuffle<u32>(lo, hi, 0, 1, 4, 5));
      const e0 = f64x2.promote_low_f32x4(e);
      const e1 = f64x2.promote_low_f32x4(v128.shuffle<u32>(e, e, 2, 3, 0, 1));
      v128.store(u + o, e0);
      v128.store(u + o + 16, e1);
      sumV = f64x2.add(sumV, f64x2.add(e0, e1));
    }
    if (!isF64 && k4 < k2) {
      const o = <usize>k4 << 3;
      const e = f64x2.promote_low_f32x4(expF32x4(f32x4.demote_f64x2_zero(f64x2.sub(v128.load(u + o), maxS))));
      v128.store(u + o, e);
      sumV = f64x2.add(sumV, e);
    }
    if (isF64) {
      for (let c = 0; c < k2; c += 2) {
        const o = <usize>c << 3;
        const e = expF64x2(f64x2.sub(v128.load(u + o), maxS));
        v128.store(u + o, e);
        sumV = f64x2.add(sumV, e);
      }
    }
    const sum = f64x2.extract_lane(sumV, 0) + f64x2.extract_lane(sumV, 1);
    const y = load<i32>(labels + (<usize>i << 2));
    const inv = 1 / sum;
    const keepAbove = keepRelative * ((sum - 1) * inv);
    // The row's kept entries go to the buffer after its earlier rows' (emptied first if they might not fit).
    if (load<i32>(kept) + k + 2 > capacity) sandwichFlush(kept, capacity, k, pairs);
    const first = load<i32>(kept);
    const list = classes + (<usize>first << 2);
    let n = 0;
    const ry = classSum + ((<usize>y * <usize>k) << 3);
    const invV = f64x2.splat(inv);
    const sumS = f64x2.splat(sum);
    const keepV = f64x2.splat(keepAbove);
    const yV = i64x2.splat(<i64>y);
    let index = i64x2(0, 1);
    const two = i64x2.splat(2);
    for (let c = 0; c < kEven; c += 2) {
      const o = <usize>c << 3;
      const e = v128.load(u + o);
      const p = f64x2.mul(e, invV);
      const other = f64x2.mul(f64x2.sub(sumS, e), invV);
      v128.store(hDiag + o, f64x2.add(v128.load(hDiag + o), f64x2.mul(p, other)));
      const isY = i64x2.eq(index, yV);
      const g = v128.bitselect(f64x2.neg(other), p, isY);
      v128.store(gDiag + o, f64x2.add(v128.load(gDiag + o), f64x2.mul(g, g)));
      v128.store(ry + o, f64x2.add(v128.load(ry + o), g));
      // The kept classes' list, written without a branch (where a lane is not kept, the next entry overwrites it).
      const mask = i64x2.bitmask(v128.or(f64x2.ge(p, keepV), isY));
      store<i32>(list + (<usize>n << 2), c);
      n += mask & 1;
      store<i32>(list + (<usize>n << 2), c + 1);
      n += mask >> 1;
      index = i64x2.add(index, two);
    }
    if (kEven != k) {
      const c = kEven;
      const o = <usize>c << 3;
      const e = load<f64>(u + o);
      const p = e * inv;
      const other = (sum - e) * inv;
      store<f64>(hDiag + o, load<f64>(hDiag + o) + p * other);
      const g = c == y ? -other : p;
      store<f64>(gDiag + o, load<f64>(gDiag + o) + g * g);
      store<f64>(ry + o, load<f64>(ry + o) + g);
      if (p >= keepAbove || c == y) {
        store<i32>(list + (<usize>n << 2), c);
        n++;
      }
    }
    // (p_c, g_c) of the kept entries, in list order, for the pair products (the same operations as above, so the
    // same values).
    for (let s = 0; s < n; s++) {
      const c = load<i32>(list + (<usize>s << 2));
      const e = load<f64>(u + (<usize>c << 3));
      const p = e * inv;
      const other = (sum - e) * inv;
      v128.store(values + (<usize>(first + s) << 4), f64x2(p, c == y ? -other : p));
      store<i32>(starts + (<usize>(first + s) << 2), first);
    }
    store<i32>(kept, first + n);
  }
}
