import type { Matrix } from './matrix.js';
import type { ClassGroups } from './class-groups.js';
import type { MethodMetrics } from './score-metrics.js';
import { ParallelPool, defaultThreads } from './parallel-pool.js';
import { type LogitSummary, summariseLogits } from './logit-summary.js';
import { priorThirds } from './class-groups.js';
import {
  InputError,
  MAX_LOGIT_MAGNITUDE,
  checkFinite,
  checkLabels,
  checkLogitMagnitude,
  checkPrior,
  checkTemperature,
} from './validate.js';
import {
  METHOD_IDS,
  availableMethods,
  methodContext,
  methodDefinition,
  type LogitSource,
  type MethodId,
  type PriorRole,
} from './methods.js';
import { scoreMethodTerms } from './score-methods.js';
import { type WiseFtModel, type WiseFtModelMetrics, checkWiseFtModels, scoreWiseFtModels } from './evaluate-wise-ft.js';
import { matrix } from './matrix.js';
import { toShared } from './shared-arrays.js';
import { type LogitRows, isRowSource, scoreMethodChunks } from './score-method-chunks.js';
import type { InputCheck } from './file-block-checks.js';
import { scoreMetrics } from './score-metrics.js';

/** Inputs of `evaluateMethods` (and, with threads and a sweep, of {@link evaluateRun}). */
export interface EvaluateMethodsInputs {
  labels: Int32Array;
  /**
   * Logits held whole (a matrix) or read on demand (a `RowSource` such as `NpyRowReader`, for files larger than
   * memory: {@link evaluateRun} then scores them `chunkRows` rows at a time, checking each chunk as it is read).
   */
  zeroShot: LogitRows;
  fineTuned: LogitRows;
  /** Logits of the WiSE-FT model (weights interpolated at `alpha`); default none (no WiSE-FT row). */
  wiseFt?: LogitRows;
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

/** Inputs of {@link evaluateRun}: those of `evaluateMethods` plus an alpha sweep and threading. */
export interface EvaluateRunInputs extends EvaluateMethodsInputs {
  /** Fine-tuned weights of an output-ensemble sweep, e.g. 0, 0.1, ..., 1; default none. */
  alphas?: readonly number[];
  /** A pool to score on (left open); default: `threads` lanes opened for the call. */
  pool?: ParallelPool;
  /**
   * Lanes when `pool` is absent; default: every core (`defaultThreads()`) for inputs of a million logits or
   * more, else 1 (starting worker threads costs more than they save on small inputs). Results are identical
   * for any thread count.
   */
  threads?: number;
  /** Keep each method's per-class accuracy (for plots); default false. */
  perClass?: boolean;
  /** Rows read and scored at a time when a source is a `RowSource`; default `defaultChunkRows(K)` (16 MiB). */
  chunkRows?: number;
  /**
   * WiSE-FT models at several alphas, each its own logits, checked once and scored in this call (its pool) into
   * the result's `wiseFtModels`; default none. (`wiseFt` is the one WiSE-FT source of the registry's rows.)
   */
  wiseFtModels?: readonly WiseFtModel[];
}

/** Metrics of every method scored (registry order), and of each point of the alpha sweep in the order given. */
export interface EvaluateRunResult {
  methods: Partial<Record<MethodId, MethodMetrics>>;
  sweep: { alpha: number; metrics: MethodMetrics }[];
  /** Per-class accuracy of every method (NaN for a class without test samples), with `perClass: true`. */
  perClass?: Partial<Record<MethodId, Float64Array>>;
  /** Metrics of each of `wiseFtModels`, in the order given (present when they were given). */
  wiseFtModels?: WiseFtModelMetrics[];
}

/**
 * Evaluates the registry's methods and an optional alpha sweep of the output ensemble in fused sweeps over the
 * logit sources (`scoreMethodTerms`): no N x K intermediate is formed, identical combinations (alpha 0 is the
 * zero-shot model, alpha 1 the fine-tuned one) are scored once. Validates shapes, labels, finiteness and priors
 * first, with messages naming the inputs.
 */
export function evaluateRun(inputs: EvaluateRunInputs): EvaluateRunResult {
  const names = {
    labels: 'labels',
    zeroShot: 'zero-shot logits',
    fineTuned: 'fine-tuned logits',
    wiseFt: 'WiSE-FT logits',
    prior: 'prior',
    downstreamPrior: 'downstream prior',
    ...inputs.names,
  };
  const { zeroShot, fineTuned } = inputs;
  for (const [m, name] of [
    [fineTuned, names.fineTuned],
    [inputs.wiseFt, names.wiseFt],
  ] as const) {
    if (!m) continue;
    if (m.cols !== zeroShot.cols) {
      throw new InputError(`${name}: ${m.cols} classes, but ${names.zeroShot} has ${zeroShot.cols}`);
    }
    if (m.rows !== zeroShot.rows) {
      throw new InputError(`${name}: ${m.rows} rows, but ${names.zeroShot} has ${zeroShot.rows}`);
    }
  }
  // Sources read on demand are checked chunk by chunk as they are scored (scoreMethodChunks).
  const streamed = [zeroShot, fineTuned, inputs.wiseFt].some((m) => m !== undefined && isRowSource(m));
  const threads = inputs.threads ?? (zeroShot.rows * zeroShot.cols >= 1_000_000 ? defaultThreads() : 1);
  // One pool for the checks and the scoring (workers start once), unless the caller lent one.
  const pool = inputs.pool ?? (streamed || threads <= 1 ? undefined : ParallelPool.open(threads));
  try {
    return evaluateChecked(inputs, names, streamed, threads, pool);
  } finally {
    if (pool && !inputs.pool) pool.close();
  }
}

function evaluateChecked(
  inputs: EvaluateRunInputs,
  names: Required<NonNullable<EvaluateMethodsInputs['names']>>,
  streamed: boolean,
  threads: number,
  pool: ParallelPool | undefined,
): EvaluateRunResult {
  const { labels } = inputs;
  // Matrices not on a SharedArrayBuffer are copied once here for the pool's lanes (checks and scoring).
  const share = (m: LogitRows | undefined) =>
    m === undefined || isRowSource(m) || !pool || pool.threads <= 1 ? m : matrix(toShared(m.data), m.rows, m.cols);
  const zeroShot = share(inputs.zeroShot) as LogitRows;
  const fineTuned = share(inputs.fineTuned) as LogitRows;
  const wiseFt = share(inputs.wiseFt);
  // Each matrix is read once for every check (finiteness, magnitude), split over the pool's lanes; the
  // messages and their order are those of checkFinite and checkLogitMagnitude (which rescan only to name a value).
  const held: [LogitSource, Matrix, string, LogitSummary][] = [];
  if (!streamed) {
    for (const [source, m, name] of [
      ['zero-shot', zeroShot, names.zeroShot],
      ['fine-tuned', fineTuned, names.fineTuned],
      ['wise-ft', wiseFt, names.wiseFt],
    ] as const) {
      if (!m) continue;
      const summary = summariseLogits(m as Matrix, pool);
      if (!summary.finite) checkFinite(m as Matrix, name);
      held.push([source, m as Matrix, name, summary]);
    }
  }
  checkLabels(labels, zeroShot.rows, zeroShot.cols, names.labels);
  const k = zeroShot.cols;
  // Validated here; renormalised once, in methodContext (in log space), as every other caller's priors are.
  const pretraining = checkPrior(inputs.pretrainingPrior, k, names.prior);
  if (inputs.downstreamPrior) checkPrior(inputs.downstreamPrior, k, names.downstreamPrior);
  for (const [role, p] of Object.entries(inputs.otherPriors ?? {})) if (p) checkPrior(p, k, `${role} prior`);
  const zsScale = 1 / checkTemperature(inputs.zeroShotTemperature ?? 1, 'zero-shot temperature');
  const ftScale = 1 / checkTemperature(inputs.fineTunedTemperature ?? 1, 'fine-tuned temperature');
  // Sums of logits must not overflow: every combination scales a matrix by at most max(1, 1 / T).
  const checks: Partial<Record<LogitSource, InputCheck>> = {
    'zero-shot': { name: names.zeroShot, scale: Math.max(1, zsScale) },
    'fine-tuned': { name: names.fineTuned, scale: Math.max(1, ftScale) },
    'wise-ft': { name: names.wiseFt, scale: 1 },
  };
  for (const [source, m, name, summary] of held) {
    const scale = checks[source]?.scale ?? 1;
    if (!(summary.maxAbs * scale <= MAX_LOGIT_MAGNITUDE)) checkLogitMagnitude(m, scale, name);
  }
  const wiseModels = checkWiseFtModels(
    inputs.wiseFtModels ?? [],
    { rows: zeroShot.rows, cols: k, name: names.zeroShot },
    pool,
  );
  const q = inputs.pretrainingPrior;
  const priors: Partial<Record<PriorRole, ArrayLike<number>>> = { ...inputs.otherPriors };
  priors[inputs.priorRole ?? 'exact'] = q;
  const ps = inputs.downstreamPrior;
  // Ranked in log space: a normalised entry may underflow to 0 while its logarithm stays finite.
  const groups = inputs.groups ?? priorThirds(pretraining.logPrior);
  const rule = inputs.groupRule ?? 'pooled';
  const ctx = methodContext({
    classes: k,
    alpha: inputs.alpha,
    zeroShotTemperature: inputs.zeroShotTemperature,
    fineTunedTemperature: inputs.fineTunedTemperature,
    downstreamPrior: ps,
    priors,
  });
  const sources: Partial<Record<LogitSource, LogitRows>> = { 'zero-shot': zeroShot, 'fine-tuned': fineTuned };
  if (wiseFt) sources['wise-ft'] = wiseFt;
  const ids =
    inputs.methods ??
    availableMethods(METHOD_IDS, {
      sources: Object.keys(sources) as LogitSource[],
      priors: Object.keys(priors) as PriorRole[],
    }).filter((id) => id !== 'fine-tuned-la' || ps !== undefined);
  const ensemble = methodDefinition('output-ensemble');
  const termLists = [
    ...ids.map((id) => methodDefinition(id).terms(ctx)),
    ...(inputs.alphas ?? []).map((alpha) => ensemble.terms({ ...ctx, alpha })),
  ];
  const scores = streamed
    ? scoreMethodChunks(sources, checks, termLists, { pool, threads, chunkRows: inputs.chunkRows })
    : scoreMethodTerms(sources as Partial<Record<LogitSource, Matrix>>, termLists, { pool, threads });
  // Errors (a NaN score) name the method or the sweep point.
  const scoreNames = [...ids, ...(inputs.alphas ?? []).map((alpha) => `output-ensemble alpha=${alpha}`)];
  const full = scores.map((s, i) => scoreMetrics(s, labels, groups, k, rule, scoreNames[i]));
  const metrics = full.map(({ perClass: _perClass, ...rest }) => rest);
  return {
    methods: Object.fromEntries(ids.map((id, i) => [id, metrics[i]])),
    sweep: (inputs.alphas ?? []).map((alpha, i) => ({ alpha, metrics: metrics[ids.length + i] })),
    ...(inputs.perClass ? { perClass: Object.fromEntries(ids.map((id, i) => [id, full[i].perClass])) } : {}),
    ...(inputs.wiseFtModels
      ? {
          wiseFtModels: scoreWiseFtModels(wiseModels, {
            ctx,
            labels,
            groups,
            classes: k,
            rule,
            perClass: inputs.perClass ?? false,
            pool,
            threads,
            chunkRows: inputs.chunkRows,
          }),
        }
      : {}),
  };
}

/** The logits' own size in bytes (all matrices), for memory budgets. */
export function logitBytes(...matrices: Matrix[]): number {
  return matrices.reduce((n, m) => n + m.data.byteLength, 0);
}
