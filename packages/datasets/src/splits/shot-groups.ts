import { type ClassGroups, shotGroups } from '@gla/core';
import { DatasetError } from '../loaders/dataset-error.js';
import type { DatasetSplit } from '../loaders/dataset-split.js';
import { messages } from '../messages.js';
import type { NpyArray } from '@gla/core';

/**
 * Training images per class, the statistic the long-tail groups are cut on.
 * @param split a training split (labels must index its class names)
 * @returns counts in label order
 */
export function trainCounts(split: DatasetSplit<{ readonly label: number }>): Int32Array {
  const counts = new Int32Array(split.classNames.length);
  split.samples.forEach((s, i) => {
    if (!Number.isInteger(s.label) || s.label < 0 || s.label >= counts.length) {
      throw new RangeError(messages.labelOutOfRange(split.name, i, s.label, counts.length));
    }
    counts[s.label]++;
  });
  return counts;
}

/**
 * Many / medium / few groups of a long-tail training split by @gla/core's rule (many > 100 images,
 * few < 20, medium 20-100 inclusive, as OLTR's `shot_acc`): group 0, 1, 2 per class.
 * @param split the training split (e.g. ImageNet_LT_train.txt or Places_LT_train.txt)
 * @param manyAbove threshold in images (default 100)
 * @param fewBelow threshold in images (default 20)
 */
export function trainShotGroups(
  split: DatasetSplit<{ readonly label: number }>,
  manyAbove = 100,
  fewBelow = 20,
): ClassGroups {
  return shotGroups(trainCounts(split), manyAbove, fewBelow);
}

/**
 * Converts a many / medium / few mask (bool[3, K], as `imagenet_lt_shot_list.npy`) to groups 0, 1, 2 per class.
 * @param mask the array from `readNpy`
 * @param file its path, for messages
 * @throws DatasetError when the shape is not [3, K] or a class is in no group or in two
 */
export function groupsFromShotMask(mask: NpyArray, file: string): ClassGroups {
  if (mask.dtype !== '|b1' || mask.shape.length !== 2 || mask.shape[0] !== 3) {
    throw new DatasetError(file, messages.shotMaskShape(file, mask.dtype, mask.shape));
  }
  const k = mask.shape[1];
  const groups = new Int8Array(k);
  for (let j = 0; j < k; j++) {
    const member = [0, 1, 2].filter((g) => Number(mask.data[g * k + j]) !== 0);
    if (member.length !== 1) throw new DatasetError(file, messages.shotMaskClass(file, j, member.length));
    groups[j] = member[0];
  }
  return groups;
}
