import type { CombinationScores } from './score-combination.js';
import { perClassAccuracy, predictionAccuracy } from './metrics.js';
import { groupMeanClassAccuracy, pooledGroupAccuracy, type ClassGroups } from './class-groups.js';
import { InputError } from './validate.js';

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
 * Expected calibration error from per-row confidences and predictions: the binning of
 * `expectedCalibrationError` (bins (b/bins, (b+1)/bins], accumulated in row order), as a fraction.
 * @param bins default 15
 * @param method the method's name, for the error message (default 'scores')
 * @throws InputError naming `method` when a confidence is NaN or outside [0, 1] (logits with NaN or +-Inf, or an
 *   overflow): such a row would otherwise fall silently into no bin or the wrong one.
 */
export function calibrationErrorOfScores(
  confidence: Float64Array,
  predictions: Int32Array,
  labels: Int32Array,
  bins = 15,
  method = 'scores',
): number {
  const rows = labels.length;
  const count = new Float64Array(bins);
  const confSum = new Float64Array(bins);
  const correctSum = new Float64Array(bins);
  for (let i = 0; i < rows; i++) {
    const conf = confidence[i];
    if (!(conf >= 0 && conf <= 1)) {
      throw new InputError(`${method}: max-softmax confidence of row ${i} is ${conf} (NaN or +-Inf in its logits)`);
    }
    const b = Math.min(bins - 1, Math.max(0, Math.ceil(conf * bins) - 1));
    count[b]++;
    confSum[b] += conf;
    if (predictions[i] === labels[i]) correctSum[b]++;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) if (count[b] > 0) ece += Math.abs(correctSum[b] - confSum[b]) / rows;
  return ece;
}

/**
 * The metrics of `methodMetrics` (top-1, head / medium / tail, ECE with 15 bins, mean per-class accuracy) from
 * a combination's scores instead of its logits.
 * @param groupRule 'pooled' (default, the ImageNet rule) or 'mean-per-class' (the long-tail benchmarks' rule)
 * @param method the method's name, for errors (default 'scores')
 * @throws InputError naming `method` when a confidence is NaN (see {@link calibrationErrorOfScores})
 */
export function scoreMetrics(
  scores: CombinationScores,
  labels: Int32Array,
  groups: ClassGroups,
  classes: number,
  groupRule: 'pooled' | 'mean-per-class' = 'pooled',
  method = 'scores',
): MethodMetrics & { perClass: Float64Array } {
  const { predictions, confidence } = scores;
  const perClass = perClassAccuracy(predictions, labels, classes);
  const byGroup =
    groupRule === 'pooled'
      ? pooledGroupAccuracy(predictions, labels, groups)
      : groupMeanClassAccuracy(perClass, groups);
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
    ece: calibrationErrorOfScores(confidence, predictions, labels, 15, method),
    meanPerClass: sum / n,
    perClass,
  };
}
