import {
  adjustLogits,
  estimatePrior,
  glaLogits,
  interpolateHeads,
  linearLogits,
  outputEnsemble,
  priorThirds,
  uniformPrior,
  type Matrix,
  type PriorEstimate,
} from '@gla/core';
import { fineTuneHead, type SimulatedWorld } from '@gla/datasets';
import { accuracyOf, methodScores, type MethodScores } from './method-scores.js';
import type { DemoMethod } from './method-labels.js';

/** Options of the many-shot experiment. */
export interface ManyShotOptions {
  /** WiSE-FT / output-ensemble weight of the fine-tuned model; default 0.5. */
  alpha?: number;
  /** The WiSE-FT sweep; default 0, 0.1, ..., 1. */
  alphaSweep?: number[];
  /** Iterations of the paper's solver; default 1000. */
  paperIterations?: number;
  onStep?: (label: string) => void;
}

/** One row of the many-shot table. */
export interface ManyShotRow {
  method: DemoMethod;
  scores: MethodScores;
  /** Top-1 on each shifted test domain, in `shiftedNames` order. */
  shifted: number[];
}

/** Results of the many-shot experiment (the paper's ImageNet layout). */
export interface ManyShotResult {
  rows: ManyShotRow[];
  shiftedNames: string[];
  exact: PriorEstimate;
  paper: PriorEstimate;
  /** WiSE-FT sweep: alpha, in-domain top-1, mean shifted top-1. */
  sweep: { alpha: number; inDomain: number; shifted: number }[];
  /** Fine-tuning evidence. */
  fineTuning: { iterations: number; converged: boolean; loss: number };
}

/**
 * The many-shot table on a simulated world: fine-tune on the balanced train split (from the zero-shot head),
 * estimate q on the held-out balanced val split with both solvers (no temperature, as the authors' ImageNet script),
 * and evaluate every method on the in-domain test split (head / medium / tail = thirds by the exact q) and on the
 * shifted domains.
 */
export function runManyShot(world: SimulatedWorld, options: ManyShotOptions = {}): ManyShotResult {
  const {
    alpha = 0.5,
    alphaSweep = Array.from({ length: 11 }, (_, i) => i / 10),
    paperIterations = 1000,
    onStep,
  } = options;
  const k = world.classes;
  onStep?.('fine-tune (many-shot)');
  const ft = fineTuneHead(world.zeroShotHead, world.train);
  const zsHead = world.zeroShotHead;
  const valZs = linearLogits(world.val.features, zsHead);
  onStep?.('estimate q (exact)');
  const exact = estimatePrior(valZs, world.val.labels, { solver: 'exact' });
  onStep?.('estimate q (paper solver)');
  const paper = estimatePrior(valZs, world.val.labels, { solver: 'paper', iterations: paperIterations });
  onStep?.('evaluate');
  const groups = priorThirds(exact.prior);
  const wise = interpolateHeads(zsHead, ft.head, alpha);
  const piS = uniformPrior(k);
  const splits = [world.test, ...world.shifted];
  const logitsFor = (method: DemoMethod, features: Matrix): Matrix => {
    const zs = linearLogits(features, zsHead);
    const f = () => linearLogits(features, ft.head);
    switch (method) {
      case 'zero-shot':
        return zs;
      case 'fine-tuned':
        return f();
      case 'wise-ft':
        return linearLogits(features, wise);
      case 'output-ensemble':
        return outputEnsemble(zs, f(), alpha);
      case 'debiased-zero-shot':
        return adjustLogits(zs, exact.prior);
      case 'gla':
        return glaLogits({ zeroShot: zs, fineTuned: f(), pretrainingPrior: exact.prior, downstreamPrior: piS });
      case 'gla-paper-solver':
        return glaLogits({ zeroShot: zs, fineTuned: f(), pretrainingPrior: paper.prior, downstreamPrior: piS });
      case 'gla-oracle':
        return glaLogits({
          zeroShot: zs,
          fineTuned: f(),
          pretrainingPrior: world.pretrainingPrior,
          downstreamPrior: piS,
        });
      default:
        throw new Error(`many-shot table has no method '${method}'`);
    }
  };
  const methods: DemoMethod[] = [
    'zero-shot',
    'fine-tuned',
    'wise-ft',
    'output-ensemble',
    'debiased-zero-shot',
    'gla',
    'gla-paper-solver',
    'gla-oracle',
  ];
  const rows = methods.map((method) => ({
    method,
    scores: methodScores(logitsFor(method, world.test.features), world.test.labels, groups),
    shifted: world.shifted.map((s) => accuracyOf(logitsFor(method, s.features), s.labels)),
  }));
  const sweep = alphaSweep.map((a) => {
    const head = interpolateHeads(zsHead, ft.head, a);
    const acc = splits.map((s) => accuracyOf(linearLogits(s.features, head), s.labels));
    return { alpha: a, inDomain: acc[0], shifted: mean(acc.slice(1)) };
  });
  return {
    rows,
    shiftedNames: world.shifted.map((s) => s.domain),
    exact,
    paper,
    sweep,
    fineTuning: { iterations: ft.iterations, converged: ft.converged, loss: ft.loss },
  };
}

function mean(values: number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}
