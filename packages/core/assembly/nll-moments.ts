// Temperature scaling's Newton pass (see src/nll-temperature.ts): per row, the softmax moments of the logits at
// scale s. Memory is owned by the host. No allocation here.
import { expF64x2 } from './exp-f64x2';

/**
 * Over `rows` rows of `cols` logits (float32 unless `isF64`), with d_j = z_j - max_k z_k and p = softmax(s d):
 * adds sum_i (E_p[d] - d_y) to out[0] and sum_i Var_p(d) to out[1] (float64), the first and second derivatives of
 * the summed cross-entropy in s. exp(s d) is the kernels' float64 exponential (within 2 ulp of Math.exp); each
 * row's sums run over two lanes, added in a fixed order, rows in order: the result depends on the inputs alone.
 */
export function nllMomentsRows(logits: usize, isF64: i32, rows: i32, cols: i32, labels: usize, s: f64, out: usize): void {
  const pairs = cols & ~1;
  const sV = f64x2.splat(s);
  let g: f64 = 0;
  let h: f64 = 0;
  for (let i = 0; i < rows; i++) {
    const row = logits + <usize>i * <usize>cols * (isF64 ? 8 : 4);
    let max = -Infinity;
    for (let j = 0; j < cols; j++) {
      const z: f64 = isF64 ? load<f64>(row + (<usize>j << 3)) : <f64>load<f32>(row + (<usize>j << 2));
      if (z > max) max = z;
    }
    const maxV = f64x2.splat(max);
    let sum = f64x2.splat(0);
    let m1 = f64x2.splat(0);
    let m2 = f64x2.splat(0);
    for (let j = 0; j < pairs; j += 2) {
      const z = isF64
        ? v128.load(row + (<usize>j << 3))
        : f64x2.promote_low_f32x4(v128.load64_zero(row + (<usize>j << 2)));
      const d = f64x2.sub(z, maxV);
      const e = expF64x2(f64x2.mul(sV, d));
      const ed = f64x2.mul(e, d);
      sum = f64x2.add(sum, e);
      m1 = f64x2.add(m1, ed);
      m2 = f64x2.add(m2, f64x2.mul(ed, d));
    }
    let total = f64x2.extract_lane(sum, 0) + f64x2.extract_lane(sum, 1);
    let first = f64x2.extract_lane(m1, 0) + f64x2.extract_lane(m1, 1);
    let second = f64x2.extract_lane(m2, 0) + f64x2.extract_lane(m2, 1);
    if (pairs < cols) {
      const z: f64 = isF64 ? load<f64>(row + (<usize>pairs << 3)) : <f64>load<f32>(row + (<usize>pairs << 2));
      const d = z - max;
      const e = f64x2.extract_lane(expF64x2(f64x2.splat(s * d)), 0);
      total += e;
      first += e * d;
      second += e * d * d;
    }
    first /= total;
    second /= total;
    const y = <usize>load<i32>(labels + (<usize>i << 2));
    const zy: f64 = isF64 ? load<f64>(row + (y << 3)) : <f64>load<f32>(row + (y << 2));
    g += first - (zy - max);
    h += second - first * first;
  }
  store<f64>(out, load<f64>(out) + g);
  store<f64>(out + 8, load<f64>(out + 8) + h);
}
