import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DatasetError } from '../loaders/dataset-error.js';
import type { DatasetSplit } from '../loaders/dataset-split.js';
import { messages } from '../messages.js';
import type { CoopSplits } from './coop-split.js';

async function readLines(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new DatasetError(file, messages.fileMissing(file));
  });
  return text.split(/\r?\n/).map((l) => l.trim());
}

/**
 * Reads FGVC-Aircraft the way CoOp does (it ships no split JSON for it): class names are the lines of
 * `variants.txt` in file order (label = line index), and `images_variant_{train,val,test}.txt` list
 * `<image id> <variant name>` per line, the image being `images/<image id>.jpg`.
 * @param dir the dataset folder (CoOp: `<root>/fgvc_aircraft`, i.e. the release's `data/` folder)
 * @param imageRoot folder of the images (default `<dir>/images`)
 * @throws DatasetError on a missing file, a malformed line or a variant absent from `variants.txt`
 */
export async function readFgvcAircraftSplits(dir: string, imageRoot = join(dir, 'images')): Promise<CoopSplits> {
  const variantsFile = join(dir, 'variants.txt');
  const classNames = (await readLines(variantsFile)).filter((l) => l.length > 0);
  const labelOf = new Map(classNames.map((c, j) => [c, j]));
  const root = resolve(imageRoot);
  const read = async (part: 'train' | 'val' | 'test'): Promise<{ split: DatasetSplit; rel: string[] }> => {
    const file = join(dir, `images_variant_${part}.txt`);
    const lines = await readLines(file);
    const rel: string[] = [];
    const samples = [];
    for (let i = 0; i < lines.length; i++) {
      if (lines[i].length === 0) continue;
      const space = lines[i].indexOf(' ');
      if (space <= 0) throw new DatasetError(file, messages.badListLine(file, i + 1, lines[i]));
      const variant = lines[i].slice(space + 1);
      const label = labelOf.get(variant);
      if (label === undefined)
        throw new DatasetError(file, messages.unknownClassName(file, i + 1, variant, variantsFile));
      const path = `${lines[i].slice(0, space)}.jpg`;
      rel.push(path);
      samples.push({ path: resolve(root, path), label });
    }
    return { split: { name: `FGVCAircraft/${part}`, classNames, samples }, rel };
  };
  const [train, val, test] = await Promise.all([read('train'), read('val'), read('test')]);
  return {
    train: train.split,
    val: val.split,
    test: test.split,
    relativePaths: { train: train.rel, val: val.rel, test: test.rel },
  };
}
