import type { PriorEstimate } from '@gla/core';
import type { LongTailConfig } from '../config/paper-config.js';
import type { StageNode } from '../stages/stage-node.js';
import type { StageRegistry } from '../stages/stage-registry.js';
import { priorStage } from '../stages/prior-stage.js';
import { temperatureStage } from '../stages/temperature-stage.js';
import { evaluationStage, type EvaluationResult } from './evaluation-stage.js';
import type { LogitsSources } from './logits-sources.js';
import { PAPER_METHODS } from './paper-methods.js';
import type { PaperPipeline } from './paper-pipeline.js';
import { priorSummary, type PriorSummary } from './prior-summary.js';

/** The metrics of a long-tail run, per benchmark. */
export interface LongTailMetrics {
  kind: 'long-tail';
  alpha: number;
  benchmarks: Record<string, { prior: PriorSummary; result: EvaluationResult }>;
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
    const tZs =
      config.temperature.zeroShot !== 'none'
        ? registry.once(`${benchmark}/temperature/zero-shot`, (id) =>
            temperatureStage(id, zsVal, yVal, 0.001, config.temperature.zeroShot),
          )
        : undefined;
    const tFt =
      config.temperature.fineTuned !== 'none'
        ? registry.once(`${benchmark}/temperature/fine-tuned`, (id) =>
            temperatureStage(id, sources.fineTuned('val', unit), yVal, 0.01, config.temperature.fineTuned),
          )
        : undefined;
    const prior = registry.once(`${benchmark}/prior`, (id) => priorStage(id, zsVal, yVal, config.prior, tZs));
    const evaluation = registry.once(`${benchmark}/test/evaluation`, (id) =>
      evaluationStage(
        id,
        `${benchmark} test`,
        {
          labels: sources.labels('test', unit),
          zeroShot: sources.zeroShot('test', unit),
          fineTuned: sources.fineTuned('test', unit),
          wiseFt: sources.wiseFt('test', unit, alpha),
          prior,
          zeroShotTemperature: tZs,
          fineTunedTemperature: tFt,
          trainLabels: sources.labels('train', unit),
        },
        {
          methods: PAPER_METHODS,
          alpha,
          groups: 'train-counts',
          downstreamPrior: 'train-labels',
          restricted: false,
          perClass: true,
        },
      ),
    );
    return { benchmark, prior, evaluation };
  });
  const targets: StageNode[] = units.flatMap((u) => [u.prior, u.evaluation]);
  return {
    targets,
    collect: async (runner) => {
      const values = await runner.run(targets);
      const benchmarks = Object.fromEntries(
        units.map((u, i) => [
          u.benchmark,
          { prior: priorSummary(values[2 * i] as PriorEstimate), result: values[2 * i + 1] as EvaluationResult },
        ]),
      );
      return { kind: 'long-tail', alpha, benchmarks };
    },
  };
}
