import type { MethodMetrics } from './score-metrics.js';
import type { MethodId } from './methods.js';
import { evaluateRun, type EvaluateMethodsInputs } from './evaluate-run.js';

/**
 * Evaluates the registry's methods (zero-shot, fine-tuned, the output ensemble, debiased zero-shot, GLA, ...) on
 * one test set. Validates shapes, labels, finiteness and priors first, with messages naming the inputs. Scored in
 * fused sweeps without N x K intermediates on this thread (see `evaluateRun` for threads and an alpha sweep).
 */
export function evaluateMethods(inputs: EvaluateMethodsInputs): Partial<Record<MethodId, MethodMetrics>> {
  return evaluateRun(inputs).methods;
}
