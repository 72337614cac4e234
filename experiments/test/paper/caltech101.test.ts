import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPaperExperiment } from '../../src/index.js';
import type { FewShotMetrics } from '../../src/paper/pipelines/few-shot-pipeline.js';
import { repoRoot, sharedFile } from './helpers/repo-paths.js';
import { writeTinyClip } from './helpers/tiny-clip-folder.js';
import { tempDir } from './helpers/temp-dir.js';

process.env.GLA_NO_PROGRESS = '1';

const images = sharedFile('datasets/caltech-101/101_ObjectCategories');
const splitDir = sharedFile('splits/coop');
const fewShotDir = sharedFile('splits/coop-fewshot/caltech101');
const present = Boolean(images && splitDir && fewShotDir);

describe.skipIf(!present)('gla run on the real Caltech-101 (../shared; skips when absent)', () => {
  it('runs the few-shot pipeline on the published 1- and 2-shot files and real images (tiny random towers, not CLIP)', async () => {
    const root = tempDir();
    writeTinyClip(join(root, 'clip'));
    const config = join(root, 'caltech.yaml');
    writeFileSync(
      config,
      `experiment: caltech101-smoke
kind: few-shot
title: Caltech-101 smoke run
backbone: tiny test towers (not CLIP)
paperReference: ${join(repoRoot, 'configs/paper/gla-neurips2023.yaml')}
datasets: [Caltech101]
shots: [1, 2]
seeds: [1]
data:
  kind: images
  root: ${join(images!, '../..')}
  splitDir: ${splitDir}
  fewShotDir: ${join(fewShotDir!, '..')}/{dataset}
  testPerClass: 1
models:
  zeroShot:
    kind: onnx
    manifest: clip/model.json
    templates: ${join(repoRoot, 'configs/protocol/few-shot-templates.json')}
  fineTuned:
    kind: linear-head
    maxIterations: 15
runtime:
  batchSize: 32
  resampler: sharp
`,
    );
    const run = await runPaperExperiment({ configFile: config, root, runId: 'smoke' });
    const m = run.record!.metrics as FewShotMetrics;
    expect(m.runs.map((r) => [r.dataset, r.shots, r.seed])).toEqual([
      ['Caltech101', 1, 1],
      ['Caltech101', 2, 1],
    ]);
    for (const r of m.runs) {
      for (const method of [
        'zero-shot',
        'fine-tuned',
        'wise-ft',
        'output-ensemble',
        'debiased-zero-shot',
        'gla-authors',
        'gla',
      ] as const) {
        expect(r.top1[method]).toBeGreaterThanOrEqual(0);
        expect(r.top1[method]).toBeLessThanOrEqual(1);
      }
      expect(r.prior.converged).toBe(true);
    }
    const csv = readFileSync(join(run.runDir!, 'tables/few-shot.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('dataset,method,k1_mean,k1_std,k1_n,k2_mean,k2_std,k2_n');
    expect(csv.slice(1).map((l) => l.split(',').slice(0, 2).join(' / '))).toEqual(
      [
        'Zero-shot',
        'Fine-tuned',
        'WiSE-FT (α = 0.5)',
        'Output ensemble (α = 0.5)',
        'Debiased zero-shot',
        "GLA (authors' estimator)",
        'GLA (exact estimator)',
      ].map((x) => `Caltech101 / ${x}`),
    );
    expect(csv.slice(1).every((l) => !l.includes('n/a'))).toBe(true);
    const vs = readFileSync(join(run.runDir!, 'tables/few-shot-vs-paper.md'), 'utf8');
    expect(vs).toContain('Caltech101 · GLA');
    expect(vs).toContain('1-shot (paper)');
    const runs = readFileSync(join(run.runDir!, 'tables/few-shot-runs.csv'), 'utf8').trim().split('\n');
    expect(runs).toHaveLength(3);
    // 100 classes x 1 test image; the test split's class names come from CoOp's split file.
    const first = JSON.parse(readFileSync(join(run.runDir!, 'metrics.json'), 'utf8'));
    expect(first.stages.computed.features).toBe(2);
    // The k-shot sets came from the published index files, not from our sampler.
    const log = readFileSync(join(run.runDir!, 'run.log'), 'utf8');
    expect(log).toContain('Caltech101 1-shot seed 1: published k-shot file; 100 train, 100 val images');
    expect(log).toContain('Caltech101 2-shot seed 1: published k-shot file; 200 train, 200 val images');
  });
});
