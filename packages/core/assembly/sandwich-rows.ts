// AssemblyScript source of the sandwich pass's row kernel (see src/prior/prior-sandwich-blocks.ts).
// Memory is owned by the host: it lays out the arrays and passes their byte offsets. No allocation here.

/**
 * Adds `rows` rows (logits float32 unless `isF64`, `cols` per row, contiguous) to the sandwich's sums over the k
 * present classes (`present`: their columns; `offsets`: b of each present class; `labels`: compact label per row):
 * the softmax p over present classes at z * scale + b, then hDiag_c += p_c (1 - p_c) and gDiag_c += g_c^2 with
 * g = p - e_y (the labelled entry as -(other classes' mass), exact near p = 1), classSum[y][c] += g_c, and for
 * pairs a > c of the row's kept entries (p >= keepRelative (1 - max p), and y always) hessian[a][c] -= p_a p_c,
 * scores[a][c] += g_a g_c. u, g: k float64 scratch; list: k int32 scratch. Rows are taken in order.
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
  hessian: usize,
  scores: usize,
  hDiag: usize,
  gDiag: usize,
  classSum: usize,
  u: usize,
  g: usize,
  list: usize,
): void {
  for (let i = 0; i < rows; i++) {
    const row = logits + <usize>i * <usize>cols * (isF64 ? 8 : 4);
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      const j = <usize>load<i32>(present + (<usize>c << 2));
      const z: f64 = isF64 ? load<f64>(row + (j << 3)) : <f64>load<f32>(row + (j << 2));
      const v = z * scale + load<f64>(offsets + (<usize>c << 3));
      store<f64>(u + (<usize>c << 3), v);
      if (v > max) max = v;
    }
    let sum: f64 = 0;
    let top = 0;
    let topValue: f64 = -1;
    for (let c = 0; c < k; c++) {
      const e = Math.exp(load<f64>(u + (<usize>c << 3)) - max);
      store<f64>(u + (<usize>c << 3), e);
      sum += e;
      if (e > topValue) {
        topValue = e;
        top = c;
      }
    }
    const y = load<i32>(labels + (<usize>i << 2));
    const inv = 1 / sum;
    const keepAbove = keepRelative * ((sum - topValue) * inv);
    let n = 0;
    const ry = <usize>y * <usize>k;
    for (let c = 0; c < k; c++) {
      const o = <usize>c << 3;
      const uc = load<f64>(u + o);
      const p = uc * inv;
      const other = (sum - uc) * inv;
      store<f64>(hDiag + o, load<f64>(hDiag + o) + p * other);
      const gc = c == y ? -other : p;
      store<f64>(g + o, gc);
      store<f64>(gDiag + o, load<f64>(gDiag + o) + gc * gc);
      const cs = classSum + ((ry + <usize>c) << 3);
      store<f64>(cs, load<f64>(cs) + gc);
      if (p >= keepAbove || c == y) {
        store<i32>(list + (<usize>n << 2), c);
        n++;
      }
    }
    for (let s = 1; s < n; s++) {
      const a = <usize>load<i32>(list + (<usize>s << 2));
      const pa = load<f64>(u + (a << 3)) * inv;
      const ga = load<f64>(g + (a << 3));
      const ra = a * <usize>k;
      for (let t = 0; t < s; t++) {
        const c = <usize>load<i32>(list + (<usize>t << 2));
        const at = (ra + c) << 3;
        store<f64>(hessian + at, load<f64>(hessian + at) - pa * load<f64>(u + (c << 3)) * inv);
        store<f64>(scores + at, load<f64>(scores + at) + ga * load<f64>(g + (c << 3)));
      }
    }
  }
}
