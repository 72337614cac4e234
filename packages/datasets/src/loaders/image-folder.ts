import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { messages } from '../messages.js';
import { DatasetError } from './dataset-error.js';
import type { DatasetSplit, Sample } from './dataset-split.js';

/** File extensions torchvision's ImageFolder accepts (compared case-insensitively). */
export const IMAGE_EXTENSIONS: readonly string[] = [
  '.jpg',
  '.jpeg',
  '.png',
  '.ppm',
  '.bmp',
  '.pgm',
  '.tif',
  '.tiff',
  '.webp',
];

/** How class folders are ordered into labels: by name as Python's `sorted` does, or by integer value. */
export type FolderOrder = 'name' | 'numeric';

/** Options of {@link scanImageFolder}. */
export interface ImageFolderOptions {
  /** Accepted extensions with the dot (default {@link IMAGE_EXTENSIONS}). */
  readonly extensions?: readonly string[];
  /** Label order of the class folders (default 'name'). */
  readonly folderOrder?: FolderOrder;
}

/** What a scan of `<root>/<class>/**` found; labels index `classFolders`. */
export interface ImageFolderScan {
  readonly root: string;
  readonly classFolders: readonly string[];
  readonly samples: readonly Sample[];
  /** Files that were not taken: non-image extensions inside class folders and files directly in root. */
  readonly ignored: readonly string[];
  /** Image files lying directly in root (a flat layout has only these). */
  readonly looseImages: readonly string[];
}

/** Python's `sorted` on str compares code points; JS `<` compares UTF-16 units, equal outside astral planes. */
function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function isDirectory(dir: string, entry: Dirent): Promise<boolean> {
  if (entry.isDirectory()) return true;
  // Symlinked folders count, as os.walk(followlinks=True) in torchvision follows them.
  if (entry.isSymbolicLink())
    return stat(join(dir, entry.name)).then(
      (s) => s.isDirectory(),
      () => false,
    );
  return false;
}

async function listDir(dir: string): Promise<Dirent[]> {
  return readdir(dir, { withFileTypes: true }).catch(() => {
    throw new DatasetError(dir, messages.notADirectory(dir));
  });
}

/** All files under `dir` in os.walk order sorted by folder path, each folder's files sorted by name. */
async function walkFiles(dir: string): Promise<string[]> {
  const folders: { path: string; files: string[] }[] = [];
  const visit = async (path: string): Promise<void> => {
    const entries = await listDir(path);
    const files: string[] = [];
    for (const e of entries) {
      if (await isDirectory(path, e)) await visit(join(path, e.name));
      else files.push(e.name);
    }
    folders.push({ path, files: files.sort(byName) });
  };
  await visit(dir);
  folders.sort((a, b) => byName(a.path, b.path));
  return folders.flatMap((f) => f.files.map((name) => join(f.path, name)));
}

/**
 * Scans an ImageFolder layout (`<root>/<class>/**\/<image>`) without opening any image: classes are the
 * sub-folders in `folderOrder`, files are taken recursively in torchvision's order. Nothing is dropped
 * silently: skipped files are returned in `ignored`.
 * @param root folder holding one sub-folder per class
 * @param options extensions (default ImageFolder's), folderOrder (default 'name')
 * @throws DatasetError when root is not a folder, has no class folder, a class folder has no image, or
 *   (with 'numeric') a folder name is not an integer
 */
export async function scanImageFolder(root: string, options: ImageFolderOptions = {}): Promise<ImageFolderScan> {
  const dir = resolve(root);
  const extensions = (options.extensions ?? IMAGE_EXTENSIONS).map((e) => e.toLowerCase());
  const isImage = (name: string): boolean => extensions.includes(extname(name).toLowerCase());
  const entries = await listDir(dir);
  const folders: string[] = [];
  const loose: string[] = [];
  for (const e of entries) {
    if (await isDirectory(dir, e)) folders.push(e.name);
    else loose.push(join(dir, e.name));
  }
  const looseImages = loose.filter(isImage);
  if (folders.length === 0) {
    throw new DatasetError(
      dir,
      looseImages.length > 0 ? messages.flatFolder(dir, looseImages.length) : messages.noClassFolders(dir),
    );
  }
  if ((options.folderOrder ?? 'name') === 'numeric') {
    const bad = folders.find((f) => !/^\d+$/.test(f));
    if (bad !== undefined) throw new DatasetError(join(dir, bad), messages.notNumericFolder(join(dir, bad)));
    folders.sort((a, b) => Number(a) - Number(b));
  } else {
    folders.sort(byName);
  }
  const samples: Sample[] = [];
  const ignored: string[] = [...loose];
  for (let label = 0; label < folders.length; label++) {
    const classDir = join(dir, folders[label]);
    const files = await walkFiles(classDir);
    let taken = 0;
    for (const path of files) {
      if (isImage(path)) {
        samples.push({ path, label });
        taken++;
      } else {
        ignored.push(path);
      }
    }
    if (taken === 0) throw new DatasetError(classDir, messages.emptyClassFolder(classDir));
  }
  return { root: dir, classFolders: folders, samples, ignored, looseImages };
}

/** A split read from class folders, keeping the folder names its labels come from. */
export interface ImageFolderSplit extends DatasetSplit {
  readonly folders: readonly string[];
  readonly ignored: readonly string[];
}

/**
 * A folder-of-images dataset (e.g. CIFAR exported as `train/<class>/*.png`) as a split. Class names default
 * to the folder names; given ones must match the folder count.
 * @param root folder holding one sub-folder per class
 * @param options name (default the folder path), classNames, extensions, folderOrder (default 'name')
 * @throws DatasetError as {@link scanImageFolder}, or when `classNames` has the wrong length
 */
export async function loadImageFolder(
  root: string,
  options: ImageFolderOptions & { readonly name?: string; readonly classNames?: readonly string[] } = {},
): Promise<ImageFolderSplit> {
  const scan = await scanImageFolder(root, options);
  const classNames = options.classNames ?? scan.classFolders;
  if (classNames.length !== scan.classFolders.length) {
    throw new DatasetError(
      scan.root,
      messages.classCountMismatch(scan.root, classNames.length, scan.classFolders.length),
    );
  }
  return {
    name: options.name ?? scan.root,
    classNames,
    samples: scan.samples,
    folders: scan.classFolders,
    ignored: scan.ignored,
  };
}
