import type { Matrix } from './matrix.js';
import { matrix } from './matrix.js';
import { adjustLogits } from './logit-adjustment.js';
import { uniformPrior } from './class-prior.js';

/** Inputs of the GLA ensemble. */
export interface GlaInputs {
  /** Zero-shot logits f_zs, N x K. */
  zeroShot: Matrix;
  /** Fine-tuned logits f_ft, N x K. */
  fineTuned: Matrix;
  /** Estimated pre-training prior q (need not sum to 1). */
  pretrainingPrior: ArrayLike<number>;
  /** Downstream (fine-tuning) prior pi_s; default uniform. */
  downstreamPrior?: ArrayLike<number>;
  /** Temperature of the zero-shot logits; default 1. */
  zeroShotTemperature?: number;
  /** Temperature of the fine-tuned logits; default 1. */
  fineTunedTemperature?: number;
  /** Test prior pi_t, added as log pi_t; default uniform (nothing added). */
  targetPrior?: ArrayLike<number>;
}

/**
 * GLA logits: `[f_ft/T_ft - log pi_s] + [f_zs/T_zs - log q] (+ log pi_t)`. Equal weights, no alpha:
 * the Bayes-optimal combination for a balanced target when the two models' evidence is conditionally independent.
 */
export function glaLogits(inputs: GlaInputs): Matrix<Float64Array> {
  const { zeroShot, fineTuned } = inputs;
  const k = zeroShot.cols;
  const zs = adjustLogits(zeroShot, inputs.pretrainingPrior, { temperature: inputs.zeroShotTemperature ?? 1 });
  const ft = adjustLogits(fineTuned, inputs.downstreamPrior ?? uniformPrior(k), {
    temperature: inputs.fineTunedTemperature ?? 1,
    targetPrior: inputs.targetPrior,
  });
  const out = zs.data;
  for (let i = 0; i < out.length; i++) out[i] += ft.data[i];
  return matrix(out, zeroShot.rows, k);
}

/**
 * Output-space ensemble `(1 - alpha) * f_zs + alpha * f_ft`.
 * @param alpha weight of the fine-tuned logits in [0, 1]; default 0.5.
 */
export function outputEnsemble(zeroShot: Matrix, fineTuned: Matrix, alpha = 0.5): Matrix<Float64Array> {
  const out = new Float64Array(zeroShot.data.length);
  const a = zeroShot.data;
  const b = fineTuned.data;
  for (let i = 0; i < out.length; i++) out[i] = (1 - alpha) * a[i] + alpha * b[i];
  return matrix(out, zeroShot.rows, zeroShot.cols);
}
