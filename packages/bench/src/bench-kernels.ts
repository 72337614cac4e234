import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  defaultThreads,
  encodeNpyHeader,
  type LogitCombination,
  type Matrix,
  ParallelPool,
  ParallelPriorPass,
  checkLogits,
  scoreCombinations,
} from '@gla/core';
import type { BenchContext } from './bench-context.js';
import { count, seconds } from './bench-context.js';
import type { BenchRow, SectionResult } from './bench-types.js';
import { clipLikeLogits } from './clip-like-logits.js';
import { timeRuns } from './measure.js';
import { type ReferenceOutcome, runCReference, runNumpyReference } from './reference-programs.js';

function writeNpy(file: string, m: Matrix<Float32Array>): void {
  const header = encodeNpyHeader('<f4', [m.rows, m.cols]);
  writeFileSync(file, Buffer.concat([header, new Uint8Array(m.data.buffer, m.data.byteOffset, m.data.byteLength)]));
}

/**
 * The two kernels side by side with in-run references doing the same work on the same inputs in this run: a C
 * program the benchmark compiles (float32, vectorised expf, OpenMP threads) and NumPy (float32). Jobs: one pass
 * of the prior objective (softmax of every row, column means, loss) and the scoring of five combinations
 * (zero-shot, fine-tuned, debiased, ensemble, GLA: argmax and max-softmax), and the input checks of one matrix
 * (finiteness, largest magnitude, largest row spread). Ratios are project / reference.
 */
export async function benchKernels(context: BenchContext): Promise<SectionResult> {
  const started = performance.now();
  const { rows, classes } = context.sizes.evaluate;
  const runs = context.quick ? 2 : 5;
  const threads = defaultThreads();
  context.log(`kernels: generating two ${count(rows)} x ${count(classes)} CLIP-like logit matrices`);
  const { zeroShot, fineTuned, labels } = clipLikeLogits({ rows, classes, seed: 3 });
  const offsets = Float64Array.from({ length: classes }, (_, j) => Math.fround(0.01 * (j % 7)));
  const baseRssBytes = context.sampler.reset();

  const pool = ParallelPool.open(threads);
  let passLoss = 0;
  let prior: Awaited<ReturnType<typeof timeRuns>>;
  let fastPrior: Awaited<ReturnType<typeof timeRuns>>;
  let fastLoss = 0;
  let evaluate: Awaited<ReturnType<typeof timeRuns>>;
  let checks: Awaited<ReturnType<typeof timeRuns>>;
  try {
    context.log(`kernels: project prior pass, ${runs} runs on ${threads} threads`);
    const evaluator = ParallelPriorPass.open(zeroShot, labels, 1, { pool });
    const active = new Uint8Array(classes).fill(1);
    prior = await timeRuns(runs, () => {
      passLoss = evaluator.pass(offsets, active).loss;
    });
    // The exact solver's Newton passes: float32 exponentials, as the C and NumPy references.
    fastPrior = await timeRuns(runs, () => {
      fastLoss = evaluator.pass(offsets, active, undefined, true).loss;
    });
    evaluator.close();
    const combinations: LogitCombination[] = [
      { zeroShotWeight: 1 },
      { fineTunedWeight: 1 },
      { zeroShotWeight: 1, zeroShotShift: offsets },
      { zeroShotWeight: 0.5, fineTunedWeight: 0.5 },
      { zeroShotWeight: 1, zeroShotShift: offsets, fineTunedWeight: 1, fineTunedShift: offsets },
    ];
    context.log(`kernels: project scoring of 5 combinations, ${runs} runs`);
    evaluate = await timeRuns(runs, () => scoreCombinations(zeroShot, fineTuned, combinations, { pool }));
    context.log(`kernels: project input checks of one matrix, ${runs} runs`);
    checks = await timeRuns(runs, () => checkLogits(zeroShot, { spreadScale: 1, pool }));
  } finally {
    pool.close();
  }
  const peakRssBytes = context.sampler.peak();

  const files = [join(context.workDir, 'zs.npy'), join(context.workDir, 'ft.npy'), join(context.workDir, 'y.i32')];
  writeNpy(files[0], zeroShot);
  writeNpy(files[1], fineTuned);
  writeFileSync(files[2], new Uint8Array(labels.buffer, labels.byteOffset, labels.byteLength));
  context.log('kernels: C reference (compiled now)');
  const c = runCReference(context.workDir, [...files, String(runs)], threads);
  context.log('kernels: NumPy reference');
  const numpy = runNumpyReference([...files, String(runs)]);

  const referenceNotes = (job: 'prior' | 'evaluate' | 'checks', project: number): BenchRow['references'] =>
    (
      [
        [`C (cc -O3 -march=native -ffast-math, float32, ${c.extra?.threads ?? '?'} threads)`, c],
        [`${numpy.version ?? 'NumPy'} float32, 1 thread`, numpy],
      ] as [string, ReferenceOutcome][]
    ).map(([name, outcome]) => {
      const s = outcome.seconds?.[job];
      return s !== undefined && s > 0
        ? { name, seconds: s, ratio: project / s }
        : { name, skipped: outcome.skipped ?? 'no figure' };
    });
  const lossNote =
    c.extra?.loss !== undefined
      ? [`pass loss ${passLoss.toFixed(9)} (float64) vs C ${c.extra.loss.toFixed(9)} (float32): same work`]
      : [];
  const rowsOut: BenchRow[] = [
    {
      name: `one prior pass (softmax of every row, column means, loss), ${count(rows)} x ${count(classes)}, ${threads} threads`,
      value: prior.timing.median,
      unit: 's',
      timing: prior.timing,
      references: referenceNotes('prior', prior.timing.median),
      notes: ['project kernel: WebAssembly SIMD, float64 throughout', ...lossNote],
    },
    {
      name: `one prior pass in float32 (the exact solver's Newton passes), ${count(rows)} x ${count(classes)}, ${threads} threads`,
      value: fastPrior.timing.median,
      unit: 's',
      timing: fastPrior.timing,
      references: referenceNotes('prior', fastPrior.timing.median),
      notes: [
        'project kernel: WebAssembly SIMD, float32 exponentials (4 lanes), float64 row sums',
        `pass loss ${fastLoss.toFixed(9)} (float32 pass) vs ${passLoss.toFixed(9)} (float64 pass)`,
      ],
    },
    {
      name: `scoring 5 combinations (argmax, max-softmax), ${count(rows)} x ${count(classes)}, ${threads} threads`,
      value: evaluate.timing.median,
      unit: 's',
      timing: evaluate.timing,
      references: referenceNotes('evaluate', evaluate.timing.median),
      notes: [
        'project kernel: WebAssembly SIMD, values and argmax in float64 (predictions bit-identical to the materialised logits), float32 exponentials (confidences within 3e-7 relative); the 3-point ensemble grid float64',
      ],
    },
    {
      name: `input checks of one matrix (finite, largest magnitude, largest row spread), ${count(rows)} x ${count(classes)}, ${threads} threads`,
      value: checks.timing.median,
      unit: 's',
      timing: checks.timing,
      references: referenceNotes('checks', checks.timing.median),
      notes: ['project kernel: WebAssembly SIMD, one read of the values (checkLogits)'],
    },
  ];
  for (const row of rowsOut)
    for (const r of row.references ?? [])
      context.log(
        `kernels: ${row.name.split(', ')[0]}: project ${seconds(row.value)}, ${r.name}: ${r.seconds !== undefined ? `${seconds(r.seconds)}, ratio ${(r.ratio ?? 0).toFixed(2)}` : `skipped (${r.skipped})`}`,
      );
  return {
    section: 'kernels',
    title: 'Kernels against in-run references (C, NumPy)',
    inputs: `two ${count(rows)} x ${count(classes)} CLIP-like float32 logit matrices, written to .npy for the references`,
    rows: rowsOut,
    peakRssBytes,
    baseRssBytes,
    wallSeconds: (performance.now() - started) / 1000,
  };
}
