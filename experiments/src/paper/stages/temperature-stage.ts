import { confidenceTemperature, type Matrix } from '@gla/core';
import { stage, type StageNode } from './stage-node.js';
import { jsonStore } from './stage-store.js';
import { cacheEntryChecks } from './cache-entry-checks.js';
import { PipelineError } from './pipeline-error.js';

/** A confidence-matched temperature and the accuracy it was matched to. */
export interface TemperatureValue {
  temperature: number;
  accuracy: number;
  confidence: number;
  iterations: number;
}

/**
 * The authors' temperature: T with mean max-softmax confidence of logits / T equal to the accuracy on the same
 * set (bracket [0.1, 10], widened by 1.1). Their code stops within 0.1 pp for the zero-shot model and 1 pp for
 * the fine-tuned one.
 * @param tolerance fraction; 0.001 (zero-shot) or 0.01 (fine-tuned).
 */
export function temperatureStage(
  id: string,
  logits: StageNode<Matrix>,
  labels: StageNode<Int32Array>,
  tolerance: number,
): StageNode<TemperatureValue> {
  return stage({
    id,
    kind: 'temperature',
    label: `confidence-matched temperature (tolerance ${tolerance * 100} pp) of ${logits.id}`,
    deps: [logits, labels],
    files: [],
    params: { rule: 'confidence', tolerance },
    store: jsonStore<TemperatureValue>(cacheEntryChecks.temperature),
    compute: async ([m, y]) => {
      const x = m as Matrix;
      const labelsValue = y as Int32Array;
      if (x.rows !== labelsValue.length)
        throw new PipelineError(`${logits.id}: ${x.rows} rows but ${labels.id} has ${labelsValue.length} labels`);
      const result = confidenceTemperature(x, labelsValue, { tolerance });
      return {
        temperature: result.temperature,
        accuracy: result.accuracy ?? NaN,
        confidence: result.confidence ?? NaN,
        iterations: result.iterations,
      };
    },
  });
}
