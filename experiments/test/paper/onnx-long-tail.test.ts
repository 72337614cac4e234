import { describe, expect, it } from 'vitest';
import { runPaperExperiment } from '../../src/index.js';
import type { LongTailMetrics } from '../../src/paper/pipelines/long-tail-pipeline.js';
import { PLACES_LT_CLASSES, writeTinyPlacesLt } from './helpers/places-lt-images-layout.js';
import { tempDir } from './helpers/temp-dir.js';

process.env.GLA_NO_PROGRESS = '1';

const K = PLACES_LT_CLASSES;

describe('gla run on images through tiny ONNX models (Places365-LT layout)', () => {
  it('trains the linear head on the long-tailed list and scores many / medium / few by training counts', async () => {
    const root = tempDir();
    const config = writeTinyPlacesLt(root);
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
