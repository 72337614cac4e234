import {
  availableMethods,
  classCounts,
  methodContext,
  methodDefinition,
  priorThirds,
  scoreMethodTerms,
  scoreMetrics,
  shotGroups,
  uniformPrior,
  type ClassGroups,
  type LogitSource,
  type Matrix,
  type MethodContext,
  type MethodId,
  type PriorEstimate,
  type PriorRole,
} from '@gla/core';
import { stage, type StageNode } from '../../engine/stage-node.js';
import { jsonStore } from '../../engine/stage-store.js';
import { cacheEntryChecks } from '../stages/cache-entry-checks.js';
import type { TemperatureValue } from '../stages/temperature-stage.js';
import { PipelineError } from '../../engine/pipeline-error.js';
import { subsetOfSplit } from './restrict-to-subset.js';

/** The group accuracies' keys, in order: head / medium / tail (many / medium / few on the long-tail benchmarks). */
export const GROUP_KEYS = ['head', 'medium', 'tail'] as const;

/**
 * Accuracy of each group of classes. A group with no test sample has no accuracy: its key is left out (listed in
 * the result's `undefinedMetrics`, printed n/a), never NaN or null.
 */
export type GroupAccuracies = Partial<Record<(typeof GROUP_KEYS)[number], number>>;

/** Scores of one method on one split; accuracies are fractions. */
export interface MethodResult {
  top1: number;
  /** head / medium / tail (or many / medium / few); null when the split is not grouped. */
  groups: GroupAccuracies | null;
  ece: number;
  /** Per-class accuracy (for plots), kept for in-domain splits only. */
  perClass?: number[];
}

/** What an evaluation stage stores. */
export interface EvaluationResult {
  split: string;
  samples: number;
  classes: number;
  temperatures: { zeroShot: number; fineTuned: number };
  /** Classes in each group. */
  groupSizes: [number, number, number] | null;
  /** q used (for per-class plots), in-domain splits only. */
  prior?: number[];
  /** Keyed by the method registry's ids; null when the run has no model for the method (WiSE-FT). */
  methods: Partial<Record<MethodId, MethodResult | null>>;
  /** Metrics left out because nothing defines them on this split (a group with no test sample), with why. */
  undefinedMetrics?: Record<string, string>;
}

/** The stages an evaluation reads; optional ones may be absent. */
export interface EvaluationInputs {
  labels: StageNode<Int32Array>;
  zeroShot: StageNode<Matrix>;
  fineTuned: StageNode<Matrix>;
  wiseFt?: StageNode<Matrix>;
  /** q by the exact estimator. */
  prior: StageNode<PriorEstimate>;
  /** q by the authors' estimator (the "GLA (authors' estimator)" row). */
  authorsPrior?: StageNode<PriorEstimate>;
  /** The true pre-training prior, where a simulation knows it ("GLA (true pre-training prior)"). */
  truePrior?: StageNode<Float64Array>;
  zeroShotTemperature?: StageNode<TemperatureValue>;
  fineTunedTemperature?: StageNode<TemperatureValue>;
  /** Training labels: pi_s and many / medium / few (long-tail). */
  trainLabels?: StageNode<Int32Array>;
  /** Class subset of the split (ImageNet-R / -A); null value: derive from the labels. */
  classIndices?: StageNode<Int32Array | null>;
}

/** How an evaluation scores. */
export interface EvaluationSettings {
  /** Registry ids of the rows, in table order; rows whose inputs are absent are null or left out. */
  methods: readonly MethodId[];
  alpha: number;
  /** Whose q ranks the classes for `prior-thirds`: the exact estimator's (default) or the authors'. */
  groupsBy?: 'exact' | 'authors';
  /** `prior-thirds` (ImageNet: thirds by q, pooled), `train-counts` (long-tail: many/medium/few, mean per class), or `none`. */
  groups: 'prior-thirds' | 'train-counts' | 'none';
  /** pi_s: uniform, or the training label frequencies. */
  downstreamPrior: 'uniform' | 'train-labels';
  /** Restrict logits to a class subset before the argmax. */
  restricted: boolean;
  /** Keep per-class accuracies and q (in-domain splits, for plots). */
  perClass: boolean;
}

const NAMES = [
  'labels',
  'zeroShot',
  'fineTuned',
  'wiseFt',
  'prior',
  'authorsPrior',
  'truePrior',
  'zeroShotTemperature',
  'fineTunedTemperature',
  'trainLabels',
  'classIndices',
] as const;

/** Scores every method on one test split. */
export function evaluationStage(
  id: string,
  split: string,
  inputs: EvaluationInputs,
  settings: EvaluationSettings,
): StageNode<EvaluationResult> {
  const present = NAMES.filter((n) => inputs[n] !== undefined);
  return stage({
    id,
    kind: 'evaluation',
    label: `score ${settings.methods.length} methods on ${split}`,
    deps: present.map((n) => inputs[n] as StageNode),
    files: [],
    params: { ...settings, split, inputs: present },
    store: jsonStore<EvaluationResult>(cacheEntryChecks.evaluation),
    compute: async (values) => {
      const v = Object.fromEntries(present.map((n, i) => [n, values[i]])) as Record<string, unknown>;
      return evaluate(split, inputs, v, settings);
    },
  });
}

function evaluate(
  split: string,
  nodes: EvaluationInputs,
  v: Record<string, unknown>,
  settings: EvaluationSettings,
): EvaluationResult {
  const labels = v.labels as Int32Array;
  const zs = v.zeroShot as Matrix;
  const ft = v.fineTuned as Matrix;
  const wise = (v.wiseFt as Matrix | undefined) ?? null;
  const estimate = v.prior as PriorEstimate;
  const k = zs.cols;
  const check = (m: Matrix, node: StageNode) => {
    if (m.rows !== labels.length)
      throw new PipelineError(`${node.label}: ${m.rows} rows, but ${nodes.labels.label} has ${labels.length} labels`);
    if (m.cols !== k) throw new PipelineError(`${node.label}: ${m.cols} classes, but ${nodes.zeroShot.label} has ${k}`);
  };
  check(zs, nodes.zeroShot); // gla evaluate refuses 39 or 41 zero-shot rows for 40 labels; so must gla run
  check(ft, nodes.fineTuned);
  if (wise) check(wise, nodes.wiseFt!);
  if (estimate.prior.length !== k)
    throw new PipelineError(`${nodes.prior.id}: q has ${estimate.prior.length} classes, the logits ${k}`);
  if (!settings.restricted) {
    const bad = labels.findIndex((y) => y < 0 || y >= k);
    if (bad >= 0)
      throw new PipelineError(`${nodes.labels.label}: label ${labels[bad]} at index ${bad} is outside [0, ${k})`);
  }
  const train = v.trainLabels as Int32Array | undefined;
  const counts = train ? classCounts(train, k) : undefined;
  let downstreamPrior: ArrayLike<number> = uniformPrior(k);
  if (settings.downstreamPrior === 'train-labels') {
    if (!counts) throw new PipelineError(`${split}: the downstream prior needs training labels`);
    const empty = counts.indexOf(0);
    if (empty >= 0)
      throw new PipelineError(
        `${nodes.trainLabels!.label}: class ${empty} has no training sample, so log pi_s is undefined`,
      );
    downstreamPrior = Float64Array.from(counts, (c) => c / train!.length);
  }
  const authors = v.authorsPrior as PriorEstimate | undefined;
  const ranking = settings.groupsBy === 'authors' && authors ? authors : estimate;
  const groups: ClassGroups | null =
    settings.groups === 'prior-thirds'
      ? priorThirds(ranking.prior)
      : settings.groups === 'train-counts' && counts
        ? shotGroups(counts)
        : null;
  const tZs = (v.zeroShotTemperature as TemperatureValue | undefined)?.temperature ?? 1;
  const tFt = (v.fineTunedTemperature as TemperatureValue | undefined)?.temperature ?? 1;
  const priors: Partial<Record<PriorRole, ArrayLike<number>>> = { exact: estimate.prior };
  if (authors) priors.authors = authors.prior;
  if (v.truePrior) priors.true = v.truePrior as Float64Array;
  for (const [role, p] of Object.entries(priors))
    if (p.length !== k) throw new PipelineError(`${split}: the ${role} q has ${p.length} classes, the logits ${k}`);
  const ctx = methodContext({
    classes: k,
    alpha: settings.alpha,
    zeroShotTemperature: tZs,
    fineTunedTemperature: tFt,
    downstreamPrior,
    priors,
  });
  let sources: Partial<Record<LogitSource, Matrix>> = { 'zero-shot': zs, 'fine-tuned': ft };
  if (wise) sources['wise-ft'] = wise;
  let scoredLabels = labels;
  let scoredCtx = ctx;
  if (settings.restricted) {
    // Restricting each source (and each shift) to the subset's columns equals restricting the combined logits.
    const subset = subsetOfSplit(labels, (v.classIndices as Int32Array | null | undefined) ?? null);
    sources = Object.fromEntries(Object.entries(sources).map(([s, m]) => [s, subset.restrict(m)]));
    scoredLabels = subset.labels;
    scoredCtx = restrictContext(ctx, subset.columns);
  }
  const ids = availableMethods(settings.methods, {
    sources: Object.keys(sources) as LogitSource[],
    priors: Object.keys(priors) as PriorRole[],
  });
  const scores = scoreMethodTerms(
    sources,
    ids.map((id) => methodDefinition(id).terms(scoredCtx)),
  );
  const methods: EvaluationResult['methods'] = {};
  const undefinedMetrics: Record<string, string> = {};
  for (const id of settings.methods) {
    const at = ids.indexOf(id);
    if (at < 0) {
      // A row the run has no model for stays in the table as n/a (WiSE-FT without one); rows of absent priors go.
      if (methodDefinition(id).sources.includes('wise-ft')) methods[id] = null;
      continue;
    }
    const classes = settings.restricted ? (sources['zero-shot'] as Matrix).cols : k;
    const rule = settings.groups === 'train-counts' ? 'mean-per-class' : 'pooled';
    const s = scoreMetrics(
      scores[at],
      scoredLabels,
      settings.restricted ? new Int8Array(classes) : (groups ?? new Int8Array(k)),
      classes,
      rule,
    );
    if (settings.restricted) {
      methods[id] = { top1: s.top1, groups: null, ece: s.ece };
      continue;
    }
    const groupAccuracies: GroupAccuracies = {};
    if (groups) {
      GROUP_KEYS.forEach((key, g) => {
        const value = [s.head, s.medium, s.tail][g];
        // A group with no test sample has no accuracy: the key is left out (printed n/a), never NaN or null.
        if (Number.isNaN(value)) undefinedMetrics[key] = 'no test sample in this group of classes; left out';
        else groupAccuracies[key] = value;
      });
    }
    methods[id] = {
      top1: settings.groups === 'train-counts' ? s.meanPerClass : s.top1,
      groups: groups ? groupAccuracies : null,
      ece: s.ece,
      ...(settings.perClass ? { perClass: Array.from(s.perClass) } : {}),
    };
  }
  const sizes: [number, number, number] | null = groups ? [0, 0, 0] : null;
  if (groups && sizes) for (const g of groups) sizes[g]++;
  return {
    split,
    samples: labels.length,
    classes: k,
    temperatures: { zeroShot: tZs, fineTuned: tFt },
    groupSizes: sizes,
    ...(settings.perClass ? { prior: Array.from(ranking.prior) } : {}),
    methods,
    ...(Object.keys(undefinedMetrics).length > 0 ? { undefinedMetrics } : {}),
  };
}

/** The context with every shift restricted to `columns`. */
function restrictContext(ctx: MethodContext, columns: ArrayLike<number>): MethodContext {
  const pick = (a: Float64Array) => Float64Array.from(columns, (c) => a[c]);
  return {
    ...ctx,
    downstreamShift: pick(ctx.downstreamShift),
    priorShifts: Object.fromEntries(Object.entries(ctx.priorShifts).map(([r, a]) => [r, pick(a as Float64Array)])),
  };
}
