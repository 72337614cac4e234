// An alpha sweep of output ensembles (1 - alpha) x + alpha y at equally spaced alphas, scored together (see
// scoreGridRow's description in src/score-rows-kernel.ts): two exponentials per class for the whole sweep.
import { expF64x2 } from './exp-f64x2';

// @ts-ignore: AssemblyScript decorator
@inline
function value(base: usize, isF64: i32, j: i32): f64 {
  return isF64 ? load<f64>(base + (<usize>j << 3)) : <f64>load<f32>(base + (<usize>j << 2));
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
    let best0 = 0;
    let bestL = 0;
    let lowest = Infinity;
    let widest: f64 = 0;
    for (let j = 0; j < cols; j++) {
      const xv = value(xr, xF64, j);
      const yv = value(yr, yF64, j);
      const f = xv * a0 + yv * b0;
      const e = xv * aL + yv * bL;
      store<f64>(first + (<usize>j << 3), f);
      store<f64>(end + (<usize>j << 3), e);
      if (f > load<f64>(first + (<usize>best0 << 3))) best0 = j;
      if (e > load<f64>(end + (<usize>bestL << 3))) bestL = j;
      if (f < lowest) lowest = f;
      const d = abs<f64>(step * (yv - xv));
      if (d > widest) widest = d;
      store<f64>(ratio + (<usize>j << 3), step * (yv - xv));
    }
    // Padding up to the vector width: start terms exp(-Infinity) = 0, ratios exp(0) = 1.
    for (let j = cols; j < cols4; j++) {
      store<f64>(first + (<usize>j << 3), -Infinity);
      store<f64>(ratio + (<usize>j << 3), 0);
    }
    const f0 = load<f64>(first + (<usize>best0 << 3));
    const eL = load<f64>(end + (<usize>bestL << 3));
    const bound = max<f64>(f0, eL);
    // v_j is linear in alpha: a class whose two ends are both below the better of the two lines' lower ends is
    // never an argmax on the grid.
    const floor = max<f64>(
      min<f64>(f0, load<f64>(end + (<usize>best0 << 3))),
      min<f64>(load<f64>(first + (<usize>bestL << 3)), eL),
    );
    const cut = floor - 1e-9 * (abs<f64>(floor) + 1);
    let n = 0;
    for (let j = 0; j < cols; j++) {
      if (load<f64>(first + (<usize>j << 3)) >= cut || load<f64>(end + (<usize>j << 3)) >= cut) {
        store<i32>(candidates + (<usize>n << 2), j);
        n++;
      }
    }
    // The recurrence needs every start term above underflow and every ratio finite.
    const recur = lowest - bound > -700 && widest < 700;
    if (recur) {
      const boundV = f64x2.splat(bound);
      for (let j = 0; j < cols; j += 2) {
        const o = <usize>j << 3;
        v128.store(base + o, expF64x2(f64x2.sub(v128.load(first + o), boundV)));
        v128.store(ratio + o, expF64x2(v128.load(ratio + o)));
      }
    }
    for (let k = 0; k <= last; k++) {
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
        let sumV = f64x2.splat(0);
        if (k == 0) {
          for (let j = 0; j < cols; j += 2) sumV = f64x2.add(sumV, v128.load(base + (<usize>j << 3)));
        } else {
          for (let j = 0; j < cols; j += 2) {
            const o = <usize>j << 3;
            const e = f64x2.mul(v128.load(base + o), v128.load(ratio + o));
            v128.store(base + o, e);
            sumV = f64x2.add(sumV, e);
          }
        }
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
