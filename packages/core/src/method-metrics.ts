import type { Matrix } from './matrix.js';
import type { ClassGroups } from './class-groups.js';
import { maxSoftmaxScores } from './calibration-error.js';
import { scoreMetrics } from './score-metrics.js';

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
