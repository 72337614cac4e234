/**
 * Inverse of a symmetric positive-definite n x n matrix (row-major, overwritten) by Cholesky factorisation:
 * A = L L^T, then A^-1 = L^-T L^-1, about n^3 multiply-adds in all (1e9 at n = 1,000: seconds, 8 MB per matrix).
 * A pivot below `floor` (a direction the matrix cannot resolve) is raised to `floor`, so the inverse is finite
 * and very large along it rather than an error: the caller reports such directions as undetermined.
 * @param a the matrix, row-major; replaced by its inverse
 * @param n its size
 * @param floor smallest pivot kept (default 1e-300)
 * @returns `a`, now holding the inverse
 */
export function invertSymmetricPositive(a: Float64Array, n: number, floor = 1e-300): Float64Array {
  // Cholesky in place, lower triangle: L[i][j] for j <= i.
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= a[j * n + k] * a[j * n + k];
    const pivot = Math.sqrt(Math.max(d, floor));
    a[j * n + j] = pivot;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      const ri = i * n;
      const rj = j * n;
      for (let k = 0; k < j; k++) s -= a[ri + k] * a[rj + k];
      a[ri + j] = s / pivot;
    }
  }
  // W = L^-1 (lower triangular) by rows: w_i = (e_i - sum_{k<i} L_ik w_k) / L_ii, contiguous row updates.
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let k = 0; k < i; k++) {
      const lik = a[ri + k];
      if (lik === 0) continue;
      const rk = k * n;
      for (let j = 0; j <= k; j++) w[ri + j] -= lik * w[rk + j];
    }
    w[ri + i] = 1;
    const inv = 1 / a[ri + i];
    for (let j = 0; j <= i; j++) w[ri + j] *= inv;
  }
  // A^-1 = W^T W: entry (i, j) = sum over k >= max(i, j) of W[k][i] W[k][j], accumulated row of W by row.
  a.fill(0);
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    for (let i = 0; i <= k; i++) {
      const wki = w[rk + i];
      if (wki === 0) continue;
      const ri = i * n;
      for (let j = 0; j <= i; j++) a[ri + j] += wki * w[rk + j];
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j];
  return a;
}
