import type { Matrix } from '@gla/core';
import { restrictLogits } from '@gla/datasets';

/**
 * Restricts K-way logits to a class subset (ImageNet-R / -A) and gives labels local to it. With `classIndices`
 * the labels already index the subset; without it they are K-way and the subset is the classes present in them.
 */
export function restrictToSubset(
  logits: Matrix,
  labels: Int32Array,
  classIndices: ArrayLike<number> | null,
): { logits: Matrix; labels: Int32Array } {
  if (classIndices) return { logits: restrictLogits(logits, classIndices), labels };
  const present = [...new Set(labels)].sort((a, b) => a - b);
  const local = new Map(present.map((c, i) => [c, i]));
  return { logits: restrictLogits(logits, present), labels: Int32Array.from(labels, (y) => local.get(y)!) };
}
