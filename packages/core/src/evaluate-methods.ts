import type { Matrix } from './matrix.js';
import type { MethodMetrics } from './method-metrics.js';
import type { ClassGroups } from './class-groups.js';
import type { MethodId, PriorRole } from './methods.js';
import { evaluateRun } from './evaluate-run.js';

/** Inputs of {@link evaluateMethods}. */
export interface EvaluateMethodsInputs {
  labels: Int32Array;
  zeroShot: Matrix;
  fineTuned: Matrix;
  /** Logits of the WiSE-FT model (weights interpolated at `alpha`); default none (no WiSE-FT row). */
  wiseFt?: Matrix;
  /** Estimated pre-training prior q (renormalised here; need not sum to 1); its groups are the thirds. */
  pretrainingPrior: ArrayLike<number>;
  /** Which estimator gave `pretrainingPrior`: 'exact' (default) or 'authors'; it names the GLA row. */
  priorRole?: Exclude<PriorRole, 'true'>;
  /** Further priors for the rows that read them (GLA with the authors' q, with the true prior). */
  otherPriors?: Partial<Record<PriorRole, ArrayLike<number>>>;
  /** Downstream prior pi_s; default uniform. */
  downstreamPrior?: ArrayLike<number>;
  /** Output-ensemble weight of the fine-tuned logits; default 0.5. */
  alpha?: number;
  /** Temperatures dividing the logits where the registry says so; default 1. */
  zeroShotTemperature?: number;
  fineTunedTemperature?: number;
  /**
   * The rows to score, in registry order; default every row the inputs allow (Fine-tuned + LA only with a
   * downstream prior, WiSE-FT only with its logits).
   */
  methods?: readonly MethodId[];
  /** Class groups for head / medium / tail; default thirds by the pre-training prior. */
  groups?: ClassGroups;
  /** 'pooled' (default, the ImageNet rule) or 'mean-per-class' (the long-tail benchmarks' rule). */
  groupRule?: 'pooled' | 'mean-per-class';
  /** Names of the inputs for error messages. */
  names?: {
    labels?: string;
    zeroShot?: string;
    fineTuned?: string;
    wiseFt?: string;
    prior?: string;
    downstreamPrior?: string;
  };
}

/**
 * Evaluates the registry's methods (zero-shot, fine-tuned, the output ensemble, debiased zero-shot, GLA, ...) on
 * one test set. Validates shapes, labels, finiteness and priors first, with messages naming the inputs. Scored in
 * fused sweeps without N x K intermediates on this thread (see `evaluateRun` for threads and an alpha sweep).
 */
export function evaluateMethods(inputs: EvaluateMethodsInputs): Partial<Record<MethodId, MethodMetrics>> {
  return evaluateRun(inputs).methods;
}
