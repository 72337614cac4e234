import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPaperExperiment } from '../../src/index.js';
import type { LongTailMetrics } from '../../src/paper/pipelines/long-tail-pipeline.js';
import { writeImage } from './helpers/tiny-images.js';
import { writeTinyClip } from './helpers/tiny-clip-folder.js';
import { tempDir } from './helpers/temp-dir.js';

process.env.GLA_NO_PROGRESS = '1';

const K = 365;
/** Training images per class: one many-shot class (> 100), one medium (20-100), the rest few (< 20). */
const counts = Array.from({ length: K }, (_, j) => (j === 0 ? 101 : j === 1 ? 25 : 2));

describe('gla run on images through tiny ONNX models (Places365-LT layout)', () => {
  it('trains the linear head on the long-tailed list and scores many / medium / few by training counts', async () => {
    const root = tempDir();
    const names = Array.from({ length: K }, (_, j) => `place_${j}`);
    // Two images per class are reused by the list lines: the loader and cache do not need distinct files.
    names.forEach((name, j) =>
      [0, 1].forEach((i) => writeImage(join(root, 'places', `train/${name}/${i}.png`), j % 7, j + i)),
    );
    const line = (split: string, j: number, i: number) => `${split}/${names[j]}/${i % 2}.png ${j}`;
    mkdirSync(join(root, 'lists'), { recursive: true });
    writeFileSync(
      join(root, 'lists/Places_LT_train.txt'),
      counts.flatMap((c, j) => Array.from({ length: c }, (_, i) => line('train', j, i))).join('\n'),
    );
    writeFileSync(join(root, 'lists/Places_LT_val.txt'), names.map((_, j) => line('train', j, 0)).join('\n'));
    writeFileSync(join(root, 'lists/Places_LT_test.txt'), names.map((_, j) => line('train', j, 1)).join('\n'));
    writeFileSync(join(root, 'lists/classnames.txt'), names.map((n) => `${n} ${n}`).join('\n'));
    writeFileSync(
      join(root, 'templates.json'),
      JSON.stringify({ datasets: { 'places-lt': { templates: ['a photo of a {}.'] } } }),
    );
    writeTinyClip(join(root, 'clip'));
    const config = join(root, 'lt.yaml');
    writeFileSync(
      config,
      `experiment: tiny-places-lt
kind: long-tail
title: Tiny Places-LT
backbone: tiny test towers (not CLIP)
benchmarks: [places-lt]
data:
  kind: images
  places-lt: { lists: lists, images: places, classNames: lists/classnames.txt }
models:
  zeroShot: { kind: onnx, manifest: clip/model.json, templates: templates.json }
  fineTuned: { kind: linear-head, maxIterations: 10 }
runtime: { batchSize: 64, concurrency: 2 }
`,
    );
    const run = await runPaperExperiment({ configFile: config, root, runId: 'a' });
    const m = run.record!.metrics as LongTailMetrics;
    const result = m.benchmarks['places-lt'].result;
    expect(result.groupSizes).toEqual([1, 1, K - 2]);
    expect(result.samples).toBe(K);
    expect(Object.keys(result.methods)).toEqual([
      'zero-shot',
      'fine-tuned',
      'fine-tuned-la',
      'wise-ft',
      'output-ensemble',
      'debiased-zero-shot',
      'gla-authors',
      'gla',
    ]);
    for (const r of Object.values(result.methods)) {
      expect(Object.keys(r!.groups!)).toEqual(['head', 'medium', 'tail']);
      // One test image per class: many / medium are one class each, so their accuracy is 0 or 1.
      expect([0, 1]).toContain(r!.groups!.head);
    }
    // CLIP features of train, val and test.
    expect(run.record!.stages.computed.features).toBe(3);
    expect(run.record!.stages.computed['linear-head']).toBe(1);
  });
});
