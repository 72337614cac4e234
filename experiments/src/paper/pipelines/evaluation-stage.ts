import {
  classCounts,
  priorThirds,
  shotGroups,
  uniformPrior,
  type ClassGroups,
  type Matrix,
  type PriorEstimate,
} from '@gla/core';
import { methodScores } from '../../demo/method-scores.js';
import { stage, type StageNode } from '../stages/stage-node.js';
import { jsonStore } from '../stages/stage-store.js';
import { cacheEntryChecks } from '../stages/cache-entry-checks.js';
import type { TemperatureValue } from '../stages/temperature-stage.js';
import { PipelineError } from '../stages/pipeline-error.js';
import { methodLogits, type PaperMethod } from './paper-methods.js';
import { restrictToSubset } from './restrict-to-subset.js';

/** Scores of one method on one split; accuracies are fractions. */
export interface MethodResult {
  top1: number;
  /**
   * head / medium / tail (or many / medium / few); null when the split is not grouped. A group with no test
   * sample has no accuracy: null (printed n/a), never NaN (which tables would print as "NaN").
   */
  groups: [number | null, number | null, number | null] | null;
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
  methods: Partial<Record<PaperMethod, MethodResult | null>>;
}

/** The stages an evaluation reads; optional ones may be absent. */
export interface EvaluationInputs {
  labels: StageNode<Int32Array>;
  zeroShot: StageNode<Matrix>;
  fineTuned: StageNode<Matrix>;
  wiseFt?: StageNode<Matrix>;
  prior: StageNode<PriorEstimate>;
  zeroShotTemperature?: StageNode<TemperatureValue>;
  fineTunedTemperature?: StageNode<TemperatureValue>;
  /** Training labels: pi_s and many / medium / few (long-tail). */
  trainLabels?: StageNode<Int32Array>;
  /** Class subset of the split (ImageNet-R / -A); null value: derive from the labels. */
  classIndices?: StageNode<Int32Array | null>;
}

/** How an evaluation scores. */
export interface EvaluationSettings {
  methods: readonly PaperMethod[];
  alpha: number;
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
  const groups: ClassGroups | null =
    settings.groups === 'prior-thirds'
      ? priorThirds(estimate.prior)
      : settings.groups === 'train-counts' && counts
        ? shotGroups(counts)
        : null;
  const tZs = (v.zeroShotTemperature as TemperatureValue | undefined)?.temperature ?? 1;
  const tFt = (v.fineTunedTemperature as TemperatureValue | undefined)?.temperature ?? 1;
  const inputs = {
    zeroShot: zs,
    fineTuned: ft,
    wiseFt: wise,
    prior: estimate.prior,
    downstreamPrior,
    zeroShotTemperature: tZs,
    fineTunedTemperature: tFt,
    alpha: settings.alpha,
  };
  const methods: EvaluationResult['methods'] = {};
  for (const method of settings.methods) {
    const full = methodLogits(method, inputs);
    if (!full) {
      methods[method] = null;
      continue;
    }
    if (settings.restricted) {
      const sub = restrictToSubset(full, labels, (v.classIndices as Int32Array | null | undefined) ?? null);
      const s = methodScores(sub.logits, sub.labels, new Int8Array(sub.logits.cols));
      methods[method] = { top1: s.top1, groups: null, ece: s.ece };
      continue;
    }
    const s = methodScores(
      full,
      labels,
      groups ?? new Int8Array(k),
      settings.groups === 'train-counts' ? 'mean-per-class' : 'pooled',
    );
    methods[method] = {
      top1: settings.groups === 'train-counts' ? mean(s.perClass) : s.top1,
      groups: groups ? (s.groups.map((g) => (Number.isNaN(g) ? null : g)) as MethodResult['groups']) : null,
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
    ...(settings.perClass ? { prior: Array.from(estimate.prior) } : {}),
    methods,
  };
}

/** Mean over classes that have test samples (the long-tail benchmarks' overall accuracy). */
function mean(perClass: Float64Array): number {
  let sum = 0;
  let n = 0;
  for (const a of perClass) {
    if (!Number.isNaN(a)) {
      sum += a;
      n++;
    }
  }
  return sum / n;
}
