import { argmaxRows, methodMetrics, predictionAccuracy, type ClassGroups, type Matrix } from '@gla/core';

/** Scores of one method on one test split; accuracies are fractions in [0, 1]. */
export interface MethodScores {
  top1: number;
  /** Accuracy of each class group (head / medium / tail, or many / medium / few). */
  groups: [number, number, number];
  ece: number;
  /** Per-class accuracy (for plots); left out of the JSON results. */
  perClass: Float64Array;
}

/**
 * Scores one method's logits with core's `methodMetrics`: top-1, group accuracies (pooled over the group's test
 * samples, the ImageNet rule, or the mean per-class accuracy within each group, the long-tail rule), 15-bin ECE
 * and per-class accuracy.
 */
export function methodScores(
  logits: Matrix,
  labels: Int32Array,
  groups: ClassGroups,
  rule: 'pooled' | 'mean-per-class' = 'pooled',
): MethodScores {
  const m = methodMetrics(logits, labels, groups, rule);
  return { top1: m.top1, groups: [m.head, m.medium, m.tail], ece: m.ece, perClass: m.perClass };
}

/** Accuracy only (for sweeps and shifted domains). */
export function accuracyOf(logits: Matrix, labels: Int32Array): number {
  return predictionAccuracy(argmaxRows(logits), labels);
}
