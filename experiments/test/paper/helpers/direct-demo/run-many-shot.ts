// Test oracle: the demo's former orchestrator (direct calls to core and datasets, no stage engine), kept to check
// that gla run on configs/demo/*.yaml computes the same numbers by an independent path.
import {
  argmaxRows,
  estimatePrior,
  evaluateRun,
  interpolateHeads,
  linearLogits,
  predictionAccuracy,
  priorUncertainty,
  type MethodId,
  type MethodMetrics,
  type PriorEstimate,
  type PriorUncertainty,
} from '@gla/core';
import { fineTuneHead, type SimulatedWorld } from '@gla/datasets';

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
  method: MethodId;
  /** In-domain test metrics, with per-class accuracy (for plots). */
  scores: MethodMetrics & { perClass: Float64Array };
  /** Top-1 on each shifted test domain, in `shiftedNames` order. */
  shifted: number[];
}

/** Results of the many-shot experiment (the paper's ImageNet layout). */
export interface ManyShotResult {
  /** Weight of the fine-tuned model in WiSE-FT and the output ensemble. */
  alpha: number;
  rows: ManyShotRow[];
  shiftedNames: string[];
  exact: PriorEstimate;
  paper: PriorEstimate;
  /** How sure each q is: standard errors of log q and undetermined classes, on the same estimation set (val). */
  uncertainty: { exact: PriorUncertainty; paper: PriorUncertainty };
  /** WiSE-FT sweep: alpha, in-domain top-1, mean shifted top-1, and top-1 per shifted domain (by name). */
  sweep: { alpha: number; inDomain: number; shifted: number; shiftedBy: Record<string, number> }[];
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
  onStep?.('fine-tune (many-shot)');
  const ft = fineTuneHead(world.zeroShotHead, world.train);
  const zsHead = world.zeroShotHead;
  const valZs = linearLogits(world.val.features, zsHead);
  onStep?.('estimate q (exact)');
  const exact = estimatePrior(valZs, world.val.labels, { solver: 'exact' });
  onStep?.('estimate q (paper solver)');
  const paper = estimatePrior(valZs, world.val.labels, { solver: 'paper', iterations: paperIterations });
  // The certificate each solver stopped at bounds how far its log q may still move (flat classes); the exact
  // solver's tolerance is 1e-6, the paper solver stops after a fixed number of steps at whatever it reached.
  const uncertaintyOf = (e: PriorEstimate) =>
    priorUncertainty(valZs, world.val.labels, e.prior, {
      temperature: e.temperature,
      tolerance: Math.max(1e-6, e.certificate),
    });
  const uncertainty = { exact: uncertaintyOf(exact), paper: uncertaintyOf(paper) };
  onStep?.('evaluate');
  const wise = interpolateHeads(zsHead, ft.head, alpha);
  const splits = [world.test, ...world.shifted];
  const methods: MethodId[] = [
    'zero-shot',
    'fine-tuned',
    'wise-ft',
    'output-ensemble',
    'debiased-zero-shot',
    'gla-authors',
    'gla',
    'gla-true-prior',
  ];
  // Every split scored by the registry through core's evaluateRun, as `gla evaluate` and `gla run` score it;
  // head / medium / tail are thirds by the exact q, pi_s is uniform (a balanced train split).
  const runs = splits.map((s, i) =>
    evaluateRun({
      labels: s.labels,
      zeroShot: linearLogits(s.features, zsHead),
      fineTuned: linearLogits(s.features, ft.head),
      wiseFt: linearLogits(s.features, wise),
      pretrainingPrior: exact.prior,
      otherPriors: { authors: paper.prior, true: world.pretrainingPrior },
      alpha,
      methods,
      perClass: i === 0,
    }),
  );
  const rows = methods.map((method) => ({
    method,
    scores: { ...(runs[0].methods[method] as MethodMetrics), perClass: runs[0].perClass?.[method] as Float64Array },
    shifted: runs.slice(1).map((r) => (r.methods[method] as MethodMetrics).top1),
  }));
  const sweep = alphaSweep.map((a) => {
    const head = interpolateHeads(zsHead, ft.head, a);
    const acc = splits.map((s) => predictionAccuracy(argmaxRows(linearLogits(s.features, head)), s.labels));
    return {
      alpha: a,
      inDomain: acc[0],
      shifted: mean(acc.slice(1)),
      shiftedBy: Object.fromEntries(world.shifted.map((s, i) => [s.domain, acc[i + 1]])),
    };
  });
  return {
    alpha,
    rows,
    shiftedNames: world.shifted.map((s) => s.domain),
    exact,
    paper,
    uncertainty,
    sweep,
    fineTuning: { iterations: ft.iterations, converged: ft.converged, loss: ft.loss },
  };
}

function mean(values: number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}
