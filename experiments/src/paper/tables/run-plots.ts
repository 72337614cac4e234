import {
  alphaCurvePlot,
  fewShotCurvePlot,
  perClassAccuracyPlot,
  priorScatterPlot,
  type PerClassAccuracyRecord,
} from '@gla/report';
import type { PriorRecoveryMetrics } from '../pipelines/prior-recovery.js';
import { AVERAGE_DATASET } from '../pipelines/few-shot-pipeline.js';
import type { EvaluationResult } from '../pipelines/evaluation-stage.js';
import { methodLabel, type MethodId } from '@gla/core';
import type { RunRecord } from '../run/run-record.js';
import { datasetTitle } from './few-shot-tables.js';
import { benchmarkTitle } from './long-tail-tables.js';
import { inDomainName } from './in-domain-name.js';

type PlotSpec = ReturnType<typeof perClassAccuracyPlot>;

/** Methods of the per-class plots: the two single models, the two ensembles GLA is compared with, GLA. */
const PER_CLASS_METHODS: readonly MethodId[] = ['zero-shot', 'fine-tuned', 'wise-ft', 'output-ensemble', 'gla'];

/**
 * Per-class accuracy vs class rank by q (head to tail), for every method of {@link PER_CLASS_METHODS} the run has;
 * the ensembles dashed.
 */
function perClassPlot(result: EvaluationResult, alpha: number, title: string): PlotSpec | undefined {
  if (!result.prior) return undefined;
  const methods = PER_CLASS_METHODS;
  const records: PerClassAccuracyRecord[] = methods.flatMap((method) => {
    const perClass = result.methods[method]?.perClass;
    return perClass
      ? perClass.map((accuracy, classIndex) => ({
          method: methodLabel(method, alpha),
          classIndex,
          accuracy,
          prior: result.prior![classIndex],
        }))
      : [];
  });
  if (records.length === 0) return undefined;
  const third = Math.floor(result.classes / 3);
  return perClassAccuracyPlot(
    records.filter((r) => !Number.isNaN(r.accuracy)),
    {
      cuts: [third, 2 * third],
      cutLabels: ['head', 'medium', 'tail'],
      dashed: [methodLabel('wise-ft', alpha), methodLabel('output-ensemble', alpha)],
      title,
    },
  );
}

/** Estimated vs true log prior, one series per estimator (both q as the run recorded them). */
function priorRecoveryPlot(recovery: PriorRecoveryMetrics, title: string): PlotSpec {
  const series = [
    ['Exact solver', recovery.priors.exact],
    ['Paper solver (1000 SGD steps)', recovery.priors.authors],
  ] as const;
  return priorScatterPlot(
    series.flatMap(([solver, q]) =>
      q.map((estimatedPrior, classIndex) => ({
        solver,
        classIndex,
        truePrior: recovery.priors.true[classIndex],
        estimatedPrior,
      })),
    ),
    { title },
  );
}

/**
 * The figures of the paper for a set of runs, keyed by file base name: per-class accuracy vs prior rank and the
 * WiSE-FT alpha curve with GLA and, where the run knows the true prior, estimated vs true q (many-shot), accuracy
 * vs shots (few-shot), per-class accuracy (long-tail).
 */
export function runPlots(records: readonly RunRecord[]): Record<string, PlotSpec> {
  const plots: Record<string, PlotSpec> = {};
  for (const record of records) {
    const m = record.metrics;
    const base = record.experiment;
    if (m.kind === 'many-shot') {
      const title = `Per-class ${inDomainName(record.dataMode)} accuracy vs q rank (${record.backbone})`;
      const perClass = perClassPlot(m.inDomain, m.alpha, title);
      if (perClass) plots[`${base}-per-class-accuracy`] = perClass;
      // A point enters the curve only with every shift's value: the plot has one panel per shift set.
      const curve = m.sweep
        .filter(
          (s) =>
            s.inDomain !== undefined &&
            s.shiftedMean !== null &&
            m.shifts.every((shift) => typeof s.shifted[shift] === 'number'),
        )
        .map((s) => ({
          alpha: s.alpha,
          inDomain: s.inDomain,
          shifted: s.shiftedMean as number,
          shiftedBy: Object.fromEntries(m.shifts.map((shift) => [shift, s.shifted[shift]])),
        }));
      const highlight = (method: MethodId) => {
        const top1 = m.inDomain.methods[method]?.top1;
        const shifted = m.shifts.map((s) => m.shifted[s]?.methods[method]?.top1);
        if (top1 === undefined || shifted.length === 0 || shifted.some((v) => v === undefined)) return [];
        return [
          {
            label: methodLabel(method, m.alpha),
            inDomain: top1,
            shifted: (shifted as number[]).reduce((a, b) => a + b, 0) / shifted.length,
            shiftedBy: Object.fromEntries(m.shifts.map((s, i) => [s, shifted[i] as number])),
          },
        ];
      };
      if (curve.length >= 2) {
        plots[`${base}-wise-ft-alpha-curve`] = alphaCurvePlot(curve, {
          highlights: [...highlight('gla'), ...highlight('output-ensemble')],
          title: `WiSE-FT interpolation vs GLA (${record.backbone})`,
        });
      }
      if (m.priorRecovery) {
        plots[`${base}-prior-recovery`] = priorRecoveryPlot(
          m.priorRecovery,
          `Estimated vs true log pre-training prior (${record.backbone})`,
        );
      }
    } else if (m.kind === 'few-shot') {
      const dataset = m.datasets.length > 1 ? AVERAGE_DATASET : m.datasets[0];
      const methods: MethodId[] = (['zero-shot', 'fine-tuned', 'wise-ft', 'gla'] as MethodId[]).filter((x) =>
        m.summary.some((s) => s.method === x && s.dataset === dataset),
      );
      const points = m.summary
        .filter((s) => s.dataset === dataset && methods.includes(s.method))
        .map((s) => ({ method: methodLabel(s.method, m.alpha), shots: s.shots, mean: s.mean, std: s.std }));
      if (points.length > 0) {
        plots[`${base}-few-shot`] = fewShotCurvePlot(points, {
          methods: methods.map((x) => methodLabel(x, m.alpha)),
          title: `Few-shot accuracy, ${datasetTitle(dataset)} (${record.backbone})`,
        });
      }
    } else {
      for (const [benchmark, { result }] of Object.entries(m.benchmarks)) {
        const perClass = perClassPlot(
          result,
          m.alpha,
          `Per-class accuracy vs q rank, ${benchmarkTitle(benchmark)} (${record.backbone})`,
        );
        if (perClass) plots[`${base}-${benchmark}-per-class-accuracy`] = perClass;
      }
    }
  }
  return plots;
}
