import type { Matrix } from '@gla/core';
import { restrictLogits } from '@gla/datasets';

/** A split's class subset: its columns among the K classes, labels local to it, and how to cut a logit matrix. */
export interface SplitSubset {
  columns: ArrayLike<number>;
  labels: Int32Array;
  restrict(logits: Matrix): Matrix;
}

/**
 * The class subset of a split (ImageNet-R / -A). With `classIndices` the labels already index the subset; without
 * it they are K-way and the subset is the classes present in them.
 */
export function subsetOfSplit(labels: Int32Array, classIndices: ArrayLike<number> | null): SplitSubset {
  if (classIndices) return { columns: classIndices, labels, restrict: (m) => restrictLogits(m, classIndices) };
  const present = [...new Set(labels)].sort((a, b) => a - b);
  const local = new Map(present.map((c, i) => [c, i]));
  return {
    columns: present,
    labels: Int32Array.from(labels, (y) => local.get(y) as number),
    restrict: (m) => restrictLogits(m, present),
  };
}

/** Restricts K-way logits to the split's class subset, with labels local to it (see {@link subsetOfSplit}). */
export function restrictToSubset(
  logits: Matrix,
  labels: Int32Array,
  classIndices: ArrayLike<number> | null,
): { logits: Matrix; labels: Int32Array } {
  const subset = subsetOfSplit(labels, classIndices);
  return { logits: subset.restrict(logits), labels: subset.labels };
}
