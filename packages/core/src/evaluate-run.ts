import type { Matrix } from './matrix.js';
import type { EvaluateMethodsInputs, MethodName } from './evaluate-methods.js';
import type { MethodMetrics } from './method-metrics.js';
import type { ParallelPool } from './parallel-pool.js';
import { priorThirds } from './class-groups.js';
import { uniformPrior } from './class-prior.js';
import { InputError, checkFinite, checkLabels, checkLogitMagnitude, checkPrior, checkTemperature } from './validate.js';
import { scoreCombinations, type LogitCombination } from './score-combination.js';
import { scoreMetrics } from './score-metrics.js';

/** Inputs of {@link evaluateRun}: those of `evaluateMethods` plus an alpha sweep and threading. */
export interface EvaluateRunInputs extends EvaluateMethodsInputs {
  /** Fine-tuned weights of an output-ensemble sweep, e.g. 0, 0.1, ..., 1; default none. */
  alphas?: readonly number[];
  /** A pool to score on (left open); default: `threads` lanes opened for the call. */
  pool?: ParallelPool;
  /** Lanes when `pool` is absent; default 1 (this thread only). */
  threads?: number;
}

/** Metrics of every method, and of each point of the alpha sweep in the order given. */
export interface EvaluateRunResult {
  methods: Record<MethodName, MethodMetrics>;
  sweep: { alpha: number; metrics: MethodMetrics }[];
}

/**
 * Evaluates zero-shot, fine-tuned, debiased zero-shot, the output ensemble, GLA and an optional alpha sweep of
 * the output ensemble in one fused sweep over the two logit matrices (`scoreCombinations`): no N x K
 * intermediate is formed, identical combinations (alpha 0 is the zero-shot model, alpha 1 the fine-tuned one)
 * are scored once. Validates shapes, labels, finiteness and priors first, with messages naming the inputs.
 */
export function evaluateRun(inputs: EvaluateRunInputs): EvaluateRunResult {
  const names = {
    labels: 'labels',
    zeroShot: 'zero-shot logits',
    fineTuned: 'fine-tuned logits',
    prior: 'prior',
    downstreamPrior: 'downstream prior',
    ...inputs.names,
  };
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
  const pretraining = checkPrior(inputs.pretrainingPrior, k, names.prior);
  // Ranked and debiased in log space: a normalised entry may underflow to 0 while its logarithm stays finite.
  const groups = inputs.groups ?? priorThirds(pretraining.logPrior);
  const rule = inputs.groupRule ?? 'pooled';
  // The same expressions as adjustLogits / glaLogits: x / T - log prior, with 1 / T as the multiplier.
  const debias = Float64Array.from(pretraining.logPrior, (v) => -v);
  const downstream = inputs.downstreamPrior
    ? Float64Array.from(checkPrior(inputs.downstreamPrior, k, names.downstreamPrior).logPrior, (v) => -v)
    : Float64Array.from(uniformPrior(k), (v) => -Math.log(v));
  const zsScale = 1 / checkTemperature(inputs.zeroShotTemperature ?? 1, 'zero-shot temperature');
  const ftScale = 1 / checkTemperature(inputs.fineTunedTemperature ?? 1, 'fine-tuned temperature');
  // Sums of logits must not overflow: every combination below scales a matrix by at most max(1, 1 / T).
  checkLogitMagnitude(zeroShot, Math.max(1, zsScale), names.zeroShot);
  checkLogitMagnitude(fineTuned, Math.max(1, ftScale), names.fineTuned);
  const alpha = inputs.alpha ?? 0.5;
  const named: Record<MethodName, LogitCombination> = {
    'zero-shot': { zeroShotWeight: 1 },
    'fine-tuned': { fineTunedWeight: 1 },
    'debiased-zero-shot': { zeroShotWeight: zsScale, zeroShotShift: debias },
    ensemble: ensembleCombination(alpha),
    gla: { zeroShotWeight: zsScale, zeroShotShift: debias, fineTunedWeight: ftScale, fineTunedShift: downstream },
  };
  const sweep = (inputs.alphas ?? []).map(ensembleCombination);
  const unique = new Map<string, number>();
  const combinations: LogitCombination[] = [];
  const slot = (c: LogitCombination): number => {
    const key = combinationKey(c, [debias, downstream]);
    let index = unique.get(key);
    if (index === undefined) {
      index = combinations.push(c) - 1;
      unique.set(key, index);
    }
    return index;
  };
  const methodSlots = Object.entries(named).map(([name, c]) => [name, slot(c)] as const);
  const sweepSlots = sweep.map(slot);
  const scores = scoreCombinations(zeroShot, fineTuned, combinations, { pool: inputs.pool, threads: inputs.threads });
  const metrics = scores.map((s) => {
    const { perClass: _perClass, ...rest } = scoreMetrics(s, labels, groups, k, rule);
    return rest;
  });
  return {
    methods: Object.fromEntries(methodSlots.map(([name, index]) => [name, metrics[index]])) as Record<
      MethodName,
      MethodMetrics
    >,
    sweep: sweepSlots.map((index, i) => ({ alpha: (inputs.alphas as readonly number[])[i], metrics: metrics[index] })),
  };
}

/** Output ensemble `(1 - alpha) zs + alpha ft`, as `outputEnsemble` computes it. */
function ensembleCombination(alpha: number): LogitCombination {
  return { zeroShotWeight: 1 - alpha, fineTunedWeight: alpha };
}

/** Equal keys give bit-identical values: same weights, same shift vectors (by identity among `shifts`). */
function combinationKey(c: LogitCombination, shifts: readonly ArrayLike<number>[]): string {
  const id = (s: ArrayLike<number> | undefined) => (s === undefined ? '-' : String(shifts.indexOf(s)));
  const zs =
    (c.zeroShotWeight ?? 0) !== 0 || c.zeroShotShift !== undefined
      ? `${c.zeroShotWeight ?? 0}:${id(c.zeroShotShift)}`
      : 'none';
  const ft =
    (c.fineTunedWeight ?? 0) !== 0 || c.fineTunedShift !== undefined
      ? `${c.fineTunedWeight ?? 0}:${id(c.fineTunedShift)}`
      : 'none';
  return `${zs}|${ft}`;
}

/** The logits' own size in bytes (both matrices), for memory budgets. */
export function logitBytes(...matrices: Matrix[]): number {
  return matrices.reduce((n, m) => n + m.data.byteLength, 0);
}
