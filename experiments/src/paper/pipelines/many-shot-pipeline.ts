import type { Matrix, MethodId, PriorEstimate } from '@gla/core';
import type { ManyShotConfig } from '../config/paper-config.js';
import type { StageNode } from '../../engine/stage-node.js';
import type { StageRegistry } from '../../engine/stage-registry.js';
import { accuracyStage, type AccuracyValue } from './accuracy-stage.js';
import { evaluationStage, type EvaluationResult } from './evaluation-stage.js';
import type { LogitsSources } from '../sources/logits-sources.js';
import { glaEstimation } from './gla-estimation.js';
import type { PaperPipeline } from './paper-pipeline.js';
import { priorSummary, type PriorSummary } from './prior-summary.js';
import { priorUncertaintyStage, type PriorUncertaintyValue } from '../stages/prior-uncertainty-stage.js';
import { priorRecovery, type PriorRecoveryMetrics } from './prior-recovery.js';

/** The metrics of a many-shot run (accuracies as fractions). */
export interface ManyShotMetrics {
  kind: 'many-shot';
  alpha: number;
  shifts: string[];
  estimationSet: ManyShotConfig['prior']['estimationSet'];
  /** q by the exact estimator. */
  prior: PriorSummary;
  /** q by the authors' estimator. */
  authorsPrior: PriorSummary;
  /** Whose q ranked the classes into head / medium / tail. */
  groupsBy: 'exact' | 'authors';
  /** ImageNet val: every method, head / medium / tail by q, per-class accuracy. */
  inDomain: EvaluationResult;
  /** Each shift set: every method's top-1 (-R and -A on their 200 classes). */
  shifted: Record<string, EvaluationResult>;
  /** WiSE-FT sweep: alpha, ImageNet val top-1, each shift's top-1 and their mean. */
  sweep: { alpha: number; inDomain: number; shifted: Record<string, number>; shiftedMean: number | null }[];
  /** Both q against the true pre-training prior: only where the data source knows it (the simulated world). */
  priorRecovery?: PriorRecoveryMetrics;
}

const METHODS: MethodId[] = [
  'zero-shot',
  'fine-tuned',
  'wise-ft',
  'output-ensemble',
  'debiased-zero-shot',
  'gla-authors',
  'gla',
  'gla-true-prior',
];

/**
 * The paper's ImageNet experiment: q on the held-out balanced train subset (or, as the authors, on val), no
 * temperature by default, pi_s uniform; every method on val (head / medium / tail = thirds by q, pooled) and the
 * shift sets; the WiSE-FT alpha sweep.
 */
export function manyShotPipeline(
  config: ManyShotConfig,
  sources: LogitsSources,
  registry: StageRegistry,
): PaperPipeline<ManyShotMetrics> {
  const unit = {};
  const estimation = config.prior.estimationSet === 'heldout-train-balanced' ? 'heldout' : 'val';
  const zsEst = sources.zeroShot(estimation, unit);
  const yEst = sources.labels(estimation, unit);
  const est = glaEstimation(
    registry,
    'imagenet',
    { zeroShot: zsEst, labels: yEst, fineTuned: () => ({ logits: sources.fineTuned(estimation, unit), labels: yEst }) },
    config.temperature,
    config.prior,
  );
  const groupsBy = config.prior.solver === 'paper' ? 'authors' : 'exact';
  const alpha = config.ensemble.alpha;
  const evaluate = (split: string) =>
    registry.once(`imagenet/${split}/evaluation`, (id) =>
      evaluationStage(
        id,
        split,
        {
          labels: sources.labels(split, unit),
          zeroShot: sources.zeroShot(split, unit),
          fineTuned: sources.fineTuned(split, unit),
          wiseFt: sources.wiseFt(split, unit, alpha),
          prior: est.exact,
          authorsPrior: est.authors,
          truePrior: sources.truePrior?.(),
          zeroShotTemperature: est.zeroShotTemperature,
          fineTunedTemperature: est.fineTunedTemperature,
          classIndices: sources.classIndices(split, unit),
        },
        {
          methods: METHODS,
          alpha,
          groupsBy,
          groups: split === 'val' ? 'prior-thirds' : 'none',
          downstreamPrior: 'uniform',
          restricted: sources.classIndices(split, unit) !== undefined,
          perClass: split === 'val',
        },
      ),
    );
  const splits = ['val', ...config.shifts];
  const evaluations = splits.map(evaluate);
  const sweep: { alpha: number; split: string; node: StageNode<AccuracyValue> }[] = [];
  for (const a of config.ensemble.sweep) {
    for (const split of splits) {
      const wise = sources.wiseFt(split, unit, a);
      if (!wise) continue;
      const node = registry.once(`imagenet/${split}/wise-ft-${a}/accuracy`, (id) =>
        accuracyStage(id, wise, sources.labels(split, unit), sources.classIndices(split, unit)),
      );
      sweep.push({ alpha: a, split, node });
    }
  }
  // Where the source knows the true prior: how sure the authors' q is too, and the zero-shot logits of the scored
  // split (its predictions show the learned label bias).
  const truth = sources.truePrior?.();
  const recovery = truth
    ? [
        truth,
        registry.once('imagenet/prior-uncertainty-authors', (id) =>
          priorUncertaintyStage(id, zsEst, yEst, est.authors),
        ),
        sources.zeroShot('val', unit),
      ]
    : [];
  const targets: StageNode[] = [
    est.exact,
    est.authors,
    ...evaluations,
    ...sweep.map((s) => s.node),
    est.uncertainty,
    ...recovery,
  ];
  return {
    targets,
    collect: async (runner) => {
      const values = await runner.run(targets);
      const [estimate, authors] = values as [PriorEstimate, PriorEstimate];
      const results = values.slice(2, 2 + evaluations.length) as EvaluationResult[];
      const tail = values.length - recovery.length;
      const accuracies = values.slice(2 + evaluations.length, tail - 1) as AccuracyValue[];
      const uncertainty = values[tail - 1] as PriorUncertaintyValue;
      const [trueValue, authorsUncertainty, zeroShotScored] = values.slice(tail);
      const shifted = Object.fromEntries(config.shifts.map((s, i) => [s, results[i + 1]]));
      const alphas = [...new Set(sweep.map((s) => s.alpha))];
      return {
        kind: 'many-shot',
        alpha,
        shifts: [...config.shifts],
        estimationSet: config.prior.estimationSet,
        prior: priorSummary(estimate, uncertainty),
        authorsPrior: priorSummary(authors),
        groupsBy,
        inDomain: results[0],
        shifted,
        sweep: alphas.map((a) => {
          const at = (split: string) => accuracies[sweep.findIndex((s) => s.alpha === a && s.split === split)]?.top1;
          const shiftedTop1 = Object.fromEntries(config.shifts.map((s) => [s, at(s)]));
          const values = Object.values(shiftedTop1);
          return {
            alpha: a,
            inDomain: at('val'),
            shifted: shiftedTop1,
            shiftedMean: values.length > 0 ? values.reduce((x, y) => x + y, 0) / values.length : null,
          };
        }),
        ...(truth
          ? {
              priorRecovery: priorRecovery(
                trueValue as Float64Array,
                { exact: estimate, authors },
                { exact: uncertainty, authors: authorsUncertainty as PriorUncertaintyValue },
                zeroShotScored as Matrix,
              ),
            }
          : {}),
      };
    },
  };
}
