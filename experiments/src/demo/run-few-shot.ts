import {
  confidenceTemperature,
  estimatePrior,
  glaLogits,
  interpolateHeads,
  linearLogits,
  meanStd,
  outputEnsemble,
  uniformPrior,
} from '@gla/core';
import { concatSplits, fineTuneHead, type SimulatedWorld } from '@gla/datasets';
import { accuracyOf } from './method-scores.js';
import type { DemoMethod } from './method-labels.js';

/** Options of the few-shot experiment. */
export interface FewShotOptions {
  /** Default [1, 2, 4, 8, 16]. */
  shots?: number[];
  /** Default [1, 2, 3]. */
  seeds?: number[];
  /** 'confidence' (default: the authors' few-shot code) or 'none' (T = 1 for both models). */
  temperature?: 'confidence' | 'none';
  /** Output-ensemble / WiSE-FT weight; default 0.5. */
  alpha?: number;
  /** Iterations of the paper's solver; default 1000. */
  paperIterations?: number;
  /** Called after each (shots, seed) run. */
  onRun?: (shots: number, seed: number) => void;
  /** Where finished runs are saved and looked up, so an interrupted experiment resumes; default none. */
  checkpoint?: FewShotCheckpoint;
}

/**
 * Storage of finished (shots, seed) runs. `load` returns a run saved earlier with the same inputs (or
 * undefined); `save` must be atomic, so a kill never leaves half a run.
 */
export interface FewShotCheckpoint {
  load(shots: number, seed: number): FewShotRun | undefined;
  save(run: FewShotRun): void;
}

/** One (shots, seed) run: test top-1 of every method and the temperatures used. */
export interface FewShotRun {
  shots: number;
  seed: number;
  top1: Partial<Record<DemoMethod, number>>;
  zeroShotTemperature: number;
  fineTunedTemperature: number;
  exactCertificate: number;
  paperCertificate: number;
}

/** Results of the few-shot experiment. */
export interface FewShotResult {
  methods: DemoMethod[];
  runs: FewShotRun[];
  /** mean +- std (np.std, ddof 0) over seeds, per method and shots. */
  summary: { method: DemoMethod; shots: number; mean: number; std: number; n: number }[];
}

/**
 * The few-shot table on a simulated world: for each k and seed, fine-tune a head from the zero-shot head on the
 * k-shot train set; estimate q on the k-shot train + k-shot val sets (the paper's protocol) after the zero-shot
 * temperature is set by confidence matching there (0.1 pp); divide the fine-tuned logits by their own
 * confidence-matched temperature from the k-shot val set (1 pp), as the authors' code does; evaluate on the test split.
 */
export function runFewShot(world: SimulatedWorld, options: FewShotOptions = {}): FewShotResult {
  const {
    shots = [1, 2, 4, 8, 16],
    seeds = [1, 2, 3],
    temperature = 'confidence',
    alpha = 0.5,
    paperIterations = 1000,
    onRun,
    checkpoint,
  } = options;
  const methods: DemoMethod[] = [
    'zero-shot',
    'fine-tuned',
    'wise-ft',
    'output-ensemble',
    'gla',
    'gla-paper-solver',
    'gla-oracle',
  ];
  const zsHead = world.zeroShotHead;
  const test = world.test;
  const testZs = linearLogits(test.features, zsHead);
  const piS = uniformPrior(world.classes);
  const runs: FewShotRun[] = [];
  for (const k of shots) {
    for (const seed of seeds) {
      const saved = checkpoint?.load(k, seed);
      if (saved) {
        runs.push(saved);
        onRun?.(k, seed);
        continue;
      }
      const fs = world.fewShot(k, seed);
      const ft = fineTuneHead(zsHead, fs.train);
      const estimation = concatSplits(fs.train, fs.val);
      const estZs = linearLogits(estimation.features, zsHead);
      const tZs =
        temperature === 'confidence'
          ? confidenceTemperature(estZs, estimation.labels, { tolerance: 0.001 }).temperature
          : 1;
      const valFt = linearLogits(fs.val.features, ft.head);
      const tFt =
        temperature === 'confidence' ? confidenceTemperature(valFt, fs.val.labels, { tolerance: 0.01 }).temperature : 1;
      const exact = estimatePrior(estZs, estimation.labels, { solver: 'exact', temperature: tZs });
      const paper = estimatePrior(estZs, estimation.labels, {
        solver: 'paper',
        temperature: tZs,
        iterations: paperIterations,
      });
      const testFt = linearLogits(test.features, ft.head);
      const gla = (prior: ArrayLike<number>, tz: number) =>
        accuracyOf(
          glaLogits({
            zeroShot: testZs,
            fineTuned: testFt,
            pretrainingPrior: prior,
            downstreamPrior: piS,
            zeroShotTemperature: tz,
            fineTunedTemperature: tFt,
          }),
          test.labels,
        );
      const run: FewShotRun = {
        shots: k,
        seed,
        top1: {
          'zero-shot': accuracyOf(testZs, test.labels),
          'fine-tuned': accuracyOf(testFt, test.labels),
          'wise-ft': accuracyOf(linearLogits(test.features, interpolateHeads(zsHead, ft.head, alpha)), test.labels),
          'output-ensemble': accuracyOf(outputEnsemble(testZs, testFt, alpha), test.labels),
          gla: gla(exact.prior, tZs),
          'gla-paper-solver': gla(paper.prior, tZs),
          // The zero-shot head's bias was learned at T = 1, so the true prior is removed from the raw logits.
          'gla-oracle': gla(world.pretrainingPrior, 1),
        },
        zeroShotTemperature: tZs,
        fineTunedTemperature: tFt,
        exactCertificate: exact.certificate,
        paperCertificate: paper.certificate,
      };
      checkpoint?.save(run);
      runs.push(run);
      onRun?.(k, seed);
    }
  }
  const summary = methods.flatMap((method) =>
    shots.map((k) => {
      const values = runs.filter((r) => r.shots === k).map((r) => r.top1[method] as number);
      return { method, shots: k, ...meanStd(values) };
    }),
  );
  return { methods, runs, summary };
}
