import { meanStd, type PriorEstimate } from '@gla/core';
import type { FewShotConfig } from '../config/paper-config.js';
import { concatLabelsStage, concatLogitsStage } from '../stages/input-stages.js';
import type { StageNode } from '../stages/stage-node.js';
import type { StageRegistry } from '../stages/stage-registry.js';
import { priorStage } from '../stages/prior-stage.js';
import { temperatureStage } from '../stages/temperature-stage.js';
import { evaluationStage, type EvaluationResult } from './evaluation-stage.js';
import type { LogitsSources } from './logits-sources.js';
import { PAPER_METHODS, type PaperMethod } from './paper-methods.js';
import type { PaperPipeline } from './paper-pipeline.js';
import { priorSummary, type PriorSummary } from './prior-summary.js';

/** One (dataset, shots, seed) run. */
export interface FewShotRunMetrics {
  dataset: string;
  shots: number;
  seed: number;
  temperatures: { zeroShot: number; fineTuned: number };
  prior: PriorSummary;
  /** Test top-1 per method; null when the method has no model (WiSE-FT without one). */
  top1: Partial<Record<PaperMethod, number | null>>;
}

/** The metrics of a few-shot run. */
export interface FewShotMetrics {
  kind: 'few-shot';
  alpha: number;
  datasets: string[];
  shots: number[];
  seeds: number[];
  methods: PaperMethod[];
  runs: FewShotRunMetrics[];
  /** mean +- std (np.std, ddof 0) over seeds per dataset, method and shots; plus the average over datasets. */
  summary: { dataset: string; method: PaperMethod; shots: number; mean: number; std: number; n: number }[];
}

const METHODS: PaperMethod[] = PAPER_METHODS.filter((m) => m !== 'fine-tuned-la');

/** Lower-case dataset name, as file patterns and ids use it. */
export const datasetSlug = (name: string) => name.toLowerCase();

/** The label of the dataset average row. */
export const AVERAGE_DATASET = 'Average';

/**
 * The paper's few-shot experiment: for every dataset, k and seed, q on the k-shot train + k-shot val sets after
 * confidence matching (0.1 pp), the fine-tuned temperature matched on k-shot val (1 pp), every method on the
 * test split; mean +- std over seeds.
 */
export function fewShotPipeline(
  config: FewShotConfig,
  sources: LogitsSources,
  registry: StageRegistry,
): PaperPipeline<FewShotMetrics> {
  const alpha = config.ensemble.alpha;
  const units: {
    dataset: string;
    shots: number;
    seed: number;
    prior: StageNode<PriorEstimate>;
    evaluation: StageNode<EvaluationResult>;
  }[] = [];
  for (const name of config.datasets) {
    for (const shots of config.shots) {
      for (const seed of config.seeds) {
        const unit = { dataset: datasetSlug(name), shots, seed };
        const base = `few-shot/${unit.dataset}/k${shots}-s${seed}`;
        const estZs = registry.once(`${base}/estimation/zero-shot`, (id) =>
          concatLogitsStage(id, sources.zeroShot('train', unit), sources.zeroShot('val', unit)),
        );
        const estY = registry.once(`${base}/estimation/labels`, (id) =>
          concatLabelsStage(id, sources.labels('train', unit), sources.labels('val', unit)),
        );
        const tZs =
          config.temperature.zeroShot !== 'none'
            ? registry.once(`${base}/temperature/zero-shot`, (id) =>
                temperatureStage(id, estZs, estY, 0.001, config.temperature.zeroShot),
              )
            : undefined;
        const tFt =
          config.temperature.fineTuned !== 'none'
            ? registry.once(`${base}/temperature/fine-tuned`, (id) =>
                temperatureStage(
                  id,
                  sources.fineTuned('val', unit),
                  sources.labels('val', unit),
                  0.01,
                  config.temperature.fineTuned,
                ),
              )
            : undefined;
        const prior = registry.once(`${base}/prior`, (id) => priorStage(id, estZs, estY, config.prior, tZs));
        const evaluation = registry.once(`${base}/evaluation`, (id) =>
          evaluationStage(
            id,
            `${name} test (${shots}-shot, seed ${seed})`,
            {
              labels: sources.labels('test', unit),
              zeroShot: sources.zeroShot('test', unit),
              fineTuned: sources.fineTuned('test', unit),
              wiseFt: sources.wiseFt('test', unit, alpha),
              prior,
              zeroShotTemperature: tZs,
              fineTunedTemperature: tFt,
            },
            { methods: METHODS, alpha, groups: 'none', downstreamPrior: 'uniform', restricted: false, perClass: false },
          ),
        );
        units.push({ dataset: name, shots, seed, prior, evaluation });
      }
    }
  }
  const targets: StageNode[] = units.flatMap((u) => [u.prior, u.evaluation]);
  return {
    targets,
    collect: async (runner) => {
      const values = await runner.run(targets);
      const runs: FewShotRunMetrics[] = units.map((u, i) => {
        const estimate = values[2 * i] as PriorEstimate;
        const result = values[2 * i + 1] as EvaluationResult;
        return {
          dataset: u.dataset,
          shots: u.shots,
          seed: u.seed,
          temperatures: result.temperatures,
          prior: priorSummary(estimate),
          top1: Object.fromEntries(METHODS.map((m) => [m, result.methods[m]?.top1 ?? null])),
        };
      });
      return {
        kind: 'few-shot',
        alpha,
        datasets: [...config.datasets],
        shots: [...config.shots],
        seeds: [...config.seeds],
        methods: METHODS,
        runs,
        summary: summarise(runs, config),
      };
    },
  };
}

/** mean +- std over seeds per (dataset, method, shots), and over datasets of the per-dataset means. */
function summarise(runs: FewShotRunMetrics[], config: FewShotConfig): FewShotMetrics['summary'] {
  const out: FewShotMetrics['summary'] = [];
  for (const method of METHODS) {
    for (const shots of config.shots) {
      const means: number[] = [];
      for (const dataset of config.datasets) {
        const values = runs.filter((r) => r.dataset === dataset && r.shots === shots).map((r) => r.top1[method]);
        if (values.length === 0 || values.some((v) => v === null || v === undefined)) continue;
        const s = meanStd(values as number[]);
        out.push({ dataset, method, shots, ...s });
        means.push(s.mean);
      }
      if (config.datasets.length > 1 && means.length === config.datasets.length) {
        // The average over datasets of the seed means; its std is that of the per-seed averages over datasets.
        const perSeed = config.seeds.map((seed) => {
          const xs = config.datasets.map(
            (d) => runs.find((r) => r.dataset === d && r.shots === shots && r.seed === seed)?.top1[method] as number,
          );
          return xs.reduce((a, b) => a + b, 0) / xs.length;
        });
        out.push({ dataset: AVERAGE_DATASET, method, shots, ...meanStd(perSeed) });
      }
    }
  }
  return out;
}
