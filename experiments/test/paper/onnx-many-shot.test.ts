import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPaperExperiment } from '../../src/index.js';
import type { ManyShotMetrics } from '../../src/paper/pipelines/many-shot-pipeline.js';
import { directHead, directLinear, directZeroShot } from './helpers/direct-clip.js';
import { TINY_NAMES, TINY_WNIDS, writeImageNetImages } from './helpers/imagenet-images-layout.js';
import { tempDir } from './helpers/temp-dir.js';

process.env.GLA_NO_PROGRESS = '1';

const argmax = (v: ArrayLike<number>) => Array.from(v).reduce((b, x, j, a) => (x > a[b] ? j : b), 0);

describe('gla run on images through tiny ONNX models (ImageNet layout)', () => {
  const root = tempDir();
  const layout = writeImageNetImages(root);
  const val = TINY_WNIDS.flatMap((wnid, label) =>
    Array.from({ length: 4 }, (_, i) => ({
      path: join(root, 'imagenet', `val/${wnid}/ILSVRC2012_val_${label}${i}.png`),
      label,
    })),
  );
  const k = TINY_WNIDS.length;

  it('embeds, builds the zero-shot head, runs the fine-tuned classifier and merged WiSE-FT models as a direct computation does', async () => {
    const run = await runPaperExperiment({ configFile: layout.config, root, runId: 'a' });
    const m = run.record!.metrics as ManyShotMetrics;
    expect(m.inDomain.samples).toBe(val.length);
    // No logitScale in the config: the export's manifest gives it, and the run records which one it used.
    expect(run.record!.models.zeroShotLogitScale).toEqual({ value: 100, source: 'manifest' });
    const head = await directHead(join(root, 'clip/bpe_simple_vocab_16e6.txt.gz'), TINY_NAMES, [
      'a photo of a {}.',
      'a drawing of the {}.',
    ]);
    const top1 = async (score: (path: string) => Promise<ArrayLike<number>>) => {
      let correct = 0;
      for (const s of val) if (argmax(await score(s.path)) === s.label) correct++;
      return correct / val.length;
    };
    expect(m.inDomain.methods['zero-shot']!.top1).toBeCloseTo(
      await top1(async (p) => directZeroShot(await directLinear(p, layout.imageWeight, 6), head)),
      12,
    );
    expect(m.inDomain.methods['fine-tuned']!.top1).toBeCloseTo(
      await top1((p) => directLinear(p, layout.ftWeight, k)),
      12,
    );
    // WiSE-FT by weight merging: alpha 0 is the zero-shot classifier, 1 the fine-tuned one, 0.5 their mean weights.
    const mixed = (a: number) =>
      Float32Array.from(layout.zsClassifierWeight, (w, i) => (1 - a) * w + a * layout.ftWeight[i]);
    for (const s of m.sweep) expect(s.inDomain).toBeCloseTo(await top1((p) => directLinear(p, mixed(s.alpha), k)), 12);
    expect(m.inDomain.methods['wise-ft']!.top1).toBeCloseTo(await top1((p) => directLinear(p, mixed(0.5), k)), 12);
    expect(m.prior.converged).toBe(true);
    const features = readdirSync(join(root, 'cache/features'));
    // CLIP features of held-out and val, fine-tuned logits of val, WiSE-FT logits of val at 3 alphas.
    expect(features).toHaveLength(2 + 1 + 3);
    for (const dir of features) expect(existsSync(join(root, 'cache/features', dir, 'manifest.json'))).toBe(true);
    expect(readdirSync(join(root, 'cache/models')).filter((f) => f.endsWith('.onnx'))).toHaveLength(3);
    expect(existsSync(join(run.runDir!, 'tables/imagenet.md'))).toBe(true);
  });

  it('reruns without embedding anything again', async () => {
    const again = await runPaperExperiment({ configFile: layout.config, root, runId: 'b' });
    expect(again.computed).toEqual([]);
    expect(again.record!.stages.cached.features ?? 0).toBe(0);
    expect(again.record!.stages.cached.evaluation).toBeGreaterThan(0);
  });
});
