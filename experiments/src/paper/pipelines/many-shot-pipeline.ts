import type { PriorEstimate } from '@gla/core';
import type { ManyShotConfig } from '../config/paper-config.js';
import type { StageNode } from '../stages/stage-node.js';
import type { StageRegistry } from '../stages/stage-registry.js';
import { priorStage } from '../stages/prior-stage.js';
import { temperatureStage } from '../stages/temperature-stage.js';
import { accuracyStage, type AccuracyValue } from './accuracy-stage.js';
import { evaluationStage, type EvaluationResult } from './evaluation-stage.js';
import type { LogitsSources } from './logits-sources.js';
import type { PaperMethod } from './paper-methods.js';
import type { PaperPipeline } from './paper-pipeline.js';
import { priorSummary, type PriorSummary } from './prior-summary.js';

/** The metrics of a many-shot run (accuracies as fractions). */
export interface ManyShotMetrics {
  kind: 'many-shot';
  alpha: number;
  shifts: string[];
  estimationSet: ManyShotConfig['prior']['estimationSet'];
  prior: PriorSummary;
  /** ImageNet val: every method, head / medium / tail by q, per-class accuracy. */
  inDomain: EvaluationResult;
  /** Each shift set: every method's top-1 (-R and -A on their 200 classes). */
  shifted: Record<string, EvaluationResult>;
  /** WiSE-FT sweep: alpha, ImageNet val top-1, each shift's top-1 and their mean. */
  sweep: { alpha: number; inDomain: number; shifted: Record<string, number>; shiftedMean: number | null }[];
}

const METHODS: PaperMethod[] = ['zero-shot', 'fine-tuned', 'wise-ft', 'output-ensemble', 'debiased-zero-shot', 'gla'];

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
  const tZs =
    config.temperature.zeroShot !== 'none'
      ? registry.once('imagenet/temperature/zero-shot', (id) =>
          temperatureStage(id, zsEst, yEst, 0.001, config.temperature.zeroShot),
        )
      : undefined;
  const tFt =
    config.temperature.fineTuned !== 'none'
      ? registry.once('imagenet/temperature/fine-tuned', (id) =>
          temperatureStage(id, sources.fineTuned(estimation, unit), yEst, 0.01, config.temperature.fineTuned),
        )
      : undefined;
  const prior = registry.once('imagenet/prior', (id) => priorStage(id, zsEst, yEst, config.prior, tZs));
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
          prior,
          zeroShotTemperature: tZs,
          fineTunedTemperature: tFt,
          classIndices: sources.classIndices(split, unit),
        },
        {
          methods: METHODS,
          alpha,
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
  const targets: StageNode[] = [prior, ...evaluations, ...sweep.map((s) => s.node)];
  return {
    targets,
    collect: async (runner) => {
      const values = await runner.run(targets);
      const estimate = values[0] as PriorEstimate;
      const results = values.slice(1, 1 + evaluations.length) as EvaluationResult[];
      const accuracies = values.slice(1 + evaluations.length) as AccuracyValue[];
      const shifted = Object.fromEntries(config.shifts.map((s, i) => [s, results[i + 1]]));
      const alphas = [...new Set(sweep.map((s) => s.alpha))];
      return {
        kind: 'many-shot',
        alpha,
        shifts: [...config.shifts],
        estimationSet: config.prior.estimationSet,
        prior: priorSummary(estimate),
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
      };
    },
  };
}
