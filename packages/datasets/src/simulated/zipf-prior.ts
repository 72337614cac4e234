import { permutation, type Random } from '@gla/core';

/**
 * A Zipf-like label prior: the class of frequency rank r (1-based) gets weight r^-a, with the exponent
 * a = ln(imbalance) / ln(K) chosen so that max/min equals `imbalance` exactly. Ranks are assigned to classes in a
 * random order, so the prior is not tied to the class index (as web label frequencies are not tied to ImageNet's
 * class order).
 * @param classes K >= 2
 * @param imbalance max/min ratio >= 1 (1 gives the uniform prior)
 * @param random the stream that orders the classes
 * @returns K probabilities summing to 1, in class-index order
 */
export function zipfPrior(classes: number, imbalance: number, random: Random): Float64Array {
  if (!Number.isInteger(classes) || classes < 2)
    throw new RangeError(`zipfPrior needs at least 2 classes, got ${classes}`);
  if (!(imbalance >= 1)) throw new RangeError(`zipfPrior imbalance must be >= 1, got ${imbalance}`);
  const exponent = Math.log(imbalance) / Math.log(classes);
  const order = permutation(classes, random);
  const prior = new Float64Array(classes);
  let total = 0;
  for (let rank = 0; rank < classes; rank++) {
    const w = (rank + 1) ** -exponent;
    prior[order[rank]] = w;
    total += w;
  }
  for (let j = 0; j < classes; j++) prior[j] /= total;
  return prior;
}
