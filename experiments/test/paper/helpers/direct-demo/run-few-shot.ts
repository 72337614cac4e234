// Test oracle: the demo's former orchestrator (direct calls to core and datasets, no stage engine), kept to check
// that gla run on configs/demo/*.yaml computes the same numbers by an independent path.
import {
  confidenceTemperature,
  estimatePrior,
  evaluateRun,
  interpolateHeads,
  linearLogits,
  meanStd,
  type MethodId,
} from '@gla/core';
import { concatSplits, fineTuneHead, type SimulatedWorld } from '@gla/datasets';

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
  /** Where the temperature searches stop, in percentage points: the authors' 0.1 (zero-shot) and 1.0 (fine-tuned). */
  zeroShotTolerance?: number;
  fineTunedTolerance?: number;
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
  top1: Partial<Record<MethodId, number>>;
  zeroShotTemperature: number;
  fineTunedTemperature: number;
  exactCertificate: number;
  paperCertificate: number;
}

/** Results of the few-shot experiment. */
export interface FewShotResult {
  /** Weight of the fine-tuned model in WiSE-FT and the output ensemble. */
  alpha: number;
  methods: MethodId[];
  runs: FewShotRun[];
  /** mean +- std (np.std, ddof 0) over seeds, per method and shots. */
  summary: { method: MethodId; shots: number; mean: number; std: number; n: number }[];
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
    zeroShotTolerance = 0.1,
    fineTunedTolerance = 1,
    onRun,
    checkpoint,
  } = options;
  const methods: MethodId[] = [
    'zero-shot',
    'fine-tuned',
    'wise-ft',
    'output-ensemble',
    'gla-authors',
    'gla',
    'gla-true-prior',
  ];
  const zsHead = world.zeroShotHead;
  const test = world.test;
  const testZs = linearLogits(test.features, zsHead);
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
      // The authors estimate on train + val below 20 shots and on val alone from 20 on.
      const estimation = k >= 20 ? fs.val : concatSplits(fs.train, fs.val);
      const estZs = linearLogits(estimation.features, zsHead);
      const tZs =
        temperature === 'confidence'
          ? confidenceTemperature(estZs, estimation.labels, { tolerance: zeroShotTolerance / 100 }).temperature
          : 1;
      const valFt = linearLogits(fs.val.features, ft.head);
      const tFt =
        temperature === 'confidence'
          ? confidenceTemperature(valFt, fs.val.labels, { tolerance: fineTunedTolerance / 100 }).temperature
          : 1;
      const exact = estimatePrior(estZs, estimation.labels, { solver: 'exact', temperature: tZs });
      const paper = estimatePrior(estZs, estimation.labels, {
        solver: 'paper',
        temperature: tZs,
        iterations: paperIterations,
      });
      // Scored by the registry through core's evaluateRun, as `gla evaluate` and `gla run` score it.
      const scored = evaluateRun({
        labels: test.labels,
        zeroShot: testZs,
        fineTuned: linearLogits(test.features, ft.head),
        wiseFt: linearLogits(test.features, interpolateHeads(zsHead, ft.head, alpha)),
        pretrainingPrior: exact.prior,
        otherPriors: { authors: paper.prior, true: world.pretrainingPrior },
        alpha,
        zeroShotTemperature: tZs,
        fineTunedTemperature: tFt,
        methods,
      }).methods;
      const run: FewShotRun = {
        shots: k,
        seed,
        top1: Object.fromEntries(methods.map((m) => [m, scored[m]?.top1])),
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
  return { alpha, methods, runs, summary };
}
