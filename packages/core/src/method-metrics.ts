import type { Matrix } from './matrix.js';
import type { ClassGroups } from './class-groups.js';
import { maxSoftmaxScores } from './calibration-error.js';
import { scoreMetrics, type MethodMetrics } from './score-metrics.js';

/** Metrics of one method's logits against labels, with groups from {@link priorThirds} or {@link shotGroups}. */
export function methodMetrics(
  logits: Matrix,
  labels: Int32Array,
  groups: ClassGroups,
  groupRule: 'pooled' | 'mean-per-class' = 'pooled',
): MethodMetrics & { perClass: Float64Array } {
  return scoreMetrics(maxSoftmaxScores(logits), labels, groups, logits.cols, groupRule);
}
