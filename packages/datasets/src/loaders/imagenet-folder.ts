import { readdir } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { messages } from '../messages.js';
import { DatasetError } from './dataset-error.js';
import type { DatasetSplit } from './dataset-split.js';
import { IMAGE_EXTENSIONS, scanImageFolder } from './image-folder.js';

/** A WordNet id as ImageNet names its class folders, e.g. n01440764. */
const WNID = /^n\d{8}$/;

/** An ImageNet split read from wnid folders; labels index the sorted `wnids`. */
export interface ImageNetSplit extends DatasetSplit {
  readonly wnids: readonly string[];
  /** Files in the class folders that were not taken (non-image extensions). */
  readonly ignored: readonly string[];
}

/** Options of {@link loadImageNetFolder}. */
export interface ImageNetFolderOptions {
  /**
   * Class names for prompts in wnid order (for CLIP: its curated list of 1000, which the project carries in
   * configs/). Its length must equal the number of wnid folders.
   */
  readonly classNames: readonly string[];
  /** Expected wnids in label order; when given, the folders must be exactly these. */
  readonly wnids?: readonly string[];
}

/**
 * Loads ImageNet in ImageFolder layout, `<root>/<split>/<wnid>/*.JPEG`, as torchvision's ImageFolder does:
 * labels follow the sorted wnids. No image is opened.
 * @param root folder holding `train/` and `val/` (CoOp: `imagenet/images`)
 * @param split 'train' or 'val'
 * @param options classNames (required), wnids (optional check)
 * @throws DatasetError when val (or train) is flat, a folder is not a wnid, or the class count differs
 */
export async function loadImageNetFolder(
  root: string,
  split: 'train' | 'val',
  options: ImageNetFolderOptions,
): Promise<ImageNetSplit> {
  const dir = resolve(join(root, split));
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => {
    throw new DatasetError(dir, messages.notADirectory(dir));
  });
  // The ILSVRC2012 validation tarball unpacks flat; give the fix instead of a generic "no class folder".
  const hasFolders = entries.some((e) => e.isDirectory() || e.isSymbolicLink());
  const flatImages = entries.filter((e) => e.isFile() && IMAGE_EXTENSIONS.includes(extname(e.name).toLowerCase()));
  if (!hasFolders && flatImages.length > 0) throw new DatasetError(dir, messages.flatImageNet(dir, flatImages.length));
  const scan = await scanImageFolder(dir);
  const notWnid = scan.classFolders.find((f) => !WNID.test(f));
  if (notWnid !== undefined) throw new DatasetError(join(dir, notWnid), messages.notWnidFolder(join(dir, notWnid)));
  if (options.wnids) {
    const expected = options.wnids;
    const differs = expected.length !== scan.classFolders.length || expected.some((w, i) => w !== scan.classFolders[i]);
    if (differs) {
      const missing = expected.filter((w) => !scan.classFolders.includes(w));
      const extra = scan.classFolders.filter((w) => !expected.includes(w));
      throw new DatasetError(dir, messages.wnidsDiffer(dir, missing, extra));
    }
  }
  if (options.classNames.length !== scan.classFolders.length) {
    throw new DatasetError(dir, messages.classCountMismatch(dir, options.classNames.length, scan.classFolders.length));
  }
  return {
    name: `imagenet/${split}`,
    classNames: options.classNames,
    samples: scan.samples,
    wnids: scan.classFolders,
    ignored: scan.ignored,
  };
}
