import type { ClassGroups } from './class-groups.js';
import { summariseLogits } from './logit-summary.js';
import { type Matrix, matrix } from './matrix.js';
import { methodDefinition, type MethodContext } from './methods.js';
import type { ParallelPool } from './parallel-pool.js';
import { type LogitRows, isRowSource, scoreMethodChunks } from './score-method-chunks.js';
import { scoreMethodTerms } from './score-methods.js';
import { type MethodMetrics, scoreMetrics } from './score-metrics.js';
import { toShared } from './shared-arrays.js';
import { InputError, MAX_LOGIT_MAGNITUDE, checkFinite, checkLogitMagnitude } from './validate.js';

/** The logits of one WiSE-FT model (weights interpolated at `alpha`), as `gla evaluate --wise-ft a=f` gives them. */
export interface WiseFtModel {
  /** The interpolation weight of the fine-tuned weights; only recorded with the metrics. */
  alpha: number;
  logits: LogitRows;
  /** How messages name the logits (e.g. the file); default `WiSE-FT logits (alpha)`. */
  name?: string;
}

/** Metrics of one {@link WiseFtModel}, in the order given. */
export interface WiseFtModelMetrics {
  alpha: number;
  metrics: MethodMetrics;
  /** Per-class accuracy, with `perClass: true`. */
  perClass?: Float64Array;
}

const nameOf = (w: WiseFtModel) => w.name ?? `WiSE-FT logits (${w.alpha})`;

/**
 * Checks every WiSE-FT model's shape against the zero-shot logits, and (held whole) its finiteness and
 * magnitude from one read (`summariseLogits`, on `pool`'s lanes), in the order given; logits read on demand are
 * checked chunk by chunk as they are scored. Returns the models with their logits on a SharedArrayBuffer when
 * the pool has workers (copied once).
 * @throws InputError naming the model's logits, with the words of checkFinite / checkLogitMagnitude
 */
export function checkWiseFtModels(
  models: readonly WiseFtModel[],
  shape: { rows: number; cols: number; name: string },
  pool: ParallelPool | undefined,
): WiseFtModel[] {
  return models.map((w) => {
    const name = nameOf(w);
    const m = w.logits;
    if (m.cols !== shape.cols) throw new InputError(`${name}: ${m.cols} classes, but ${shape.name} has ${shape.cols}`);
    if (m.rows !== shape.rows) throw new InputError(`${name}: ${m.rows} rows, but ${shape.name} has ${shape.rows}`);
    if (isRowSource(m)) return w;
    const held = pool && pool.threads > 1 ? matrix(toShared(m.data), m.rows, m.cols) : m;
    const summary = summariseLogits(held, pool);
    if (!summary.finite) checkFinite(held, name);
    if (!(summary.maxAbs <= MAX_LOGIT_MAGNITUDE)) checkLogitMagnitude(held, 1, name);
    return { ...w, logits: held };
  });
}

/**
 * Scores each checked WiSE-FT model as the registry's `wise-ft` row (its own logits, argmax and max-softmax) on
 * `pool` (or `threads` lanes opened per model when it has none), one read of each model's logits.
 */
export function scoreWiseFtModels(
  models: readonly WiseFtModel[],
  context: {
    ctx: MethodContext;
    labels: Int32Array;
    groups: ClassGroups;
    classes: number;
    rule: 'pooled' | 'mean-per-class';
    perClass: boolean;
    pool: ParallelPool | undefined;
    threads: number;
    chunkRows: number | undefined;
  },
): WiseFtModelMetrics[] {
  const { ctx, labels, groups, classes, rule, pool, threads } = context;
  const terms = [methodDefinition('wise-ft').terms(ctx)];
  return models.map((w) => {
    const name = nameOf(w);
    const [scores] = isRowSource(w.logits)
      ? scoreMethodChunks({ 'wise-ft': w.logits }, { 'wise-ft': { name, scale: 1 } }, terms, {
          pool,
          threads,
          chunkRows: context.chunkRows,
        })
      : scoreMethodTerms({ 'wise-ft': w.logits as Matrix }, terms, { pool, threads });
    const { perClass, ...metrics } = scoreMetrics(scores, labels, groups, classes, rule, 'wise-ft');
    return { alpha: w.alpha, metrics, ...(context.perClass ? { perClass } : {}) };
  });
}
