import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeImage } from './tiny-images.js';
import { writeTinyClip } from './tiny-clip-folder.js';

/** Classes of the tiny Places-LT layout: Places365's count. */
export const PLACES_LT_CLASSES = 365;

/** Training images per class: one many-shot class (> 100), one medium (20-100), the rest few (< 20): 852 in all. */
export const PLACES_LT_COUNTS = Array.from({ length: PLACES_LT_CLASSES }, (_, j) => (j === 0 ? 101 : j === 1 ? 25 : 2));

/**
 * Writes a tiny Places-LT layout under `root` (two PNGs per class, reused by the list lines: the loader and cache do
 * not need distinct files; lists, class names, templates, tiny ONNX towers) and a long-tail config with a linear head;
 * returns the config's path. `runtime` is the config's runtime line's contents.
 */
export function writeTinyPlacesLt(root: string, runtime = 'batchSize: 64, concurrency: 2'): string {
  const names = Array.from({ length: PLACES_LT_CLASSES }, (_, j) => `place_${j}`);
  names.forEach((name, j) =>
    [0, 1].forEach((i) => writeImage(join(root, 'places', `train/${name}/${i}.png`), j % 7, j + i)),
  );
  const line = (j: number, i: number) => `train/${names[j]}/${i % 2}.png ${j}`;
  mkdirSync(join(root, 'lists'), { recursive: true });
  writeFileSync(
    join(root, 'lists/Places_LT_train.txt'),
    PLACES_LT_COUNTS.flatMap((c, j) => Array.from({ length: c }, (_, i) => line(j, i))).join('\n'),
  );
  writeFileSync(join(root, 'lists/Places_LT_val.txt'), names.map((_, j) => line(j, 0)).join('\n'));
  writeFileSync(join(root, 'lists/Places_LT_test.txt'), names.map((_, j) => line(j, 1)).join('\n'));
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
runtime: { ${runtime} }
`,
  );
  return config;
}
