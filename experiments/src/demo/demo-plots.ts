import {
  alphaCurvePlot,
  fewShotCurvePlot,
  perClassAccuracyPlot,
  priorScatterPlot,
  type PerClassAccuracyRecord,
  type PriorScatterRecord,
} from '@gla/report';
import type { SimulatedWorld } from '@gla/datasets';
import { methodLabel, type MethodId } from '@gla/core';
import type { ManyShotResult } from './run-many-shot.js';
import type { FewShotResult } from './run-few-shot.js';

/** Methods of the per-class accuracy plot: the two single models, the two ensembles GLA is compared with, GLA. */
const PER_CLASS_METHODS: readonly MethodId[] = ['zero-shot', 'fine-tuned', 'wise-ft', 'output-ensemble', 'gla'];

/** The demo's four figures as vega-lite specs, keyed by file base name. */
export function demoPlots(world: SimulatedWorld, many: ManyShotResult, few: FewShotResult) {
  const k = world.classes;
  const perClass: PerClassAccuracyRecord[] = many.rows
    .filter((r) => PER_CLASS_METHODS.includes(r.method))
    .flatMap((r) =>
      Array.from(r.scores.perClass, (accuracy, classIndex) => ({
        method: methodLabel(r.method, many.alpha),
        classIndex,
        accuracy,
        prior: many.exact.prior[classIndex],
      })),
    );
  const third = Math.floor(k / 3);
  const avg = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
  const highlight = (method: 'gla' | 'output-ensemble') => {
    const row = many.rows.find((r) => r.method === method);
    return {
      label: methodLabel(method, many.alpha),
      inDomain: row!.scores.top1,
      shifted: avg(row!.shifted),
      // One panel per shifted domain in the alpha curve: each highlight needs its value on every one.
      shiftedBy: Object.fromEntries(many.shiftedNames.map((name, i) => [name, row!.shifted[i]])),
    };
  };
  const fewMethods = ['zero-shot', 'fine-tuned', 'wise-ft', 'gla'] as const;
  const prior: PriorScatterRecord[] = [many.exact, many.paper].flatMap((e) =>
    Array.from(e.prior, (q, classIndex) => ({
      solver: e.solver === 'exact' ? 'Exact solver' : 'Paper solver (1000 SGD steps)',
      classIndex,
      truePrior: world.pretrainingPrior[classIndex],
      estimatedPrior: q,
    })),
  );
  return {
    'per-class-accuracy': perClassAccuracyPlot(perClass, {
      cuts: [third, 2 * third],
      cutLabels: ['head', 'medium', 'tail'],
      // The two ensembles dashed, so they read apart from the single models they mix.
      dashed: [methodLabel('wise-ft', many.alpha), methodLabel('output-ensemble', many.alpha)],
      title: 'Per-class accuracy vs pre-training prior rank (simulated world)',
    }),
    'wise-ft-alpha-curve': alphaCurvePlot(many.sweep, {
      highlights: [highlight('gla'), highlight('output-ensemble')],
      title: 'WiSE-FT interpolation vs GLA (simulated world)',
    }),
    'few-shot': fewShotCurvePlot(
      few.summary
        .filter((s) => (fewMethods as readonly string[]).includes(s.method))
        .map((s) => ({ method: methodLabel(s.method, few.alpha), shots: s.shots, mean: s.mean, std: s.std })),
      {
        methods: fewMethods.map((m) => methodLabel(m, few.alpha)),
        title: 'Few-shot accuracy (simulated world, 3 seeds)',
      },
    ),
    'prior-recovery': priorScatterPlot(prior, { title: 'Estimated vs true log pre-training prior (simulated world)' }),
  };
}
