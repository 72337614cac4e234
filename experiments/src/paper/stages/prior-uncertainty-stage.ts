import { priorUncertainty, type Matrix, type PriorEstimate } from '@gla/core';
import { stage, type StageNode } from '../../engine/stage-node.js';
import { jsonStore } from '../../engine/stage-store.js';
import { priorUncertaintySummary, type PriorUncertaintySummary } from '../../tables/prior-uncertainty-summary.js';

/** Largest K the dense K x K sandwich is computed for (three K x K float64 matrices: 100 MB at 2,048). */
const MAX_CLASSES = 2048;

/** The stage's value: the summary, or why it was not computed. */
export type PriorUncertaintyValue = PriorUncertaintySummary | { skipped: string };

/**
 * How sure q is, on the set it was estimated on: the median standard error of log q and the number of
 * undetermined classes (core's `priorUncertainty`, at the temperature q records and its solver's certificate).
 * Seconds at K = 1,000; skipped above 2,048 classes.
 */
export function priorUncertaintyStage(
  id: string,
  logits: StageNode<Matrix>,
  labels: StageNode<Int32Array>,
  prior: StageNode<PriorEstimate>,
): StageNode<PriorUncertaintyValue> {
  return stage({
    id,
    kind: 'prior-uncertainty',
    label: `standard errors of log q (${prior.id}) on ${logits.id}`,
    deps: [logits, labels, prior],
    files: [],
    // The sandwich pass's numerics are part of the key: float32 logits get float32 exponentials there (standard
    // errors within about 1e-6 relative of the former float64 ones).
    params: { maxClasses: MAX_CLASSES, sandwichExp: 'float32 for float32 logits' },
    store: jsonStore((value) => value as PriorUncertaintyValue),
    compute: async ([m, y, q]) => {
      const x = m as Matrix;
      const estimate = q as PriorEstimate;
      if (x.cols > MAX_CLASSES) return { skipped: `${x.cols} classes (dense K x K matrices up to ${MAX_CLASSES})` };
      // The estimate records the temperature it was fitted at; its certificate bounds how far a flat class may move.
      const u = priorUncertainty(x, y as Int32Array, estimate.prior, {
        temperature: estimate.temperature,
        tolerance: Math.max(1e-6, estimate.certificate),
      });
      return priorUncertaintySummary(u);
    },
  });
}
