// AssemblyScript source of the sandwich's within-class correction (see src/prior/prior-sandwich.ts).
// Memory is owned by the host: it lays out the arrays and passes their byte offsets. No allocation here.

/**
 * Subtracts n_c gbar_c gbar_c^T = s_c s_c^T / n_c (s_c: row c of `classSum`, the sum of the per-sample gradients
 * of class c's samples) from the scores, for classes c in ascending order: from the diagonal `gDiag` in full,
 * and from the strict lower triangle of the row-major k x k `scores` over the pairs of entries a of s_c with
 * |s_c[a]| >= keepRelative * sum_{a' != c} |s_c[a']| (and a = c): the pairs the pass kept. `counts`: n_c as
 * float64; list (k int32) and listed (k float64): scratch. Classes [from, to) only (called in chunks, in order,
 * so that the engine's optimising compiler takes over after the first). The same operations, in the same order, as
 * the loops this replaced in TypeScript, so the same bits.
 */
export function sandwichCorrection(
  classSum: usize,
  counts: usize,
  k: i32,
  keepRelative: f64,
  scores: usize,
  gDiag: usize,
  list: usize,
  listed: usize,
  from: i32,
  to: i32,
): void {
  for (let c = from; c < to; c++) {
    const n = load<f64>(counts + (<usize>c << 3));
    const row = classSum + ((<usize>c * <usize>k) << 3);
    let offPeak: f64 = 0;
    for (let a = 0; a < k; a++) if (a != c) offPeak += Math.abs(load<f64>(row + (<usize>a << 3)));
    const keepAbove = keepRelative * offPeak;
    let m = 0;
    for (let a = 0; a < k; a++) {
      const v = load<f64>(row + (<usize>a << 3));
      if (Math.abs(v) >= keepAbove || a == c) {
        store<i32>(list + (<usize>m << 2), a);
        store<f64>(listed + (<usize>m << 3), v);
        m++;
      }
    }
    for (let a = 0; a < k; a++) {
      const v = load<f64>(row + (<usize>a << 3));
      const d = gDiag + (<usize>a << 3);
      store<f64>(d, load<f64>(d) - (v * v) / n);
    }
    for (let s = 0; s < m; s++) {
      const ra = scores + ((<usize>load<i32>(list + (<usize>s << 2)) * <usize>k) << 3);
      const va = load<f64>(listed + (<usize>s << 3)) / n;
      for (let t = 0; t < s; t++) {
        const at = ra + (<usize>load<i32>(list + (<usize>t << 2)) << 3);
        store<f64>(at, load<f64>(at) - va * load<f64>(listed + (<usize>t << 3)));
      }
    }
  }
}
