import type { Matrix } from './matrix.js';
import { adjustLogits } from './logit-adjustment.js';
import { glaLogits, outputEnsemble } from './ensemble.js';
import { methodMetrics, type MethodMetrics } from './method-metrics.js';
import { priorThirds, type ClassGroups } from './class-groups.js';
import { uniformPrior } from './class-prior.js';
import { InputError, checkFinite, checkLabels, checkPrior } from './validate.js';

/** The methods every evaluation reports, in the paper's words. */
export const METHOD_NAMES = ['zero-shot', 'fine-tuned', 'debiased-zero-shot', 'ensemble', 'gla'] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

/** Inputs of {@link evaluateMethods}. */
export interface EvaluateMethodsInputs {
  labels: Int32Array;
  zeroShot: Matrix;
  fineTuned: Matrix;
  /** Estimated pre-training prior q (renormalised here; need not sum to 1). */
  pretrainingPrior: ArrayLike<number>;
  /** Downstream prior pi_s; default uniform. */
  downstreamPrior?: ArrayLike<number>;
  /** Output-ensemble weight of the fine-tuned logits; default 0.5. */
  alpha?: number;
  zeroShotTemperature?: number;
  fineTunedTemperature?: number;
  /** Class groups for head / medium / tail; default thirds by the pre-training prior. */
  groups?: ClassGroups;
  /** 'pooled' (default, the ImageNet rule) or 'mean-per-class' (the long-tail benchmarks' rule). */
  groupRule?: 'pooled' | 'mean-per-class';
  /** Names of the inputs for error messages. */
  names?: { labels?: string; zeroShot?: string; fineTuned?: string; prior?: string; downstreamPrior?: string };
}

/**
 * Evaluates zero-shot, fine-tuned, debiased zero-shot (f_zs - log q), the output-space ensemble and GLA on one
 * test set. Validates shapes, labels, finiteness and priors first, with messages naming the inputs.
 */
export function evaluateMethods(inputs: EvaluateMethodsInputs): Record<MethodName, MethodMetrics> {
  const names = { labels: 'labels', zeroShot: 'zero-shot logits', fineTuned: 'fine-tuned logits', prior: 'prior', downstreamPrior: 'downstream prior', ...inputs.names };
  const { zeroShot, fineTuned, labels } = inputs;
  if (fineTuned.cols !== zeroShot.cols) {
    throw new InputError(`${names.fineTuned}: ${fineTuned.cols} classes, but ${names.zeroShot} has ${zeroShot.cols}`);
  }
  if (fineTuned.rows !== zeroShot.rows) {
    throw new InputError(`${names.fineTuned}: ${fineTuned.rows} rows, but ${names.zeroShot} has ${zeroShot.rows}`);
  }
  checkFinite(zeroShot, names.zeroShot);
  checkFinite(fineTuned, names.fineTuned);
  checkLabels(labels, zeroShot.rows, zeroShot.cols, names.labels);
  const k = zeroShot.cols;
  const q = checkPrior(inputs.pretrainingPrior, k, names.prior).prior;
  const ps = inputs.downstreamPrior ? checkPrior(inputs.downstreamPrior, k, names.downstreamPrior).prior : uniformPrior(k);
  const groups = inputs.groups ?? priorThirds(q);
  const rule = inputs.groupRule ?? 'pooled';
  const tz = inputs.zeroShotTemperature ?? 1;
  const tf = inputs.fineTunedTemperature ?? 1;
  const metrics = (m: Matrix): MethodMetrics => {
    const { perClass: _perClass, ...rest } = methodMetrics(m, labels, groups, rule);
    return rest;
  };
  return {
    'zero-shot': metrics(zeroShot),
    'fine-tuned': metrics(fineTuned),
    'debiased-zero-shot': metrics(adjustLogits(zeroShot, q, { temperature: tz })),
    ensemble: metrics(outputEnsemble(zeroShot, fineTuned, inputs.alpha ?? 0.5)),
    gla: metrics(glaLogits({ zeroShot, fineTuned, pretrainingPrior: q, downstreamPrior: ps, zeroShotTemperature: tz, fineTunedTemperature: tf })),
  };
}
