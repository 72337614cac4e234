/**
 * Cholesky factor of a symmetric positive-definite n x n matrix, in place: A = L L^T with L in the lower triangle
 * (row-major; the strict upper triangle is left as it was and never read by the solves here). About n^3 / 3
 * multiply-adds (3e8 at n = 1,000). A pivot below `floor` (a direction the matrix cannot resolve) is raised to
 * `floor`, so solves are finite and very large along it rather than an error: callers report such directions
 * as undetermined.
 * @param a the matrix, row-major; its lower triangle is replaced by L
 * @param n its size
 * @param floor smallest pivot kept, squared units of `a`'s entries (default 1e-300)
 * @returns `a`, now holding L in its lower triangle
 */
export function choleskyFactor(a: Float64Array, n: number, floor = 1e-300): Float64Array {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = a[rj + j];
    for (let k = 0; k < j; k++) d -= a[rj + k] * a[rj + k];
    const pivot = Math.sqrt(Math.max(d, floor));
    a[rj + j] = pivot;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = a[ri + j];
      for (let k = 0; k < j; k++) s -= a[ri + k] * a[rj + k];
      a[ri + j] = s / pivot;
    }
  }
  return a;
}

/**
 * Solves L L^T x = b in place for a factor from {@link choleskyFactor}: a forward and a back substitution,
 * n^2 multiply-adds.
 * @param l the factor (lower triangle, row-major, n x n)
 * @param n its size
 * @param b right-hand side, n numbers; replaced by x
 * @returns `b`, now holding x
 */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[ri + k] * b[k];
    b[i] = s / l[ri + i];
  }
  // L^T x = z by rows of L: once x_k is known, remove L_ki x_k from every earlier equation (contiguous reads).
  for (let k = n - 1; k >= 0; k--) {
    const rk = k * n;
    const xk = b[k] / l[rk + k];
    b[k] = xk;
    for (let i = 0; i < k; i++) b[i] -= l[rk + i] * xk;
  }
  return b;
}

/**
 * Inverse of a symmetric positive-definite n x n matrix (row-major, overwritten) by Cholesky factorisation:
 * A = L L^T, then A^-1 = L^-T L^-1, about n^3 multiply-adds in all (1e9 at n = 1,000: seconds, 8 MB per matrix).
 * Pivots below `floor` are raised to it, as in {@link choleskyFactor}.
 * @param a the matrix, row-major; replaced by its inverse
 * @param n its size
 * @param floor smallest pivot kept (default 1e-300)
 * @returns `a`, now holding the inverse
 */
export function invertSymmetricPositive(a: Float64Array, n: number, floor = 1e-300): Float64Array {
  choleskyFactor(a, n, floor);
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
