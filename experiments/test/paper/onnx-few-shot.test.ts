import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPaperExperiment } from '../../src/index.js';
import type { FewShotMetrics } from '../../src/paper/pipelines/few-shot-pipeline.js';
import { TINY_COOP, writeCoopImages } from './helpers/coop-images-layout.js';
import { directHead, directLinear, directZeroShot } from './helpers/direct-clip.js';
import { repoRoot } from './helpers/repo-paths.js';
import { tempDir } from './helpers/temp-dir.js';

process.env.GLA_NO_PROGRESS = '1';

const argmax = (v: ArrayLike<number>) => Array.from(v).reduce((b, x, j, a) => (x > a[b] ? j : b), 0);

describe('gla run on images through tiny ONNX models (CoOp few-shot layout)', () => {
  const root = tempDir();
  const { config, imageWeight: weight } = writeCoopImages(root);

  it('runs every dataset x shots x seed with per-dataset prompts, a linear head and WiSE-FT of heads', async () => {
    const run = await runPaperExperiment({ configFile: config, root, runId: 'a' });
    const m = run.record!.metrics as FewShotMetrics;
    expect(m.runs.map((r) => `${r.dataset}/${r.shots}/${r.seed}`)).toEqual([
      'Caltech101/1/1',
      'Caltech101/2/1',
      'OxfordPets/1/1',
      'OxfordPets/2/1',
    ]);
    const imagenet80 = (
      JSON.parse(readFileSync(join(repoRoot, 'configs/protocol/imagenet-templates.json'), 'utf8')) as {
        templates: string[];
      }
    ).templates;
    const templates = { Caltech101: imagenet80, OxfordPets: ['a photo of a {}, a type of pet.'] };
    for (const [name, info] of Object.entries(TINY_COOP)) {
      const head = await directHead(
        join(root, 'clip/bpe_simple_vocab_16e6.txt.gz'),
        info.classes.map(([, n]) => n),
        templates[name as keyof typeof templates],
      );
      const split = JSON.parse(readFileSync(join(root, 'coop', info.dir, info.file), 'utf8')) as {
        test: [string, number, string][];
      };
      let correct = 0;
      for (const [rel, label] of split.test)
        if (
          argmax(
            directZeroShot(await directLinear(join(root, 'coop', info.dir, info.images, rel), weight, 6), head),
          ) === label
        )
          correct++;
      for (const r of m.runs.filter((x) => x.dataset === name)) {
        expect(r.top1['zero-shot']).toBeCloseTo(correct / split.test.length, 12);
        for (const method of ['fine-tuned', 'wise-ft', 'output-ensemble', 'gla'] as const)
          expect(r.top1[method]).toEqual(expect.any(Number));
        expect(r.temperatures.zeroShot).toBeGreaterThan(0);
      }
    }
    expect(
      m.summary.filter((s) => s.method === 'gla' && s.dataset !== 'Average').every((s) => s.std === 0 && s.n === 1),
    ).toBe(true);
    const csv = readFileSync(join(run.runDir!, 'tables/few-shot.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe('dataset,method,k1_mean,k1_std,k1_n,k2_mean,k2_std,k2_n');
    expect(csv).toContain('Average over datasets,GLA (exact estimator),');
    expect(csv).toContain("Average over datasets,GLA (authors' estimator),");
    expect(run.record!.notes.join(' ')).toContain('the paper used prompt tuning');
  });

  it('embeds each dataset once: the k-shot sets share a pool, and a rerun computes nothing', async () => {
    const again = await runPaperExperiment({ configFile: config, root, runId: 'b' });
    expect(again.computed).toEqual([]);
    const first = JSON.parse(readFileSync(join(root, 'results/tiny-few-shot-onnx/a/metrics.json'), 'utf8'));
    // Two datasets: a pool and a test feature set each.
    expect(first.stages.computed.features).toBe(4);
  });
});
