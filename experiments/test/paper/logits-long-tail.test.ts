import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimatePrior, matrix } from '@gla/core';
import { runPaperExperiment } from '../../src/index.js';
import type { LongTailMetrics } from '../../src/paper/pipelines/long-tail-pipeline.js';
import { LT_COUNTS, LT_K, writeLongTailLogits } from './helpers/long-tail-logits-layout.js';
import { tempDir } from './helpers/temp-dir.js';

process.env.GLA_NO_PROGRESS = '1';

/** Mean per-class accuracy of argmax(score) over the given classes (all by default), directly. */
function meanClassAccuracy(
  labels: Int32Array,
  k: number,
  score: (i: number, j: number) => number,
  classes = Array.from({ length: k }, (_, j) => j),
): number {
  const correct = new Array(k).fill(0);
  const count = new Array(k).fill(0);
  labels.forEach((y, i) => {
    let best = 0;
    for (let j = 1; j < k; j++) if (score(i, j) > score(i, best)) best = j;
    count[y]++;
    if (best === y) correct[y]++;
  });
  return classes.reduce((s, j) => s + correct[j] / count[j], 0) / classes.length;
}

describe('gla run, long-tail layout, logits mode', () => {
  const root = tempDir();
  const { config, data } = writeLongTailLogits(root);

  it('scores many / medium / few by training counts, with pi_s from the train labels and q from the balanced val split', async () => {
    const run = await runPaperExperiment({ configFile: config, root, runId: 'a' });
    const m = run.record!.metrics as LongTailMetrics;
    expect(Object.keys(m.benchmarks)).toEqual(['imagenet-lt', 'places-lt']);
    const total = LT_COUNTS.reduce((a, b) => a + b, 0);
    const logPiS = LT_COUNTS.map((c) => Math.log(c / total));
    for (const [benchmark, { result }] of Object.entries(m.benchmarks)) {
      const { val, test } = data[benchmark];
      const k = LT_K;
      expect(result.groupSizes).toEqual([2, 2, 2]);
      const ft = (i: number, j: number) => test.fineTuned[i * k + j];
      const zs = (i: number, j: number) => test.zeroShot[i * k + j];
      expect(result.methods['fine-tuned']!.top1).toBeCloseTo(meanClassAccuracy(test.labels, k, ft), 12);
      const la = (i: number, j: number) => ft(i, j) - logPiS[j];
      expect(result.methods['fine-tuned-la']!.top1).toBeCloseTo(meanClassAccuracy(test.labels, k, la), 12);
      expect(result.methods['fine-tuned-la']!.groups).toEqual(
        Object.fromEntries(
          ['head', 'medium', 'tail'].map((key, g) => [
            key,
            expect.closeTo(meanClassAccuracy(test.labels, k, la, [2 * g, 2 * g + 1]), 12),
          ]),
        ),
      );
      const q = estimatePrior(matrix(val.zeroShot, val.labels.length, k), val.labels).prior;
      const gla = (i: number, j: number) => ft(i, j) - logPiS[j] + zs(i, j) - Math.log(q[j]);
      expect(result.methods.gla!.top1).toBeCloseTo(meanClassAccuracy(test.labels, k, gla), 12);
      expect(result.methods.gla!.groups!.tail).toBeCloseTo(meanClassAccuracy(test.labels, k, gla, [4, 5]), 12);
      // The fine-tuned model learned the long-tailed pi_s: removing it must help its few-shot classes.
      expect(result.methods['fine-tuned-la']!.groups!.tail).toBeGreaterThan(
        result.methods['fine-tuned']!.groups!.tail as number,
      );
    }
    const csv = readFileSync(join(run.runDir!, 'tables/long-tail-vs-paper.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe(
      'row,overall_ours,overall_paper,overall_diff,many_ours,many_paper,many_diff,medium_ours,medium_paper,medium_diff,few_ours,few_paper,few_diff',
    );
    expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(
      ['ImageNet-LT', 'Places365-LT'].flatMap((b) =>
        [
          'Zero-shot',
          'Fine-tuned',
          'Fine-tuned + LA (downstream prior)',
          'WiSE-FT (α = 0.5)',
          'Output ensemble (α = 0.5)',
          'Debiased zero-shot',
          "GLA (authors' estimator)",
          'GLA (exact estimator)',
        ].map((x) => `${b} · ${x}`),
      ),
    );
    const md = readFileSync(join(run.runDir!, 'tables/long-tail.md'), 'utf8');
    for (const header of ['Overall', 'Many', 'Medium', 'Few', 'ECE']) expect(md).toContain(header);
  });
});
