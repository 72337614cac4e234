import type { Matrix, PriorEstimate } from '@gla/core';
import { stage, type StageNode } from '../../engine/stage-node.js';
import { jsonStore } from '../../engine/stage-store.js';
import { cacheEntryChecks } from './cache-entry-checks.js';
import type { TemperatureValue } from './temperature-stage.js';
import { PipelineError } from '../../engine/pipeline-error.js';
import { INLINE_TASKS } from '../../engine/task-pool.js';

/** Settings of a prior estimate. */
export interface PriorSettings {
  solver: 'exact' | 'paper';
  paperIterations: number;
}

/**
 * q = argmin_q mean CE(z / T - log q, y) on an estimation set, with the exact or the paper's solver; T from a
 * temperature stage, or 1.
 */
export function priorStage(
  id: string,
  logits: StageNode<Matrix>,
  labels: StageNode<Int32Array>,
  settings: PriorSettings,
  temperature?: StageNode<TemperatureValue>,
): StageNode<PriorEstimate> {
  return stage({
    id,
    kind: 'prior',
    label: `q by the ${settings.solver} solver on ${logits.id}${temperature ? ' at the matched temperature' : ' (T = 1)'}`,
    deps: temperature ? [logits, labels, temperature] : [logits, labels],
    files: [],
    // The solvers' numerics are part of the key, so values cached before a change are recomputed, not mixed in:
    // the exact solver's Newton steps (on the log residual pbar log(pbar / freq), the gradient's where a step is
    // capped) run on float32 passes (a degree-5 exponential) certified in float64 (q within the certificate of the
    // former plain-residual and all-float64 iterations); the paper solver's passes use exponentials computed once
    // (q within ~1e-15 in log of the former row-block passes).
    params:
      settings.solver === 'paper'
        ? { ...settings, pass: 'auto' }
        : {
            solver: 'exact',
            passes: 'float32 Newton (log residual, guarded; degree-5 exp), float64 certificate',
          },
    store: jsonStore(cacheEntryChecks.prior),
    compute: async ([m, y, t], ctx) => {
      const x = m as Matrix;
      const labelsValue = y as Int32Array;
      if (x.rows !== labelsValue.length)
        throw new PipelineError(`${logits.id}: ${x.rows} rows but ${labels.id} has ${labelsValue.length} labels`);
      const T = t ? (t as TemperatureValue).temperature : 1;
      // The authors' solver takes seconds (1,000 passes): a worker thread runs it beside other stages.
      return (ctx.tasks ?? INLINE_TASKS).run('estimate-prior', {
        logits: x,
        labels: labelsValue,
        options: { solver: settings.solver, iterations: settings.paperIterations, temperature: T, what: logits.label },
      });
    },
  });
}
