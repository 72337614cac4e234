import { defaultThreads, evaluateRun, logitBytes, type EvaluateRunResult } from '@gla/core';
import type { BenchContext } from './bench-context.js';
import { count } from './bench-context.js';
import type { BenchRow, SectionResult } from './bench-types.js';
import { clipLikeLogits } from './clip-like-logits.js';
import { megabytes, timeRuns } from './measure.js';

/**
 * Evaluation of an ImageNet-scale run from two 50,000 x 1,000 logit matrices: zero-shot, fine-tuned, debiased,
 * ensemble, GLA and an 11-point alpha sweep with head / medium / tail and ECE (target: 3 s), and the memory it
 * needs relative to the logits (target: at most 3x their size).
 */
export async function benchEvaluate(context: BenchContext): Promise<SectionResult> {
  const started = performance.now();
  const { rows, classes, runs, alphas: points } = context.sizes.evaluate;
  const threads = defaultThreads();
  context.log(`evaluate: generating two ${count(rows)} x ${count(classes)} CLIP-like logit matrices`);
  const { zeroShot, fineTuned, labels, bias } = clipLikeLogits({ rows, classes, seed: 2 });
  const alphas = Array.from({ length: points }, (_, i) => i / (points - 1));
  const inputs = { labels, zeroShot, fineTuned, pretrainingPrior: bias, alphas };
  const bytes = logitBytes(zeroShot, fineTuned);
  const baseRssBytes = context.sampler.reset();

  context.log(`evaluate: ${runs} runs on ${threads} threads`);
  const timed = await timeRuns(runs, () => evaluateRun({ ...inputs, threads }));
  const peakRssBytes = context.sampler.peak();
  context.log('evaluate: 1 run on 1 thread');
  const single = await timeRuns(1, () => evaluateRun({ ...inputs, threads: 1 }));
  const result = timed.results[0];
  const sameResult = JSON.stringify(single.results[0]) === JSON.stringify(result);
  const ratio = peakRssBytes / bytes;

  const rowsOut: BenchRow[] = [
    {
      name: `evaluate 5 methods + ${points}-point alpha sweep (top-1, head/medium/tail, ECE), ${threads} threads`,
      value: timed.timing.median,
      unit: 's',
      timing: timed.timing,
      target: { bound: 3, direction: 'at most', unit: 's', text: '<= 3 s' },
      met: timed.timing.median <= 3,
      notes: [
        `${distinctCombinations(points)} distinct logit combinations scored in one fused sweep (alpha 0, 0.5 and 1 reuse zero-shot, ensemble, fine-tuned)`,
        `validation of both matrices (finite values, labels) included`,
        summary(result),
      ],
    },
    {
      name: 'peak RSS during evaluation / size of the two logit matrices',
      value: ratio,
      unit: 'x',
      target: { bound: 3, direction: 'at most', unit: 'x', text: '<= 3x the logits' },
      met: ratio <= 3,
      notes: [
        `peak RSS ${megabytes(peakRssBytes)} (whole process: Node runtime + logits + evaluation), logits ${megabytes(bytes)} (float32)`,
        `growth over the RSS before the runs: ${megabytes(peakRssBytes - baseRssBytes)}`,
      ],
    },
    {
      name: 'the same evaluation on 1 thread',
      value: single.timing.median,
      unit: 's',
      timing: single.timing,
      notes: [`metrics identical to ${threads} threads: ${sameResult ? 'yes' : 'NO'}`],
    },
  ];
  return {
    section: 'evaluate',
    title: 'Evaluation of an ImageNet-scale run (target 2)',
    inputs: `zero-shot and fine-tuned CLIP-like float32 logits, ${count(rows)} x ${count(classes)} each (shared images, balanced labels), prior = the generating label bias`,
    rows: rowsOut,
    peakRssBytes,
    baseRssBytes,
    wallSeconds: (performance.now() - started) / 1000,
  };
}

function distinctCombinations(points: number): number {
  // zero-shot, fine-tuned, debiased, GLA, plus the sweep's interior points (0.5 is the default ensemble).
  return 4 + Math.max(0, points - 2);
}

function summary(result: EvaluateRunResult): string {
  const pct = (x: number) => (100 * x).toFixed(1);
  const m = result.methods;
  return `top-1 / ECE %: zero-shot ${pct(m['zero-shot']!.top1)} / ${pct(m['zero-shot']!.ece)}, fine-tuned ${pct(m['fine-tuned']!.top1)} / ${pct(m['fine-tuned']!.ece)}, debiased ${pct(m['debiased-zero-shot']!.top1)}, ensemble ${pct(m['output-ensemble']!.top1)}, GLA ${pct(m.gla!.top1)} / ${pct(m.gla!.ece)}`;
}
