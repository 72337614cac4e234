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

export const FEW_SHOT_DATASETS = { ImageNet: 6, Caltech101: 5, OxfordPets: 4 } as const;
export const FEW_SHOTS = [1, 2];
export const FEW_SEEDS = [1, 2];

/** One few-shot run's splits. */
export interface FewShotUnitData {
  train: SyntheticSplit;
  val: SyntheticSplit;
}

/** Test split per dataset and k-shot sets per (dataset, shots, seed). */
export interface FewShotData {
  test: Record<string, SyntheticSplit>;
  units: Record<string, FewShotUnitData>;
}

export const unitKey = (dataset: string, shots: number, seed: number) => `${dataset.toLowerCase()}/${shots}/${seed}`;

/**
 * Writes a logits-mode few-shot layout under `root/fs` for three datasets x shots {1, 2} x seeds {1, 2}, and two
 * configs: `few-shot.yaml` (temperatures off) and `few-shot-confidence.yaml` (the authors' confidence matching).
 * Backbone CLIP RN50, so the paper's ImageNet GLA numbers apply.
 */
export function writeFewShotLogits(root: string): { config: string; confidenceConfig: string; data: FewShotData } {
  const random = createRandom(7);
  const data: FewShotData = { test: {}, units: {} };
  for (const [name, k] of Object.entries(FEW_SHOT_DATASETS)) {
    const prior = geometricPrior(k, 20);
    const slug = name.toLowerCase();
    const test = syntheticSplit(random, k, 12, prior);
    data.test[slug] = test;
    writeNpy(join(root, `fs/${slug}/labels-test.npy`), test.labels, [test.labels.length]);
    writeNpy(join(root, `fs/${slug}/zs-test.npy`), test.zeroShot, [test.labels.length, k]);
    for (const shots of FEW_SHOTS) {
      for (const seed of FEW_SEEDS) {
        const dir = join(root, `fs/${slug}/k${shots}-s${seed}`);
        // The fine-tuned model improves with shots and differs per seed: new evidence per run on the test split.
        const ftTest = syntheticSplit(random, k, 12, prior, { ftSignal: 0.8 + 0.3 * shots });
        const unit = {
          train: syntheticSplit(random, k, shots, prior),
          val: syntheticSplit(random, k, Math.min(shots, 4), prior),
        };
        data.units[unitKey(name, shots, seed)] = unit;
        for (const role of ['train', 'val'] as const) {
          const s = unit[role];
          writeNpy(join(dir, `labels-${role}.npy`), s.labels, [s.labels.length]);
          writeNpy(join(dir, `zs-${role}.npy`), s.zeroShot, [s.labels.length, k]);
        }
        writeNpy(join(dir, 'ft-val.npy'), unit.val.fineTuned, [unit.val.labels.length, k]);
        // Same test images (same label order); only the fine-tuned logits are per run.
        const ft = ftTest.fineTuned;
        writeNpy(join(dir, 'ft-test.npy'), ft, [test.labels.length, k]);
        writeNpy(join(dir, 'wise-test.npy'), mixLogits({ ...test, fineTuned: ft }, 0.5), [test.labels.length, k]);
      }
    }
  }
  const yaml = (experiment: string, temperature: string) => `experiment: ${experiment}
kind: few-shot
title: Tiny few-shot
backbone: CLIP RN50
paperReference: ${join(repoRoot, 'configs/paper/gla-neurips2023.yaml')}
datasets: [${Object.keys(FEW_SHOT_DATASETS).join(', ')}]
shots: [${FEW_SHOTS.join(', ')}]
seeds: [${FEW_SEEDS.join(', ')}]
data:
  kind: logits
  labels:
    train: fs/{dataset}/k{shots}-s{seed}/labels-train.npy
    val: fs/{dataset}/k{shots}-s{seed}/labels-val.npy
    test: fs/{dataset}/labels-test.npy
models:
  zeroShot:
    kind: logits
    files:
      train: fs/{dataset}/k{shots}-s{seed}/zs-train.npy
      val: fs/{dataset}/k{shots}-s{seed}/zs-val.npy
      test: fs/{dataset}/zs-test.npy
  fineTuned:
    kind: logits
    files:
      val: fs/{dataset}/k{shots}-s{seed}/ft-val.npy
      test: fs/{dataset}/k{shots}-s{seed}/ft-test.npy
  wiseFt:
    kind: logits
    files:
      test: fs/{dataset}/k{shots}-s{seed}/wise-test.npy
temperature:
  zeroShot: ${temperature}
  fineTuned: ${temperature}
`;
  const config = join(root, 'few-shot.yaml');
  const confidenceConfig = join(root, 'few-shot-confidence.yaml');
  writeFileSync(config, yaml('tiny-few-shot', 'none'));
  writeFileSync(confidenceConfig, yaml('tiny-few-shot-confidence', 'confidence'));
  return { config, confidenceConfig, data };
}
