/** Default number of columns of A^-1 formed at a time by {@link sandwichDiagonal} (a K x 48 panel: 384 KB at K = 1,000). */
export const SANDWICH_PANEL = 48;

/**
 * The diagonal of A^-1 S A^-1 for symmetric S and A = L L^T given by its Cholesky factor, without forming A^-1:
 * columns of A^-1 are made `panel` at a time by a forward and a back substitution on unit vectors, and entry j
 * is x_j^T S x_j with S's symmetry used (each off-diagonal pair once). Every pass streams one row of L or S over
 * a panel that stays in cache, which is what makes it fast (the dense inverse and S A^-1 streamed 8 MB matrices
 * K times each). Columns [from, to) only, so that callers can split the work; each entry depends on nothing but
 * the inputs, whatever the split. About (K - from)^2 / 2 + K^2 multiply-adds per column (1.2 K^3 for all).
 * @param l Cholesky factor of A (lower triangle, row-major, k x k), e.g. from `choleskyFactor`
 * @param s symmetric k x k matrix, row-major (only its lower triangle and diagonal are read)
 * @param k size
 * @param from first column (default 0)
 * @param to end of the columns (default k)
 * @param panel columns per panel (default {@link SANDWICH_PANEL}); changes nothing but speed
 * @returns to - from numbers: (A^-1 S A^-1)_jj for j in [from, to)
 */
export function sandwichDiagonal(
  l: Float64Array,
  s: Float64Array,
  k: number,
  from = 0,
  to = k,
  panel = SANDWICH_PANEL,
): Float64Array {
  const out = new Float64Array(to - from);
  const x = new Float64Array(k * panel);
  const acc = new Float64Array(panel);
  for (let j0 = from; j0 < to; j0 += panel) {
    const p = Math.min(panel, to - j0);
    x.fill(0);
    // Forward: L z = e_j for the panel's columns; rows above j0 stay zero.
    for (let i = j0; i < k; i++) {
      const ri = i * k;
      const zi = i * p;
      if (i < j0 + p) x[zi + i - j0] = 1;
      for (let m = j0; m < i; m++) {
        const lim = l[ri + m];
        if (lim === 0) continue;
        const zm = m * p;
        for (let t = 0; t < p; t++) x[zi + t] -= lim * x[zm + t];
      }
      const inv = 1 / l[ri + i];
      for (let t = 0; t < p; t++) x[zi + t] *= inv;
    }
    // Back: L^T x = z, by rows of L (once row m of x is final, remove it from every earlier row).
    for (let m = k - 1; m >= 0; m--) {
      const rm = m * k;
      const xm = m * p;
      const inv = 1 / l[rm + m];
      for (let t = 0; t < p; t++) x[xm + t] *= inv;
      for (let i = 0; i < m; i++) {
        const lmi = l[rm + i];
        if (lmi === 0) continue;
        const xi = i * p;
        for (let t = 0; t < p; t++) x[xi + t] -= lmi * x[xm + t];
      }
    }
    // x_j^T S x_j = sum_a S_aa x_aj^2 + 2 sum_a x_aj sum_{c<a} S_ac x_cj, all panel columns at once.
    const d = out.subarray(j0 - from, j0 - from + p);
    for (let a = 0; a < k; a++) {
      const ra = a * k;
      acc.fill(0);
      for (let c = 0; c < a; c++) {
        const sac = s[ra + c];
        if (sac === 0) continue;
        const xc = c * p;
        for (let t = 0; t < p; t++) acc[t] += sac * x[xc + t];
      }
      const xa = a * p;
      const saa = s[ra + a];
      for (let t = 0; t < p; t++) d[t] += x[xa + t] * (2 * acc[t] + saa * x[xa + t]);
    }
  }
  return out;
}
