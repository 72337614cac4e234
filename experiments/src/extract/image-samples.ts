import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseLtSplitList, readCoopSplit } from '@gla/datasets';
import { ConfigError } from '../config-error.js';

/** Images to embed, in output-row order, with their labels and class names when the source has them. */
export interface ImageSamples {
  /** `id` is the path relative to the source's root (stable across machines); `path` is absolute. */
  samples: { id: string; path: string }[];
  /** Class index of each sample; undefined for an unlabelled folder. */
  labels?: Int32Array;
  /** Class names in label order. */
  classNames?: string[];
  /** What the samples came from, for the manifest. */
  source: { kind: 'folder' | 'coop-split' | 'split-list'; path: string; part?: string; imageRoot?: string };
}

const IMAGE = /\.(jpe?g|png|bmp|gif|webp|tiff?)$/i;

/**
 * The images of a folder: with class subfolders (ImageFolder layout), labels are the subfolders' indices in
 * sorted order and the class names their names; a folder of images alone gives unlabelled samples. Files are
 * sorted by name (byte order), so rows do not depend on the file system's listing order.
 * @throws ConfigError when the folder is missing or holds no image
 */
export async function imageFolderSamples(dir: string): Promise<ImageSamples> {
  const root = resolve(dir);
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch (error) {
    throw new ConfigError(`${dir}: cannot list the image folder (${(error as NodeJS.ErrnoException).code})`);
  }
  const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const classes = entries.filter((e) => e.isDirectory()).sort(byName);
  const samples: { id: string; path: string }[] = [];
  const labels: number[] = [];
  if (classes.length > 0) {
    for (const [label, folder] of classes.entries()) {
      const files = (await readdir(join(root, folder.name), { withFileTypes: true }))
        .filter((e) => e.isFile() && IMAGE.test(e.name))
        .sort(byName);
      for (const file of files) {
        const path = join(root, folder.name, file.name);
        samples.push({ id: relative(root, path), path });
        labels.push(label);
      }
    }
  } else {
    for (const file of entries.filter((e) => e.isFile() && IMAGE.test(e.name)).sort(byName)) {
      samples.push({ id: file.name, path: join(root, file.name) });
    }
  }
  if (samples.length === 0) throw new ConfigError(`${dir}: no image files (.jpg, .png, ...) found`);
  return {
    samples,
    ...(classes.length > 0 ? { labels: Int32Array.from(labels), classNames: classes.map((c) => c.name) } : {}),
    source: { kind: 'folder', path: root },
  };
}

/**
 * One part (train, val or test) of a CoOp split file (`split_zhou_<Name>.json`), in the file's order, with its
 * labels and class names, as `gla run` reads it.
 * @param imageRoot the folder the split's relative paths start from
 */
export async function coopSplitSamples(
  file: string,
  part: 'train' | 'val' | 'test',
  imageRoot: string,
): Promise<ImageSamples> {
  const splits = await readCoopSplit(file, imageRoot);
  const split = splits[part];
  return {
    samples: split.samples.map((s, i) => ({ id: splits.relativePaths[part][i], path: s.path })),
    labels: Int32Array.from(split.samples, (s) => s.label),
    classNames: [...split.classNames],
    source: { kind: 'coop-split', path: resolve(file), part, imageRoot: resolve(imageRoot) },
  };
}

/**
 * A split list with one `<relative path> <label>` per line (ImageNet-LT and Places-LT lists, or your own), in
 * file order. Class names come from a JSON array in label order (as `configs/protocol/*-classnames.json`);
 * without one they are the label numbers.
 * @param imageRoot the folder the listed paths start from
 * @throws ConfigError when the list is missing; DatasetError naming the line of a malformed entry
 */
export async function splitListSamples(
  file: string,
  imageRoot: string,
  classNamesFile?: string,
): Promise<ImageSamples> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${file}: cannot read the split list (${(error as NodeJS.ErrnoException).code})`);
  }
  let classNames: string[];
  if (classNamesFile !== undefined) classNames = await readClassNameArray(classNamesFile);
  else {
    // Without names, the labels name themselves: as many classes as the largest label needs.
    let max = -1;
    for (const line of text.split(/\r?\n/)) {
      const label = Number(line.trim().split(' ').at(-1));
      if (Number.isInteger(label) && label > max) max = label;
    }
    classNames = Array.from({ length: max + 1 }, (_, j) => String(j));
  }
  const root = resolve(imageRoot);
  const split = parseLtSplitList(text, file, root, classNames);
  if (split.samples.length === 0) throw new ConfigError(`${file}: the split list holds no image`);
  return {
    samples: split.samples.map((s) => ({ id: relative(root, s.path), path: s.path })),
    labels: Int32Array.from(split.samples, (s) => s.label),
    classNames,
    source: { kind: 'split-list', path: resolve(file), imageRoot: root },
  };
}

async function readClassNameArray(file: string): Promise<string[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${file}: cannot read class names (${(error as Error).message.split('\n')[0]})`);
  }
  if (!Array.isArray(parsed) || parsed.some((n) => typeof n !== 'string'))
    throw new ConfigError(`${file}: expected a JSON array of class names in label order`);
  return parsed as string[];
}
