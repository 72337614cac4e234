import { confidenceTemperature, nllTemperature, type Matrix } from '@gla/core';
import { stage, type StageNode } from '../../engine/stage-node.js';
import { jsonStore } from '../../engine/stage-store.js';
import { cacheEntryChecks } from './cache-entry-checks.js';
import { PipelineError } from '../../engine/pipeline-error.js';

/** A fitted (or given) temperature, with the accuracy and confidence it was matched to for the confidence rule. */
export interface TemperatureValue {
  temperature: number;
  /** The rule that gave it; absent in caches written before rules other than confidence existed. */
  rule?: 'confidence' | 'nll' | 'given';
  accuracy?: number;
  confidence?: number;
  iterations: number;
}

/**
 * The temperature vocabulary of the configs, the same as the CLI's: `none` (T = 1), `confidence` (the authors'
 * rule), `nll` (temperature scaling: T minimising the cross-entropy) or a positive number.
 */
export type TemperatureRule = 'none' | 'confidence' | 'nll' | number;

/**
 * A temperature stage for a rule (pipelines use none for `none`: T = 1). `confidence` is the authors' temperature: T with
 * mean max-softmax confidence of logits / T equal to the accuracy on the same set (bracket [0.1, 10], widened by
 * 1.1); their code stops within 0.1 pp for the zero-shot model and 1 pp for the fine-tuned one. `nll` minimises the
 * mean cross-entropy of logits / T on the set. A number is used as given.
 * @param tolerance fraction for the confidence rule; 0.001 (zero-shot) or 0.01 (fine-tuned).
 */
export function temperatureStage(
  id: string,
  logits: StageNode<Matrix>,
  labels: StageNode<Int32Array>,
  tolerance: number,
  ruleName: TemperatureRule = 'confidence',
): StageNode<TemperatureValue> {
  // Pipelines make no stage for `none`; should one be asked for, it is T = 1 as given.
  const rule = ruleName === 'none' ? 1 : ruleName;
  const label =
    rule === 'confidence'
      ? `confidence-matched temperature (tolerance ${tolerance * 100} pp) of ${logits.id}`
      : rule === 'nll'
        ? `NLL temperature (temperature scaling) of ${logits.id}`
        : `temperature ${rule} as given (for ${logits.id})`;
  return stage({
    id,
    kind: 'temperature',
    label,
    // A given number needs no input; the fitted rules read the logits and labels.
    deps: typeof rule === 'number' ? [] : [logits, labels],
    files: [],
    // The confidence search scores on the float32-exponential kernel (confidences within 3e-7 relative): its key says
    // so, so that temperatures fitted on float64 softmaxes are recomputed rather than mixed in.
    params: rule === 'confidence' ? { rule, tolerance, confidences: 'scoring kernel, float32 exponentials' } : { rule },
    store: jsonStore<TemperatureValue>(cacheEntryChecks.temperature),
    compute: async ([m, y]) => {
      if (typeof rule === 'number') return { temperature: rule, rule: 'given', iterations: 0 };
      const x = m as Matrix;
      const labelsValue = y as Int32Array;
      if (x.rows !== labelsValue.length)
        throw new PipelineError(`${logits.id}: ${x.rows} rows but ${labels.id} has ${labelsValue.length} labels`);
      if (rule === 'nll') {
        const result = nllTemperature(x, labelsValue);
        return { temperature: result.temperature, rule, iterations: result.iterations };
      }
      const result = confidenceTemperature(x, labelsValue, { tolerance });
      return {
        temperature: result.temperature,
        rule,
        ...(result.accuracy !== undefined ? { accuracy: result.accuracy } : {}),
        ...(result.confidence !== undefined ? { confidence: result.confidence } : {}),
        iterations: result.iterations,
      };
    },
  });
}
