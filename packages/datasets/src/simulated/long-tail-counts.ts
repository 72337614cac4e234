import { permutation, type Random } from '@gla/core';

/**
 * Per-class training counts of a long-tailed split with an exponential profile, as CIFAR-LT and (approximately,
 * through its Pareto sampling) ImageNet-LT: the class of rank r (0-based) gets round(max * imbalance^(-r/(K-1)))
 * images, so the head class has `maxCount` and the tail class `maxCount / imbalance`. Ranks go to classes in a
 * random order, independent of the pre-training prior (ImageNet-LT's head classes were not chosen by web
 * frequency either).
 * @param classes K >= 2
 * @param maxCount images of the head class (default in the world: 200)
 * @param imbalance head/tail ratio >= 1 (default in the world: 100, so 200 down to 2)
 * @param random the stream that orders the classes
 * @returns K integer counts (each at least 1), in class-index order
 */
export function longTailCounts(classes: number, maxCount: number, imbalance: number, random: Random): Int32Array {
  if (!Number.isInteger(classes) || classes < 2)
    throw new RangeError(`longTailCounts needs at least 2 classes, got ${classes}`);
  if (!(maxCount >= 1)) throw new RangeError(`longTailCounts maxCount must be >= 1, got ${maxCount}`);
  if (!(imbalance >= 1)) throw new RangeError(`longTailCounts imbalance must be >= 1, got ${imbalance}`);
  const order = permutation(classes, random);
  const counts = new Int32Array(classes);
  for (let rank = 0; rank < classes; rank++) {
    counts[order[rank]] = Math.max(1, Math.round(maxCount * imbalance ** (-rank / (classes - 1))));
  }
  return counts;
}
