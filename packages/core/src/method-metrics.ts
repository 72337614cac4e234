import type { Matrix } from './matrix.js';
import { argmaxRows, predictionAccuracy, perClassAccuracy } from './metrics.js';
import { expectedCalibrationError } from './calibration-error.js';
import { groupMeanClassAccuracy, pooledGroupAccuracy, type ClassGroups } from './class-groups.js';

/** Metrics of one method, accuracies as fractions in [0, 1]. */
export interface MethodMetrics {
  top1: number;
  /** Head / medium / tail accuracy pooled over the group's test samples (thirds by the prior). */
  head: number;
  medium: number;
  tail: number;
  /** Expected calibration error, 15 bins, of softmax(logits) as given. */
  ece: number;
  /** Mean per-class accuracy (balanced accuracy). */
  meanPerClass: number;
}

/** Metrics of one method's logits against labels, with groups from {@link priorThirds} or {@link shotGroups}. */
export function methodMetrics(
  logits: Matrix,
  labels: Int32Array,
  groups: ClassGroups,
  groupRule: 'pooled' | 'mean-per-class' = 'pooled',
): MethodMetrics & { perClass: Float64Array } {
  const predictions = argmaxRows(logits);
  const perClass = perClassAccuracy(predictions, labels, logits.cols);
  const byGroup = groupRule === 'pooled' ? pooledGroupAccuracy(predictions, labels, groups) : groupMeanClassAccuracy(perClass, groups);
  let sum = 0;
  let n = 0;
  for (const a of perClass) {
    if (!Number.isNaN(a)) {
      sum += a;
      n++;
    }
  }
  return {
    top1: predictionAccuracy(predictions, labels),
    head: byGroup[0],
    medium: byGroup[1],
    tail: byGroup[2],
    ece: expectedCalibrationError(logits, labels),
    meanPerClass: sum / n,
    perClass,
  };
}
