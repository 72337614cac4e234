import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DatasetError } from '../loaders/dataset-error.js';
import type { DatasetSplit, Sample } from '../loaders/dataset-split.js';
import { messages } from '../messages.js';

/** The long-tail benchmarks read from split lists. */
export type LtBenchmark = 'imagenet-lt' | 'places-lt';

/** File names and class count of each benchmark's lists (OLTR's release). */
export const LT_BENCHMARKS: Readonly<
  Record<LtBenchmark, { classes: number; files: Record<'train' | 'val' | 'test', string> }>
> = {
  'imagenet-lt': {
    classes: 1000,
    files: { train: 'ImageNet_LT_train.txt', val: 'ImageNet_LT_val.txt', test: 'ImageNet_LT_test.txt' },
  },
  'places-lt': {
    classes: 365,
    files: { train: 'Places_LT_train.txt', val: 'Places_LT_val.txt', test: 'Places_LT_test.txt' },
  },
};

/**
 * Parses a split list with one `<relative path> <label>` per line; the label is the last field, so paths
 * may contain spaces. Blank lines are ignored.
 * @param text the list's contents
 * @param file its path, for messages
 * @param imageRoot the folder the paths start from
 * @param classNames class names in label order; every label must index them
 * @param name the split's name (default: the file path)
 * @throws DatasetError naming the line of a malformed entry or an out-of-range label
 */
export function parseLtSplitList(
  text: string,
  file: string,
  imageRoot: string,
  classNames: readonly string[],
  name = file,
): DatasetSplit {
  const root = resolve(imageRoot);
  const samples: Sample[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line.length === 0) continue;
    const space = line.lastIndexOf(' ');
    const label = Number(line.slice(space + 1));
    if (space <= 0 || !/^\d+$/.test(line.slice(space + 1)))
      throw new DatasetError(file, messages.badListLine(file, i + 1, line));
    if (label >= classNames.length)
      throw new DatasetError(file, messages.listLabel(file, i + 1, label, classNames.length));
    samples.push({ path: resolve(root, line.slice(0, space).trim()), label });
  }
  return { name, classNames, samples };
}

/**
 * Reads one split of ImageNet-LT or Places-LT from its list file. No image is opened.
 * @param benchmark 'imagenet-lt' (paths like `train/n01440764/...JPEG` from the ImageNet root) or
 *   'places-lt' (paths like `train/airfield/...jpg` from the Places365-standard root)
 * @param split 'train' | 'val' | 'test'
 * @param listDir folder holding the list files
 * @param imageRoot folder the listed paths start from
 * @param classNames names in label order (1000 or 365)
 * @throws DatasetError when the file is missing, a line is malformed, or the class count is wrong
 */
export async function readLtSplit(
  benchmark: LtBenchmark,
  split: 'train' | 'val' | 'test',
  listDir: string,
  imageRoot: string,
  classNames: readonly string[],
): Promise<DatasetSplit> {
  const info = LT_BENCHMARKS[benchmark];
  const file = join(listDir, info.files[split]);
  if (classNames.length !== info.classes)
    throw new DatasetError(file, messages.classCountMismatch(file, info.classes, classNames.length));
  const text = await readFile(file, 'utf8').catch(() => {
    throw new DatasetError(file, messages.fileMissing(file));
  });
  return parseLtSplitList(text, file, imageRoot, classNames, `${benchmark}/${split}`);
}
