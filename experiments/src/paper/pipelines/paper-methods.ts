import { adjustLogits, glaLogits, outputEnsemble, type Matrix } from '@gla/core';

/** The rows of the paper tables, in order. */
export const PAPER_METHODS = [
  'zero-shot',
  'fine-tuned',
  'fine-tuned-la',
  'wise-ft',
  'output-ensemble',
  'debiased-zero-shot',
  'gla',
] as const;
export type PaperMethod = (typeof PAPER_METHODS)[number];

/** Row label of a method in the tables. */
export function paperMethodLabel(method: PaperMethod, alpha: number): string {
  switch (method) {
    case 'zero-shot':
      return 'Zero-shot';
    case 'fine-tuned':
      return 'Fine-tuned';
    case 'fine-tuned-la':
      return 'Fine-tuned + LA (post hoc −log π_s)';
    case 'wise-ft':
      return `WiSE-FT (α = ${alpha})`;
    case 'output-ensemble':
      return `Output ensemble (α = ${alpha})`;
    case 'debiased-zero-shot':
      return 'Debiased zero-shot (f_zs − log q)';
    case 'gla':
      return 'GLA';
  }
}

/** Everything the methods are computed from, on one test split. */
export interface MethodInputs {
  zeroShot: Matrix;
  fineTuned: Matrix;
  /** WiSE-FT logits at alpha, or null when there is no WiSE-FT model. */
  wiseFt: Matrix | null;
  /** Estimated q. */
  prior: ArrayLike<number>;
  /** Downstream prior pi_s. */
  downstreamPrior: ArrayLike<number>;
  zeroShotTemperature: number;
  fineTunedTemperature: number;
  alpha: number;
}

/**
 * A method's logits: the raw models, their output ensemble and WiSE-FT as given; the debiased zero-shot model
 * f_zs/T_zs - log q; GLA [f_ft/T_ft - log pi_s] + [f_zs/T_zs - log q]; null when the method has no model.
 */
export function methodLogits(method: PaperMethod, inputs: MethodInputs): Matrix | null {
  switch (method) {
    case 'zero-shot':
      return inputs.zeroShot;
    case 'fine-tuned':
      return inputs.fineTuned;
    case 'fine-tuned-la':
      return adjustLogits(inputs.fineTuned, inputs.downstreamPrior);
    case 'wise-ft':
      return inputs.wiseFt;
    case 'output-ensemble':
      return outputEnsemble(inputs.zeroShot, inputs.fineTuned, inputs.alpha);
    case 'debiased-zero-shot':
      return adjustLogits(inputs.zeroShot, inputs.prior, { temperature: inputs.zeroShotTemperature });
    case 'gla':
      return glaLogits({
        zeroShot: inputs.zeroShot,
        fineTuned: inputs.fineTuned,
        pretrainingPrior: inputs.prior,
        downstreamPrior: inputs.downstreamPrior,
        zeroShotTemperature: inputs.zeroShotTemperature,
        fineTunedTemperature: inputs.fineTunedTemperature,
      });
  }
}
