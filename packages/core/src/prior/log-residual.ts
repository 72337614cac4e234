/**
 * The residual the exact solver's Newton steps are applied to: pbar_j log(pbar_j / target_j), target_j = freq_j -
 * ridge gradient_j, in place of the gradient pbar_j - target_j. Both vanish at the same point and agree to first
 * order there (so convergence stays quadratic), but a class whose mean probability is off by a large factor needs
 * one step, where the plain residual's Newton step moves its log q by at most about 1 (the curvature shrinks with
 * pbar_j). Classes with a non-positive target or pbar_j = 0 keep the plain residual.
 * @param pbar mean predicted probability per class
 * @param freq class frequencies of the estimation set
 * @param g the gradient pbar - freq + ridge gradient (0 for inactive classes)
 * @param ridge the ridge's gradient per class (zeros without a ridge)
 * @param active 1 for the classes present in the estimation set
 * @returns a new array, K numbers
 */
export function logResidual(
  pbar: Float64Array,
  freq: Float64Array,
  g: Float64Array,
  ridge: Float64Array,
  active: Uint8Array,
): Float64Array {
  const out = Float64Array.from(g);
  for (let j = 0; j < freq.length; j++) {
    const target = freq[j] - ridge[j];
    if (active[j] && target > 0 && pbar[j] > 0) out[j] = pbar[j] * Math.log(pbar[j] / target);
  }
  return out;
}
