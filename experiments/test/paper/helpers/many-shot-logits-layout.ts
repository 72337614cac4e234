import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createRandom,
  geometricPrior,
  mixLogits,
  syntheticSplit,
  writeNpy,
  type SyntheticSplit,
} from './synthetic-logits.js';
import { repoRoot } from './repo-paths.js';

export const MANY_SHOT_K = 12;
export const R_CLASSES = [0, 2, 4, 6, 8, 10];
export const A_CLASSES = [1, 3, 5, 7, 9, 11];
export const SWEEP = [0, 0.5, 1];

/** The splits of the tiny many-shot world, by role. */
export type ManyShotData = Record<
  'heldout' | 'val' | 'imagenet-v2' | 'imagenet-sketch' | 'imagenet-r' | 'imagenet-a',
  SyntheticSplit
>;

/**
 * Writes a logits-mode many-shot layout under `root/logits` and its config `root/imagenet.yaml` (paths relative
 * to root): 12 classes, a long-tailed zero-shot bias, -R with 1000-way-style global labels, -A with local labels
 * and a class index file.
 */
export function writeManyShotLogits(root: string, seed = 1): { config: string; data: ManyShotData } {
  const k = MANY_SHOT_K;
  const random = createRandom(seed);
  const prior = geometricPrior(k, 30);
  const data: ManyShotData = {
    heldout: syntheticSplit(random, k, 20, prior),
    val: syntheticSplit(random, k, 25, prior),
    'imagenet-v2': syntheticSplit(random, k, 15, prior, { zsSignal: 1.5, ftSignal: 1.2 }),
    'imagenet-sketch': syntheticSplit(random, k, 15, prior, { zsSignal: 1.3, ftSignal: 0.9 }),
    'imagenet-r': syntheticSplit(random, k, 15, prior, { classes: R_CLASSES, zsSignal: 1.4, ftSignal: 0.8 }),
    'imagenet-a': syntheticSplit(random, k, 15, prior, { classes: A_CLASSES, zsSignal: 1.1, ftSignal: 0.7 }),
  };
  for (const [role, split] of Object.entries(data)) {
    const n = split.labels.length;
    const labels = role === 'imagenet-a' ? Int32Array.from(split.labels, (y) => A_CLASSES.indexOf(y)) : split.labels;
    writeNpy(join(root, 'logits/labels', `${role}.npy`), labels, [n]);
    writeNpy(join(root, 'logits/zero-shot', `${role}.npy`), split.zeroShot, [n, k]);
    if (role !== 'heldout') {
      writeNpy(join(root, 'logits/fine-tuned', `${role}.npy`), split.fineTuned, [n, k]);
      for (const alpha of SWEEP)
        writeNpy(join(root, `logits/wise/${alpha}`, `${role}.npy`), mixLogits(split, alpha), [n, k]);
    }
  }
  writeFileSync(join(root, 'logits/a-classes.json'), JSON.stringify(A_CLASSES));
  const roles = Object.keys(data);
  const files = (dir: string, skip: string[] = []) =>
    roles
      .filter((r) => !skip.includes(r))
      .map((r) => `      ${r}: logits/${dir}/${r}.npy`)
      .join('\n');
  const yaml = `experiment: tiny-imagenet
kind: many-shot
title: Tiny many-shot
backbone: CLIP ViT-B/16
paperReference: ${join(repoRoot, 'configs/paper/gla-neurips2023.yaml')}
data:
  kind: logits
  labels:
${files('labels').replace(/^ {6}/gm, '    ')}
  classIndices:
    imagenet-a: logits/a-classes.json
models:
  zeroShot:
    kind: logits
    files:
${files('zero-shot')}
  fineTuned:
    kind: logits
    files:
${files('fine-tuned', ['heldout'])}
  wiseFt:
    kind: logits
    files:
${files('wise/{alpha}', ['heldout'])}
ensemble:
  alpha: 0.5
  sweep: [${SWEEP.join(', ')}]
`;
  const config = join(root, 'imagenet.yaml');
  writeFileSync(config, yaml);
  return { config, data };
}
