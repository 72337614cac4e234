import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { DatasetSplit } from '../../src/loaders/dataset-split.js';
import { validateSplit } from '../../src/loaders/validate-split.js';
import { CLIP_MEAN, CLIP_STD } from '../../src/preprocess/chw-tensor.js';
import { clipPreprocessBatch } from '../../src/preprocess/clip-preprocess-batch.js';
import { decodePixels, probeImage } from '../../src/preprocess/sharp-decode.js';
import { coopDataset, coopPaths } from '../../src/splits/coop-datasets.js';
import { coopFewShotFileName, readCoopFewShotFile } from '../../src/splits/coop-fewshot-file.js';
import { type CoopSplits, readCoopSplit } from '../../src/splits/coop-split.js';
import { loadFewShotSplits } from '../../src/splits/few-shot-splits.js';
import { sharedPath } from '../shared-dir.js';

// The real Caltech-101 images in CoOp's layout, the official CoOp split and the published k-shot files.
const dataRoot = sharedPath('datasets', 'caltech-101') ? sharedPath('datasets') : undefined;
const splitFile = sharedPath('splits', 'coop', 'split_zhou_Caltech101.json');
const fewShotDir = sharedPath('splits', 'coop-fewshot', 'caltech101');
const info = coopDataset('Caltech101');
const imageRoot = dataRoot ? coopPaths(info, dataRoot).imageRoot : '';

const perClass = (s: DatasetSplit) => {
  const counts = new Array<number>(s.classNames.length).fill(0);
  for (const x of s.samples) counts[x.label]++;
  return counts;
};

/** Every n-th sample, for decoding checks that stay fast. */
const every = <T>(items: readonly T[], n: number) => items.filter((_, i) => i % n === 0);

describe.skipIf(!dataRoot || !splitFile)('real Caltech-101 with the CoOp split (shared data)', () => {
  let splits: CoopSplits;

  it('reads the split: 100 classes, 4128 / 1649 / 2465 images, every listed file present', async () => {
    splits = await readCoopSplit(splitFile!, imageRoot, 'caltech101');
    expect(splits.train.classNames).toHaveLength(100);
    const sizes = [];
    for (const part of [splits.train, splits.val, splits.test]) {
      const summary = await validateSplit(part, splitFile!, { expectedClasses: 100 });
      sizes.push(summary.samples);
    }
    expect(sizes).toEqual([4128, 1649, 2465]);
    expect(splits.train.samples[0].path).toBe(join(imageRoot, 'Faces', 'image_0274.jpg'));
  });

  it('decodes a sample of images and preprocesses colour and greyscale ones', async () => {
    const all = [...splits.train.samples, ...splits.val.samples, ...splits.test.samples];
    const sample = every(all, 20); // 413 headers
    const metas = await Promise.all(sample.map((s) => sharp(s.path).metadata()));
    expect(metas.every((m) => m.format === 'jpeg' && (m.width ?? 0) > 0)).toBe(true);
    // Full decodes through our decoder at its default strictness: none of these real images is refused.
    for (const s of sample) {
      const probed = await probeImage(s.path);
      const pixels = await decodePixels(s.path, probed, s.path);
      expect(pixels.data.length).toBe(probed.width * probed.height * (probed.mode === 'L' ? 1 : 3));
    }
    const grey = sample.filter((_, i) => metas[i].space === 'b-w' && metas[i].channels === 1);
    const colour = sample.filter((_, i) => metas[i].space === 'srgb');
    expect(grey.length).toBeGreaterThan(0);
    const chosen = [...grey.slice(0, 6), ...every(colour, 40)];
    const batch = await clipPreprocessBatch(chosen, { onError: 'skip' });
    expect(batch.skipped).toEqual([]);
    expect(batch.kept).toHaveLength(chosen.length);
    expect(batch.tensor.every(Number.isFinite)).toBe(true);
    // Greyscale images come out with three identical channels (before normalisation).
    const plane = 224 * 224;
    const toByte = (v: number, c: number) => Math.round((v * CLIP_STD[c] + CLIP_MEAN[c]) * 255);
    for (let g = 0; g < Math.min(grey.length, 6); g++) {
      const base = g * 3 * plane;
      for (let i = 0; i < plane; i += 97) {
        const r = toByte(batch.tensor[base + i], 0);
        expect([toByte(batch.tensor[base + plane + i], 1), toByte(batch.tensor[base + 2 * plane + i], 2)]).toEqual([
          r,
          r,
        ]);
      }
    }
  });

  it.skipIf(!fewShotDir)('reads all 15 published k-shot files: k per class in train, min(k, 4) in val', async () => {
    for (const shots of [1, 2, 4, 8, 16]) {
      for (const seed of [1, 2, 3]) {
        const file = join(fewShotDir!, coopFewShotFileName(shots, seed));
        const fs = await readCoopFewShotFile(file, { imageRoot, reference: splits });
        expect(
          perClass(fs.train).every((n) => n === shots),
          file,
        ).toBe(true);
        expect(
          perClass(fs.val).every((n) => n === Math.min(shots, 4)),
          file,
        ).toBe(true);
        expect([fs.shots, fs.seed]).toEqual([shots, seed]);
        const missing = await validateSplit(fs.train, file, { expectedClasses: 100 });
        expect(missing.samples).toBe(100 * shots);
      }
    }
  });

  it.skipIf(!fewShotDir)(
    'prefers the published file and falls back to the sampler for an unpublished seed',
    async () => {
      const published = await loadFewShotSplits({ splits, imageRoot, shots: 4, seed: 1, fewShotDir: fewShotDir! });
      const file = await readCoopFewShotFile(join(fewShotDir!, coopFewShotFileName(4, 1)), {
        imageRoot,
        reference: splits,
      });
      expect(published.origin).toBe('file');
      expect(published.train.samples).toEqual(file.train.samples);
      const sampled = await loadFewShotSplits({ splits, imageRoot, shots: 4, seed: 7, fewShotDir: fewShotDir! });
      expect(sampled.origin).toBe('sampled');
      expect(perClass(sampled.train).every((n) => n === 4)).toBe(true);
      expect(sampled.short).toEqual([]);
    },
  );
});
