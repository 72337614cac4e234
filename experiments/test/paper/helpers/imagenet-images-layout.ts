import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeImage } from './tiny-images.js';
import { writeTinyClassifier, writeTinyClip } from './tiny-clip-folder.js';

export const TINY_WNIDS = ['n00000001', 'n00000002', 'n00000003'];
export const TINY_NAMES = ['red thing', 'green_thing', 'blue thing'];

/**
 * A tiny ImageNet laid out as the real one (`imagenet/{train,val}/<wnid>/*.png`), a held-out list of train images
 * in the ImageNet-LT list format, a tiny CLIP folder, a fine-tuned and a zero-shot classifier (same graph), and a
 * many-shot config `imagenet-onnx.yaml` with WiSE-FT by ONNX weight merging. No shift sets (their loaders expect
 * the 1000 ImageNet classes).
 */
export function writeImageNetImages(root: string, options: { cacheDir?: string } = {}) {
  const held: string[] = [];
  TINY_WNIDS.forEach((wnid, label) => {
    for (let i = 0; i < 6; i++) {
      const rel = `train/${wnid}/${wnid}_${i}.png`;
      writeImage(join(root, 'imagenet', rel), label, i);
      if (i < 3) held.push(`${rel} ${label}`);
    }
    for (let i = 0; i < 4; i++)
      writeImage(join(root, 'imagenet', `val/${wnid}/ILSVRC2012_val_${label}${i}.png`), label, 10 + i, 11 + i);
  });
  mkdirSync(join(root, 'lists'), { recursive: true });
  writeFileSync(join(root, 'lists/heldout.txt'), `${held.join('\n')}\n`);
  writeFileSync(join(root, 'lists/classnames.json'), JSON.stringify({ classnames: TINY_NAMES }));
  writeFileSync(join(root, 'lists/wnids.json'), JSON.stringify({ wnids: TINY_WNIDS }));
  writeFileSync(join(root, 'lists/templates.json'), JSON.stringify(['a photo of a {}.', 'a drawing of the {}.']));
  const clip = writeTinyClip(join(root, 'clip'));
  const ft = writeTinyClassifier(join(root, 'clip/finetuned.onnx'), TINY_WNIDS.length, 21);
  const zs = writeTinyClassifier(join(root, 'clip/zeroshot-classifier.onnx'), TINY_WNIDS.length, 22);
  const config = join(root, 'imagenet-onnx.yaml');
  writeFileSync(
    config,
    `experiment: tiny-imagenet-onnx
kind: many-shot
title: Tiny ImageNet through ONNX
backbone: tiny test towers (not CLIP)
${options.cacheDir ? `cacheDir: ${options.cacheDir}\n` : ''}shifts: []
data:
  kind: images
  imagenet: imagenet
  classNames: lists/classnames.json
  wnids: lists/wnids.json
  heldOut: lists/heldout.txt
models:
  zeroShot:
    kind: onnx
    manifest: clip/model.json
    templates: lists/templates.json
  fineTuned:
    kind: onnx
    file: clip/finetuned.onnx
  wiseFt:
    kind: merge-onnx
    zeroShotClassifier: clip/zeroshot-classifier.onnx
ensemble:
  alpha: 0.5
  sweep: [0, 0.5, 1]
runtime:
  batchSize: 5
  concurrency: 2
`,
  );
  return { config, imageWeight: clip.imageWeight, ftWeight: ft, zsClassifierWeight: zs };
}
