import { createRandom } from '@gla/core';
import type { DatasetSplit, Sample } from '../loaders/dataset-split.js';
import { messages } from '../messages.js';
import type { FewShotSplits } from './coop-fewshot-file.js';

/** A class that had fewer samples than asked for: all of them were taken, as CoOp does. */
export interface ShortClass {
  readonly split: string;
  readonly label: number;
  readonly available: number;
  readonly wanted: number;
}

/** Mixes seed, class and a per-split salt into one 32-bit seed, so each class has its own stream. */
function classSeed(seed: number, label: number, salt: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ label, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h ^ salt, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Draws `shots` samples per class without replacement. Each class has its own random stream and the draw
 * is a partial Fisher-Yates shuffle, so for one seed the k-shot subset contains every smaller-k subset
 * (1 in 2 in 4 in 8 in 16). Classes with fewer samples give all they have and are reported in `short`.
 * Output order: by label, then by position in the input split.
 * @param split the split to draw from
 * @param shots samples per class (positive integer)
 * @param seed any integer; the same seed gives the same subset
 * @param salt separates independent draws with the same seed (default 0; the val draw uses 1)
 */
export function sampleFewShot(
  split: DatasetSplit,
  shots: number,
  seed: number,
  salt = 0,
): { split: DatasetSplit; short: ShortClass[] } {
  if (!Number.isInteger(shots) || shots < 1) throw new RangeError(messages.badShots(shots));
  if (!Number.isInteger(seed)) throw new RangeError(messages.badSeed(seed));
  const byClass: number[][] = split.classNames.map(() => []);
  split.samples.forEach((s, i) => {
    if (!byClass[s.label])
      throw new RangeError(messages.labelOutOfRange(split.name, i, s.label, split.classNames.length));
    byClass[s.label].push(i);
  });
  const chosen: number[] = [];
  const short: ShortClass[] = [];
  byClass.forEach((pool, label) => {
    const random = createRandom(classSeed(seed, label, salt));
    const order = pool.slice();
    const take = Math.min(shots, order.length);
    for (let i = 0; i < take; i++) {
      const j = i + random.int(order.length - i);
      [order[i], order[j]] = [order[j], order[i]];
    }
    if (take < shots) short.push({ split: split.name, label, available: order.length, wanted: shots });
    chosen.push(...order.slice(0, take).sort((a, b) => a - b));
  });
  const samples: Sample[] = chosen.map((i) => split.samples[i]);
  return { split: { name: `${split.name}@${shots}shot-seed${seed}`, classNames: split.classNames, samples }, short };
}

/**
 * CoOp's few-shot protocol with our own sampler: k per class from train and min(k, 4) per class from val
 * (CoOp's `generate_fewshot_dataset(val, num_shots=min(num_shots, 4))`; the published Caltech101 files
 * agree: 4 val images per class at k = 8 and 16). Deterministic given the seed, but not the same images as
 * CoOp's Python draw: use the published index files where they exist.
 * @param splits the full train and val splits
 * @param shots k, samples per class in train (CoOp: 1, 2, 4, 8, 16)
 * @param seed 1, 2, 3 in CoOp's protocol
 * @param valShots samples per class in val (default min(shots, 4))
 */
export function sampleFewShotSplits(
  splits: { readonly train: DatasetSplit; readonly val: DatasetSplit },
  shots: number,
  seed: number,
  valShots = Math.min(shots, 4),
): FewShotSplits & { readonly short: readonly ShortClass[] } {
  const train = sampleFewShot(splits.train, shots, seed, 0);
  const val = sampleFewShot(splits.val, valShots, seed, 1);
  return { train: train.split, val: val.split, shots, seed, origin: 'sampled', short: [...train.short, ...val.short] };
}
