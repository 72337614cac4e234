import {
  argmaxRows,
  expectedCalibrationError,
  groupMeanClassAccuracy,
  perClassAccuracy,
  pooledGroupAccuracy,
  predictionAccuracy,
  type ClassGroups,
  type Matrix,
} from '@gla/core';

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
 * Scores one method's logits: top-1, group accuracies (pooled over the group's test samples, the ImageNet rule,
 * or the mean per-class accuracy within each group, the long-tail rule), 15-bin ECE and per-class accuracy.
 */
export function methodScores(logits: Matrix, labels: Int32Array, groups: ClassGroups, rule: 'pooled' | 'mean-per-class' = 'pooled'): MethodScores {
  const predictions = argmaxRows(logits);
  const perClass = perClassAccuracy(predictions, labels, logits.cols);
  const byGroup = rule === 'pooled' ? pooledGroupAccuracy(predictions, labels, groups) : groupMeanClassAccuracy(perClass, groups);
  return {
    top1: predictionAccuracy(predictions, labels),
    groups: [byGroup[0], byGroup[1], byGroup[2]],
    ece: expectedCalibrationError(logits, labels),
    perClass,
  };
}

/** Accuracy only (for sweeps and shifted domains). */
export function accuracyOf(logits: Matrix, labels: Int32Array): number {
  return predictionAccuracy(argmaxRows(logits), labels);
}
