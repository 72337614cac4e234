import { METHOD_IDS, type PriorEstimate } from '@gla/core';
import type { LongTailConfig } from '../config/paper-config.js';
import type { StageNode } from '../../engine/stage-node.js';
import type { StageRegistry } from '../../engine/stage-registry.js';
import { evaluationStage, type EvaluationResult } from './evaluation-stage.js';
import type { LogitsSources } from '../sources/logits-sources.js';
import { glaEstimation } from './gla-estimation.js';
import type { PaperPipeline } from './paper-pipeline.js';
import { priorSummary, type PriorSummary } from './prior-summary.js';
import type { PriorUncertaintyValue } from '../stages/prior-uncertainty-stage.js';

/** The metrics of a long-tail run, per benchmark. */
export interface LongTailMetrics {
  kind: 'long-tail';
  alpha: number;
  /** Per benchmark: q by the exact and by the authors' estimator, and the scores. */
  benchmarks: Record<string, { prior: PriorSummary; authorsPrior: PriorSummary; result: EvaluationResult }>;
}

/**
 * The long-tail experiment on ImageNet-LT / Places365-LT: pi_s = training label frequencies; q on the balanced val
 * split; every method (with the fine-tuned model with and without post-hoc logit adjustment) on the test split,
 * mean per-class accuracy overall and within many (> 100 training images) / medium / few (< 20).
 */
export function longTailPipeline(
  config: LongTailConfig,
  sources: LogitsSources,
  registry: StageRegistry,
): PaperPipeline<LongTailMetrics> {
  const alpha = config.ensemble.alpha;
  const units = config.benchmarks.map((benchmark) => {
    const unit = { dataset: benchmark };
    const zsVal = sources.zeroShot('val', unit);
    const yVal = sources.labels('val', unit);
    const est = glaEstimation(
      registry,
      benchmark,
      { zeroShot: zsVal, labels: yVal, fineTuned: () => ({ logits: sources.fineTuned('val', unit), labels: yVal }) },
      config.temperature,
      config.prior,
    );
    const evaluation = registry.once(`${benchmark}/test/evaluation`, (id) =>
      evaluationStage(
        id,
        `${benchmark} test`,
        {
          labels: sources.labels('test', unit),
          zeroShot: sources.zeroShot('test', unit),
          fineTuned: sources.fineTuned('test', unit),
          wiseFt: sources.wiseFt('test', unit, alpha),
          prior: est.exact,
          authorsPrior: est.authors,
          truePrior: sources.truePrior?.(),
          zeroShotTemperature: est.zeroShotTemperature,
          fineTunedTemperature: est.fineTunedTemperature,
          trainLabels: sources.labels('train', unit),
        },
        {
          methods: METHOD_IDS,
          alpha,
          groups: 'train-counts',
          downstreamPrior: 'train-labels',
          restricted: false,
          perClass: true,
        },
      ),
    );
    return { benchmark, prior: est.exact, authors: est.authors, evaluation, uncertainty: est.uncertainty };
  });
  const targets: StageNode[] = units.flatMap((u) => [u.prior, u.authors, u.evaluation, u.uncertainty]);
  return {
    targets,
    collect: async (runner) => {
      const values = await runner.run(targets);
      const benchmarks = Object.fromEntries(
        units.map((u, i) => [
          u.benchmark,
          {
            prior: priorSummary(values[4 * i] as PriorEstimate, values[4 * i + 3] as PriorUncertaintyValue),
            authorsPrior: priorSummary(values[4 * i + 1] as PriorEstimate),
            result: values[4 * i + 2] as EvaluationResult,
          },
        ]),
      );
      return { kind: 'long-tail', alpha, benchmarks };
    },
  };
}
