/**
 * Mean and standard deviation over repeated runs.
 * @param ddof delta degrees of freedom of the std: 0 (default) is NumPy's `np.std`, the authors' convention for
 *   their `mean +- std` over seeds; 1 gives the sample standard deviation.
 */
export function meanStd(values: ArrayLike<number>, ddof = 0): { mean: number; std: number; n: number } {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  return { mean, std: n - ddof > 0 ? Math.sqrt(ss / (n - ddof)) : 0, n };
}

/** Ranks (0-based, ties get their average rank). */
export function ranks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const out = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    for (let t = i; t <= j; t++) out[order[t]] = (i + j) / 2;
    i = j + 1;
  }
  return out;
}

/** Pearson correlation of two equal-length series. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** Spearman rank correlation (Pearson on average ranks). */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return pearson(ranks(a), ranks(b));
}

/** KL(p || q) in nats, for distributions that each sum to 1; terms with p_j = 0 contribute 0. */
export function klDivergence(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let kl = 0;
  for (let j = 0; j < p.length; j++) if (p[j] > 0) kl += p[j] * Math.log(p[j] / q[j]);
  return kl;
}

/** max / min of a positive series (the imbalance ratio of a prior). */
export function imbalanceRatio(values: ArrayLike<number>): number {
  let max = -Infinity;
  let min = Infinity;
  for (let j = 0; j < values.length; j++) {
    max = Math.max(max, values[j]);
    min = Math.min(min, values[j]);
  }
  return max / min;
}
