// Test oracle: the demo's former orchestrator (direct calls to core and datasets, no stage engine), kept to check
// that gla run on configs/demo/*.yaml computes the same numbers by an independent path.
import {
  estimatePrior,
  evaluateRun,
  interpolateHeads,
  linearLogits,
  shotGroups,
  type MethodId,
  type MethodMetrics,
  type PriorEstimate,
} from '@gla/core';
import { fineTuneHead, type SimulatedWorld } from '@gla/datasets';

/** Results of the long-tail experiment. */
export interface LongTailResult {
  /** Weight of the fine-tuned model in WiSE-FT and the output ensemble. */
  alpha: number;
  rows: { method: MethodId; scores: MethodMetrics }[];
  /** Classes in each of many / medium / few. */
  groupSizes: [number, number, number];
  counts: number[];
  exact: PriorEstimate;
  /** q by the authors' estimator on the same val split. */
  paper: PriorEstimate;
}

/**
 * The long-tail table on a simulated world: fine-tune from the zero-shot head on the long-tailed train split
 * (plain cross-entropy), then compare the fine-tuned model with and without post-hoc logit adjustment by its
 * training prior pi_s (at convergence a linear head trained with the LA loss equals the post-hoc one), WiSE-FT,
 * the output ensemble and GLA, whose q is estimated on the balanced val split. Columns: mean per-class accuracy
 * overall and within many (> 100 training images), medium and few (< 20).
 */
export function runLongTail(
  world: SimulatedWorld,
  options: { alpha?: number; paperIterations?: number } = {},
): LongTailResult {
  const { alpha = 0.5, paperIterations = 1000 } = options;
  const lt = world.longTail;
  const k = world.classes;
  const total = lt.counts.reduce((s, c) => s + c, 0);
  const piS = Float64Array.from(lt.counts, (c) => c / total);
  const ft = fineTuneHead(world.zeroShotHead, lt.train);
  const valZs = linearLogits(lt.val.features, world.zeroShotHead);
  const exact = estimatePrior(valZs, lt.val.labels, { solver: 'exact' });
  const paper = estimatePrior(valZs, lt.val.labels, { solver: 'paper', iterations: paperIterations });
  const groups = shotGroups(lt.counts);
  const methods: MethodId[] = [
    'zero-shot',
    'fine-tuned',
    'fine-tuned-la',
    'wise-ft',
    'output-ensemble',
    'gla-authors',
    'gla',
    'gla-true-prior',
  ];
  // Scored by the registry through core's evaluateRun, as `gla evaluate` and `gla run` score it.
  const scored = evaluateRun({
    labels: lt.test.labels,
    zeroShot: linearLogits(lt.test.features, world.zeroShotHead),
    fineTuned: linearLogits(lt.test.features, ft.head),
    wiseFt: linearLogits(lt.test.features, interpolateHeads(world.zeroShotHead, ft.head, alpha)),
    pretrainingPrior: exact.prior,
    otherPriors: { authors: paper.prior, true: world.pretrainingPrior },
    downstreamPrior: piS,
    alpha,
    groups,
    groupRule: 'mean-per-class',
    methods,
  }).methods;
  const sizes: [number, number, number] = [0, 0, 0];
  for (let j = 0; j < k; j++) sizes[groups[j]]++;
  return {
    alpha,
    // Overall = mean per-class accuracy, the long-tail benchmarks' rule (as `gla run` reports it).
    rows: methods.map((method) => {
      const m = scored[method] as MethodMetrics;
      return { method, scores: { ...m, top1: m.meanPerClass } };
    }),
    groupSizes: sizes,
    counts: Array.from(lt.counts),
    exact,
    paper,
  };
}
