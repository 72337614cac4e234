/**
 * The optional ridge of the exact prior solver: (ridge / 2) * sum_j (log q_j - mean log q)^2 over the classes
 * present, added to the mean cross-entropy. In b = -log q it is (ridge / 2) |P b|^2 with P the centring projector:
 * gradient ridge * P b, Hessian ridge * P. It makes the objective strictly convex along every class (not only
 * up to the constant), so classes the data leave flat get a unique q, pulled toward the typical class; the
 * default 0 leaves the paper's objective unchanged. A ridge of 1e-4 moves a well-determined class (curvature
 * around 1e-3 or more) by a few percent of its distance from the mean at most.
 */
export interface RidgeTerms {
  /** (ridge / 2) |P b|^2 */
  penalty: number;
  /** ridge * P b (0 for inactive classes) */
  gradient: Float64Array;
}

/**
 * The ridge's penalty and gradient at offsets b over the active classes.
 * @param b offsets -log q
 * @param active 1 for classes present in the estimation set
 * @param ridge strength (default 0: penalty 0, gradient zeros)
 */
export function ridgeTerms(b: Float64Array, active: Uint8Array, ridge = 0): RidgeTerms {
  const k = b.length;
  const gradient = new Float64Array(k);
  if (ridge === 0) return { penalty: 0, gradient };
  let mean = 0;
  let n = 0;
  for (let j = 0; j < k; j++) {
    if (active[j]) {
      mean += b[j];
      n++;
    }
  }
  mean /= n;
  let penalty = 0;
  for (let j = 0; j < k; j++) {
    if (!active[j]) continue;
    const d = b[j] - mean;
    penalty += d * d;
    gradient[j] = ridge * d;
  }
  return { penalty: (ridge / 2) * penalty, gradient };
}
