import type { Matrix, PriorEstimate } from '@gla/core';
import type { PriorSettings } from '../stages/prior-stage.js';
import { priorStage } from '../stages/prior-stage.js';
import type { StageNode } from '../../engine/stage-node.js';
import type { StageRegistry } from '../../engine/stage-registry.js';
import { type TemperatureRule, temperatureStage, type TemperatureValue } from '../stages/temperature-stage.js';
import { priorUncertaintyStage, type PriorUncertaintyValue } from '../stages/prior-uncertainty-stage.js';

/**
 * How temperatures are set: per model a rule in the CLI's vocabulary (`none`, `confidence` (the authors' few-shot
 * code), `nll` or a positive number), and the tolerances of the confidence rule.
 */
export interface TemperatureSettings {
  zeroShot: TemperatureRule;
  fineTuned: TemperatureRule;
  /** Stop the zero-shot search within this many percentage points; the authors' 0.1. */
  zeroShotTolerance: number;
  /** Stop the fine-tuned search within this many percentage points; the authors' 1.0. */
  fineTunedTolerance: number;
}

/** Where the temperatures and q are fitted. */
export interface EstimationData {
  /** Zero-shot logits and labels of the estimation set (q and the zero-shot temperature). */
  zeroShot: StageNode<Matrix>;
  labels: StageNode<Int32Array>;
  /** Fine-tuned logits and labels its temperature is matched on; asked for only when that temperature is set. */
  fineTuned: () => { logits: StageNode<Matrix>; labels: StageNode<Int32Array> };
}

/** The stages GLA needs before scoring: both temperatures (when set) and q by both estimators. */
export interface GlaEstimation {
  zeroShotTemperature?: StageNode<TemperatureValue>;
  fineTunedTemperature?: StageNode<TemperatureValue>;
  /** q by the exact estimator. */
  exact: StageNode<PriorEstimate>;
  /** q by the authors' estimator (their released solver). */
  authors: StageNode<PriorEstimate>;
  /** How sure the exact q is (median standard error of log q, undetermined classes), on the same set. */
  uncertainty: StageNode<PriorUncertaintyValue>;
}

/**
 * The sequence every pipeline runs before its evaluation, in one place: the zero-shot temperature on the
 * estimation set, the fine-tuned one on its own set, then q by the exact and by the authors' estimator at the
 * zero-shot temperature. Stage ids start with `base`.
 */
export function glaEstimation(
  registry: StageRegistry,
  base: string,
  data: EstimationData,
  temperature: TemperatureSettings,
  prior: PriorSettings,
): GlaEstimation {
  const zeroShotTemperature =
    temperature.zeroShot !== 'none'
      ? registry.once(`${base}/temperature/zero-shot`, (id) =>
          temperatureStage(id, data.zeroShot, data.labels, temperature.zeroShotTolerance / 100, temperature.zeroShot),
        )
      : undefined;
  const fineTunedTemperature =
    temperature.fineTuned !== 'none'
      ? registry.once(`${base}/temperature/fine-tuned`, (id) => {
          const ft = data.fineTuned();
          return temperatureStage(
            id,
            ft.logits,
            ft.labels,
            temperature.fineTunedTolerance / 100,
            temperature.fineTuned,
          );
        })
      : undefined;
  const exact = registry.once(`${base}/prior`, (id) =>
    priorStage(id, data.zeroShot, data.labels, { ...prior, solver: 'exact' }, zeroShotTemperature),
  );
  const authors = registry.once(`${base}/prior-authors`, (id) =>
    priorStage(id, data.zeroShot, data.labels, { ...prior, solver: 'paper' }, zeroShotTemperature),
  );
  const uncertainty = registry.once(`${base}/prior-uncertainty`, (id) =>
    priorUncertaintyStage(id, data.zeroShot, data.labels, exact),
  );
  return { zeroShotTemperature, fineTunedTemperature, exact, authors, uncertainty };
}
