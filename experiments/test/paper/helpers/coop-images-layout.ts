import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeImage } from './tiny-images.js';
import { writeTinyClip } from './tiny-clip-folder.js';
import { repoRoot } from './repo-paths.js';

/** The tiny CoOp datasets: class folder (or file prefix) and class name as the split files give them. */
export const TINY_COOP = {
  Caltech101: {
    dir: 'caltech-101',
    images: '101_ObjectCategories',
    file: 'split_zhou_Caltech101.json',
    classes: [
      ['Faces', 'face'],
      ['Leopards', 'leopard'],
      ['Motorbikes', 'motorbike'],
    ],
  },
  OxfordPets: {
    dir: 'oxford_pets',
    images: 'images',
    file: 'split_zhou_OxfordPets.json',
    classes: [
      ['Abyssinian', 'abyssinian'],
      ['beagle', 'beagle'],
    ],
  },
} as const;

/** Images per class in each split of the tiny datasets. */
export const TINY_SPLIT_SIZES = { train: 4, val: 2, test: 3 } as const;

/**
 * Two tiny CoOp datasets laid out as CoOp expects under `root/coop` (split_zhou_*.json in each dataset folder),
 * a tiny CLIP folder, and a few-shot config `few-shot-onnx.yaml` with a linear head and the project's
 * per-dataset templates (80 templates for Caltech101, CoOp's pet template for OxfordPets).
 */
export function writeCoopImages(root: string) {
  for (const info of Object.values(TINY_COOP)) {
    const split: Record<string, [string, number, string][]> = { train: [], val: [], test: [] };
    let index = 0;
    info.classes.forEach(([folder, name], label) => {
      for (const [part, n] of Object.entries(TINY_SPLIT_SIZES)) {
        for (let i = 0; i < n; i++) {
          const rel =
            info.dir === 'caltech-101'
              ? `${folder}/image_${String(++index).padStart(4, '0')}.png`
              : `${folder}_${++index}.png`;
          writeImage(join(root, 'coop', info.dir, info.images, rel), label, index, 10 + (index % 5));
          split[part].push([rel, label, name]);
        }
      }
    });
    mkdirSync(join(root, 'coop', info.dir), { recursive: true });
    writeFileSync(join(root, 'coop', info.dir, info.file), JSON.stringify(split));
  }
  const { imageWeight } = writeTinyClip(join(root, 'clip'));
  const config = join(root, 'few-shot-onnx.yaml');
  writeFileSync(
    config,
    `experiment: tiny-few-shot-onnx
kind: few-shot
title: Tiny few-shot through ONNX
backbone: tiny test towers (not CLIP)
datasets: [Caltech101, OxfordPets]
shots: [1, 2]
seeds: [1]
data:
  kind: images
  root: coop
models:
  zeroShot:
    kind: onnx
    manifest: clip/model.json
    templates: ${join(repoRoot, 'configs/protocol/few-shot-templates.json')}
  fineTuned:
    kind: linear-head
    maxIterations: 20
runtime:
  batchSize: 8
  concurrency: 2
`,
  );
  return { config, imageWeight };
}
