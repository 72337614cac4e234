import {
  adjustLogits,
  estimatePrior,
  glaLogits,
  interpolateHeads,
  linearLogits,
  outputEnsemble,
  shotGroups,
  type Matrix,
  type PriorEstimate,
} from '@gla/core';
import { fineTuneHead, type SimulatedWorld } from '@gla/datasets';
import { methodScores, type MethodScores } from './method-scores.js';
import type { DemoMethod } from './method-labels.js';

/** Results of the long-tail experiment. */
export interface LongTailResult {
  rows: { method: DemoMethod; scores: MethodScores }[];
  /** Classes in each of many / medium / few. */
  groupSizes: [number, number, number];
  counts: number[];
  exact: PriorEstimate;
}

/**
 * The long-tail table on a simulated world: fine-tune from the zero-shot head on the long-tailed train split
 * (plain cross-entropy), then compare the fine-tuned model with and without post-hoc logit adjustment by its
 * training prior pi_s (at convergence a linear head trained with the LA loss equals the post-hoc one), WiSE-FT,
 * the output ensemble and GLA, whose q is estimated on the balanced val split. Columns: mean per-class accuracy
 * overall and within many (> 100 training images), medium and few (< 20).
 */
export function runLongTail(world: SimulatedWorld, options: { alpha?: number } = {}): LongTailResult {
  const { alpha = 0.5 } = options;
  const lt = world.longTail;
  const k = world.classes;
  const total = lt.counts.reduce((s, c) => s + c, 0);
  const piS = Float64Array.from(lt.counts, (c) => c / total);
  const ft = fineTuneHead(world.zeroShotHead, lt.train);
  const exact = estimatePrior(linearLogits(lt.val.features, world.zeroShotHead), lt.val.labels, { solver: 'exact' });
  const groups = shotGroups(lt.counts);
  const zs = linearLogits(lt.test.features, world.zeroShotHead);
  const f = linearLogits(lt.test.features, ft.head);
  const logits: [DemoMethod, Matrix][] = [
    ['zero-shot', zs],
    ['fine-tuned', f],
    ['fine-tuned-la', adjustLogits(f, piS)],
    ['wise-ft', linearLogits(lt.test.features, interpolateHeads(world.zeroShotHead, ft.head, alpha))],
    ['output-ensemble', outputEnsemble(zs, f, alpha)],
    ['gla', glaLogits({ zeroShot: zs, fineTuned: f, pretrainingPrior: exact.prior, downstreamPrior: piS })],
    [
      'gla-oracle',
      glaLogits({ zeroShot: zs, fineTuned: f, pretrainingPrior: world.pretrainingPrior, downstreamPrior: piS }),
    ],
  ];
  const sizes: [number, number, number] = [0, 0, 0];
  for (let j = 0; j < k; j++) sizes[groups[j]]++;
  return {
    rows: logits.map(([method, m]) => ({ method, scores: methodScores(m, lt.test.labels, groups, 'mean-per-class') })),
    groupSizes: sizes,
    counts: Array.from(lt.counts),
    exact,
  };
}
