import type { Matrix } from './matrix.js';
import type { ClassGroups } from './class-groups.js';
import { maxSoftmaxScores } from './calibration-error.js';
import { scoreMetrics, type MethodMetrics } from './score-metrics.js';

/**
 * Metrics of one method's logits against labels, with groups from {@link priorThirds} or {@link shotGroups}.
 * @param groupRule 'pooled' (default) or 'mean-per-class'
 * @param method the method's name, for errors (default 'logits')
 * @throws InputError naming `method` when a max-softmax confidence is NaN (NaN or +-Inf logits)
 */
export function methodMetrics(
  logits: Matrix,
  labels: Int32Array,
  groups: ClassGroups,
  groupRule: 'pooled' | 'mean-per-class' = 'pooled',
  method = 'logits',
): MethodMetrics & { perClass: Float64Array } {
  return scoreMetrics(maxSoftmaxScores(logits), labels, groups, logits.cols, groupRule, method);
}
