import { scoreCombinations, scoreMetrics, type ClassGroups, type Matrix, type MethodMetrics } from '@gla/core';

/**
 * Metrics of one logit matrix taken as it is (WiSE-FT logits: a weight-space ensemble has no separate zero-shot
 * and fine-tuned parts), scored by core's fused scorer with the same groups as the other methods.
 */
export function scoreLogits(logits: Matrix, labels: Int32Array, groups: ClassGroups, threads: number): MethodMetrics {
  const [scores] = scoreCombinations(logits, undefined, [{ zeroShotWeight: 1 }], { threads });
  const { perClass: _perClass, ...metrics } = scoreMetrics(scores, labels, groups, logits.cols);
  return metrics;
}
