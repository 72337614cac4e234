import type { Matrix } from './matrix.js';
import type { MethodMetrics } from './method-metrics.js';
import type { ClassGroups } from './class-groups.js';
import { evaluateRun } from './evaluate-run.js';

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
 * test set. Validates shapes, labels, finiteness and priors first, with messages naming the inputs. Scored in one
 * fused sweep without N x K intermediates on this thread (see `evaluateRun` for threads and an alpha sweep).
 */
export function evaluateMethods(inputs: EvaluateMethodsInputs): Record<MethodName, MethodMetrics> {
  return evaluateRun(inputs).methods;
}
