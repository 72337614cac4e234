import { join } from 'node:path';
import { messages } from '../messages.js';

/** The names CoOp gives the 11 few-shot datasets (its config and class names). */
export type CoopDatasetName =
  | 'ImageNet'
  | 'Caltech101'
  | 'OxfordPets'
  | 'StanfordCars'
  | 'OxfordFlowers'
  | 'Food101'
  | 'FGVCAircraft'
  | 'SUN397'
  | 'DescribableTextures'
  | 'EuroSAT'
  | 'UCF101';

/**
 * How a dataset's splits are given: a `split_zhou_*.json` file, FGVC-Aircraft's own variant lists, or
 * ImageNet's train/val folders.
 */
export type CoopSplitFormat = 'split-json' | 'fgvc-lists' | 'imagenet-folder';

/** Where CoOp expects a dataset under its data root, and how its split is given. */
export interface CoopDatasetInfo {
  readonly name: CoopDatasetName;
  /** The name papers print (e.g. Flowers102, DTD). */
  readonly shortName: string;
  /** The dataset's folder under the data root. */
  readonly dir: string;
  /** Images folder inside `dir` that split paths are relative to ('' = `dir` itself). */
  readonly imageDir: string;
  /** Split file inside `dir`, when the format is 'split-json'. */
  readonly splitFile?: string;
  readonly format: CoopSplitFormat;
  readonly classes: number;
}

/**
 * The 11 datasets with CoOp's folder layout (its DATASETS.md): e.g. Caltech101's split paths such as
 * `Faces/image_0274.jpg` are relative to `caltech-101/101_ObjectCategories/`; StanfordCars' paths
 * (`cars_train/...`) to `stanford_cars/` itself.
 */
export const COOP_DATASETS: readonly CoopDatasetInfo[] = [
  {
    name: 'ImageNet',
    shortName: 'ImageNet',
    dir: 'imagenet',
    imageDir: 'images',
    format: 'imagenet-folder',
    classes: 1000,
  },
  {
    name: 'Caltech101',
    shortName: 'Caltech101',
    dir: 'caltech-101',
    imageDir: '101_ObjectCategories',
    splitFile: 'split_zhou_Caltech101.json',
    format: 'split-json',
    classes: 100,
  },
  {
    name: 'OxfordPets',
    shortName: 'OxfordPets',
    dir: 'oxford_pets',
    imageDir: 'images',
    splitFile: 'split_zhou_OxfordPets.json',
    format: 'split-json',
    classes: 37,
  },
  {
    name: 'StanfordCars',
    shortName: 'StanfordCars',
    dir: 'stanford_cars',
    imageDir: '',
    splitFile: 'split_zhou_StanfordCars.json',
    format: 'split-json',
    classes: 196,
  },
  {
    name: 'OxfordFlowers',
    shortName: 'Flowers102',
    dir: 'oxford_flowers',
    imageDir: 'jpg',
    splitFile: 'split_zhou_OxfordFlowers.json',
    format: 'split-json',
    classes: 102,
  },
  {
    name: 'Food101',
    shortName: 'Food101',
    dir: 'food-101',
    imageDir: 'images',
    splitFile: 'split_zhou_Food101.json',
    format: 'split-json',
    classes: 101,
  },
  {
    name: 'FGVCAircraft',
    shortName: 'FGVCAircraft',
    dir: 'fgvc_aircraft',
    imageDir: 'images',
    format: 'fgvc-lists',
    classes: 100,
  },
  {
    name: 'SUN397',
    shortName: 'SUN397',
    dir: 'sun397',
    imageDir: 'SUN397',
    splitFile: 'split_zhou_SUN397.json',
    format: 'split-json',
    classes: 397,
  },
  {
    name: 'DescribableTextures',
    shortName: 'DTD',
    dir: 'dtd',
    imageDir: 'images',
    splitFile: 'split_zhou_DescribableTextures.json',
    format: 'split-json',
    classes: 47,
  },
  {
    name: 'EuroSAT',
    shortName: 'EuroSAT',
    dir: 'eurosat',
    imageDir: '2750',
    splitFile: 'split_zhou_EuroSAT.json',
    format: 'split-json',
    classes: 10,
  },
  {
    name: 'UCF101',
    shortName: 'UCF101',
    dir: 'ucf101',
    imageDir: 'UCF-101-midframes',
    splitFile: 'split_zhou_UCF101.json',
    format: 'split-json',
    classes: 101,
  },
];

/**
 * Looks a dataset up by its CoOp name or short name, case-insensitively (e.g. 'caltech101', 'DTD').
 * @throws Error listing the known names when there is no such dataset
 */
export function coopDataset(name: string): CoopDatasetInfo {
  const key = name.toLowerCase();
  const found = COOP_DATASETS.find((d) => d.name.toLowerCase() === key || d.shortName.toLowerCase() === key);
  if (!found)
    throw new Error(
      messages.unknownCoopDataset(
        name,
        COOP_DATASETS.map((d) => d.name),
      ),
    );
  return found;
}

/**
 * Paths of a dataset under a CoOp-style data root: the dataset folder, the image root its split paths are
 * relative to, and the split file (when the format has one).
 * @param info the dataset
 * @param dataRoot CoOp's DATASET.ROOT, the folder holding `caltech-101/`, `oxford_pets/`, ...
 */
export function coopPaths(
  info: CoopDatasetInfo,
  dataRoot: string,
): { dir: string; imageRoot: string; splitFile?: string } {
  const dir = join(dataRoot, info.dir);
  const imageRoot = info.imageDir === '' ? dir : join(dir, info.imageDir);
  return info.splitFile ? { dir, imageRoot, splitFile: join(dir, info.splitFile) } : { dir, imageRoot };
}
