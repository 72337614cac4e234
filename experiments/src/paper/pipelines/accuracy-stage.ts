import { argmaxRows, predictionAccuracy, type Matrix } from '@gla/core';
import { stage, type StageNode } from '../../engine/stage-node.js';
import { jsonStore } from '../../engine/stage-store.js';
import { PipelineError } from '../../engine/pipeline-error.js';
import { restrictToSubset } from './restrict-to-subset.js';

/** Top-1 of one model on one split (the WiSE-FT sweep). */
export interface AccuracyValue {
  top1: number;
  samples: number;
}

/** Top-1 of `logits` against `labels`, restricted to a class subset when `classIndices` is given. */
export function accuracyStage(
  id: string,
  logits: StageNode<Matrix>,
  labels: StageNode<Int32Array>,
  classIndices?: StageNode<Int32Array | null>,
): StageNode<AccuracyValue> {
  return stage({
    id,
    kind: 'evaluation',
    label: `top-1 of ${logits.id}`,
    deps: classIndices ? [logits, labels, classIndices] : [logits, labels],
    files: [],
    params: { restricted: classIndices !== undefined },
    store: jsonStore<AccuracyValue>(),
    compute: async ([m, y, c]) => {
      const x = m as Matrix;
      const labelsValue = y as Int32Array;
      if (x.rows !== labelsValue.length)
        throw new PipelineError(
          `${logits.label}: ${x.rows} rows, but ${labels.label} has ${labelsValue.length} labels`,
        );
      const scored = classIndices
        ? restrictToSubset(x, labelsValue, (c as Int32Array | null) ?? null)
        : { logits: x, labels: labelsValue };
      return { top1: predictionAccuracy(argmaxRows(scored.logits), scored.labels), samples: labelsValue.length };
    },
  });
}
