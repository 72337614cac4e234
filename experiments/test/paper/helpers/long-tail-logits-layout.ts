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

/** Training images per class: many (> 100) for classes 0-1, medium (20-100) for 2-3, few (< 20) for 4-5. */
export const LT_COUNTS = [150, 120, 60, 30, 15, 5];
export const LT_K = LT_COUNTS.length;

/** Per benchmark: train labels, val and test splits. */
export type LongTailData = Record<string, { train: Int32Array; val: SyntheticSplit; test: SyntheticSplit }>;

/**
 * Writes a logits-mode long-tail layout under `root/lt/<benchmark>/` and its config `root/long-tail.yaml`: the
 * fine-tuned logits carry log pi_s (a model trained on the long-tailed split), the zero-shot ones a different
 * pre-training bias.
 */
export function writeLongTailLogits(root: string): { config: string; data: LongTailData } {
  const random = createRandom(11);
  const total = LT_COUNTS.reduce((a, b) => a + b, 0);
  const logPiS = LT_COUNTS.map((c) => Math.log(c / total));
  const data: LongTailData = {};
  for (const benchmark of ['imagenet-lt', 'places-lt']) {
    const prior = geometricPrior(LT_K, 15).reverse();
    const train = Int32Array.from(LT_COUNTS.flatMap((c, j) => Array.from({ length: c }, () => j)));
    const val = syntheticSplit(random, LT_K, 10, prior, { ftBias: logPiS });
    const test = syntheticSplit(random, LT_K, 20, prior, { ftBias: logPiS });
    data[benchmark] = { train, val, test };
    const dir = join(root, 'lt', benchmark);
    writeNpy(join(dir, 'labels-train.npy'), train, [train.length]);
    for (const [role, s] of [
      ['val', val],
      ['test', test],
    ] as const) {
      writeNpy(join(dir, `labels-${role}.npy`), s.labels, [s.labels.length]);
      writeNpy(join(dir, `zs-${role}.npy`), s.zeroShot, [s.labels.length, LT_K]);
    }
    writeNpy(join(dir, 'ft-test.npy'), test.fineTuned, [test.labels.length, LT_K]);
    writeNpy(join(dir, 'wise-0.5-test.npy'), mixLogits(test, 0.5), [test.labels.length, LT_K]);
  }
  const yaml = `experiment: tiny-long-tail
kind: long-tail
title: Tiny long-tail
backbone: CLIP ViT-B/16
paperReference: ${join(repoRoot, 'configs/paper/gla-neurips2023.yaml')}
data:
  kind: logits
  labels:
    train: lt/{dataset}/labels-train.npy
    val: lt/{dataset}/labels-val.npy
    test: lt/{dataset}/labels-test.npy
models:
  zeroShot:
    kind: logits
    files:
      val: lt/{dataset}/zs-val.npy
      test: lt/{dataset}/zs-test.npy
  fineTuned:
    kind: logits
    files:
      test: lt/{dataset}/ft-test.npy
  wiseFt:
    kind: logits
    files:
      test: lt/{dataset}/wise-{alpha}-test.npy
`;
  const config = join(root, 'long-tail.yaml');
  writeFileSync(config, yaml);
  return { config, data };
}
