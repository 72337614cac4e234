import type { SimulatedWorld } from '@gla/datasets';
import type { DemoConfig } from './demo-config.js';
import type { ManyShotResult } from './run-many-shot.js';
import type { FewShotResult } from './run-few-shot.js';
import type { LongTailResult } from './run-long-tail.js';
import type { PriorRecoveryRow } from './prior-recovery.js';

/**
 * Every number of a demo run as plain JSON (no timings, no per-class arrays), so two runs with the same
 * config give byte-identical files.
 */
export function demoResults(
  config: DemoConfig,
  world: SimulatedWorld,
  many: ManyShotResult,
  few: FewShotResult,
  longTail: LongTailResult,
  recovery: { rows: PriorRecoveryRow[]; biasSpearman: number },
) {
  return {
    simulated: true,
    note: 'A simulated foundation world, not CLIP. Accuracies are fractions in [0, 1].',
    config,
    world: {
      name: world.name,
      classes: world.classes,
      dims: world.dims,
      seed: world.config.seed,
      pretrainingImbalance: world.config.pretrainingImbalance,
    },
    manyShot: {
      methods: Object.fromEntries(
        many.rows.map((r) => [
          r.method,
          {
            top1: r.scores.top1,
            head: r.scores.head,
            medium: r.scores.medium,
            tail: r.scores.tail,
            ece: r.scores.ece,
            shifted: Object.fromEntries(many.shiftedNames.map((n, i) => [n, r.shifted[i]])),
          },
        ]),
      ),
      alphaSweep: many.sweep,
      prior: { exact: estimateSummary(many.exact), paper: estimateSummary(many.paper) },
      fineTuning: many.fineTuning,
    },
    fewShot: { runs: few.runs, summary: few.summary },
    longTail: {
      methods: Object.fromEntries(
        longTail.rows.map((r) => [
          r.method,
          {
            top1: r.scores.top1,
            many: r.scores.head,
            medium: r.scores.medium,
            few: r.scores.tail,
            ece: r.scores.ece,
          },
        ]),
      ),
      groupSizes: { many: longTail.groupSizes[0], medium: longTail.groupSizes[1], few: longTail.groupSizes[2] },
      prior: { exact: estimateSummary(longTail.exact), paper: estimateSummary(longTail.paper) },
    },
    priorRecovery: recovery,
  };
}

function estimateSummary(e: {
  prior: Float64Array;
  iterations: number;
  passes: number;
  objective: number;
  certificate: number;
  converged: boolean;
  rawSum: number;
  temperature: number;
  missingClasses: number[];
}) {
  return {
    prior: Array.from(e.prior),
    temperature: e.temperature,
    iterations: e.iterations,
    passes: e.passes,
    objective: e.objective,
    certificate: e.certificate,
    converged: e.converged,
    rawSum: e.rawSum,
    missingClasses: e.missingClasses,
  };
}
