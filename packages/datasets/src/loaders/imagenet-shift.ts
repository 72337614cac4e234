import { join, resolve } from 'node:path';
import { messages } from '../messages.js';
import { DatasetError } from './dataset-error.js';
import type { DatasetSplit } from './dataset-split.js';
import { scanImageFolder } from './image-folder.js';

/** The ImageNet distribution-shift test sets. */
export type ImageNetShiftName = 'imagenet-v2' | 'imagenet-sketch' | 'imagenet-r' | 'imagenet-a';

/** How each shift set is laid out in its standard release. */
export interface ImageNetShiftInfo {
  /** Number of classes (1000, or the 200-class subsets of -R and -A). */
  readonly classes: number;
  /** Class folders named by ImageNet class index ('index': 0..999) or by wnid. */
  readonly folders: 'index' | 'wnid';
  /** The folder name the standard release unpacks to. */
  readonly releaseDir: string;
}

/** Layout of each shift set (V2: matched-frequency release). */
export const IMAGENET_SHIFTS: Readonly<Record<ImageNetShiftName, ImageNetShiftInfo>> = {
  'imagenet-v2': { classes: 1000, folders: 'index', releaseDir: 'imagenetv2-matched-frequency-format-val' },
  'imagenet-sketch': { classes: 1000, folders: 'wnid', releaseDir: 'sketch' },
  'imagenet-r': { classes: 200, folders: 'wnid', releaseDir: 'imagenet-r' },
  'imagenet-a': { classes: 200, folders: 'wnid', releaseDir: 'imagenet-a' },
};

/**
 * A shift test set. Labels are local (0..classes-1, in the subset's own order); `classIndices[label]` is the
 * class's index in the 1000-way ImageNet list, so 1000-way logits are restricted with
 * `restrictLogits(logits, classIndices)` before the argmax, as WiSE-FT evaluates -R and -A.
 */
export interface ShiftSplit extends DatasetSplit {
  readonly classIndices: Int32Array;
}

/** Options of {@link loadImageNetShift}. */
export interface ImageNetShiftOptions {
  /** The 1000 ImageNet class names in index order (prompt names). */
  readonly classNames: readonly string[];
  /** The 1000 ImageNet wnids in index order (sorted); needed for the wnid-folder sets. */
  readonly wnids?: readonly string[];
}

/**
 * Loads a shift set from its folder without opening an image.
 * @param name which set
 * @param dir the set's folder (the one holding the class folders, e.g. `.../imagenet-r`)
 * @param options classNames (1000, required), wnids (1000, required for Sketch, -R and -A)
 * @throws DatasetError on an unknown wnid or class index, or a class count other than the release's
 */
export async function loadImageNetShift(
  name: ImageNetShiftName,
  dir: string,
  options: ImageNetShiftOptions,
): Promise<ShiftSplit> {
  const info = IMAGENET_SHIFTS[name];
  const root = resolve(dir);
  if (options.classNames.length !== 1000) {
    throw new DatasetError(root, messages.classCountMismatch(`${root} (class names)`, 1000, options.classNames.length));
  }
  const scan = await scanImageFolder(root, { folderOrder: info.folders === 'index' ? 'numeric' : 'name' });
  if (scan.classFolders.length !== info.classes) {
    throw new DatasetError(root, messages.classCountMismatch(root, info.classes, scan.classFolders.length));
  }
  let indices: number[];
  if (info.folders === 'index') {
    indices = scan.classFolders.map(Number);
    const bad = indices.find((j) => j >= 1000);
    if (bad !== undefined)
      throw new DatasetError(join(root, String(bad)), messages.classIndexFolder(join(root, String(bad))));
  } else {
    const wnids = options.wnids;
    if (wnids?.length !== 1000) throw new DatasetError(root, messages.wnidsRequired(root, name));
    const position = new Map(wnids.map((w, j) => [w, j]));
    indices = scan.classFolders.map((folder) => {
      const j = position.get(folder);
      if (j === undefined) throw new DatasetError(join(root, folder), messages.unknownWnid(join(root, folder)));
      return j;
    });
  }
  return {
    name,
    classNames: indices.map((j) => options.classNames[j]),
    samples: scan.samples,
    classIndices: Int32Array.from(indices),
  };
}
