import { readFile } from 'node:fs/promises';
import { loadImageNetFolder, loadImageNetShift, parseLtSplitList, type ImageNetShiftName } from '@gla/datasets';
import { resolvePath } from '../config/fill-pattern.js';
import type { ManyShotConfig } from '../config/paper-config.js';
import { samplesStage } from '../stages/input-stages.js';
import { MissingInputError } from '../../engine/missing-input-error.js';
import { nameListStage, readNameList } from '../stages/name-list.js';
import { limitPerClass, toSampleList, type SampleList } from '../stages/sample-list.js';
import type { StageRegistry } from '../../engine/stage-registry.js';
import type { ImageSplits } from './image-splits.js';

/**
 * ImageNet's splits for the many-shot experiment: `heldout` (the held-out list of train images, e.g. the
 * ImageNet-LT val list, 20 per class), `val`, `train` (linear heads only) and the shift sets; -R and -A carry the
 * 1000-way indices of their 200 classes.
 */
export function manyShotImageSplits(config: ManyShotConfig, root: string, registry: StageRegistry): ImageSplits {
  const data = config.data;
  if (data.kind !== 'images') throw new Error('manyShotImageSplits needs data.kind: images');
  const imagenet = resolvePath(root, data.imagenet);
  const classNamesFile = resolvePath(root, data.classNames);
  const wnidsFile = resolvePath(root, data.wnids);
  const lists = async () => ({
    classNames: await readNameList(classNamesFile, 'data.classNames', 'classnames'),
    wnids: await readNameList(wnidsFile, 'data.wnids', 'wnids'),
  });
  const load: Record<string, () => Promise<SampleList>> = {
    heldout: async () => {
      const file = resolvePath(root, data.heldOut);
      const text = await readFile(file, 'utf8').catch(() => {
        throw new MissingInputError(file, 'data.heldOut');
      });
      const split = parseLtSplitList(text, file, imagenet, (await lists()).classNames, 'imagenet/heldout');
      return toSampleList(split, imagenet);
    },
    val: async () =>
      limitPerClass(
        toSampleList(await loadImageNetFolder(imagenet, 'val', await lists()), imagenet),
        data.testPerClass,
      ),
    train: async () => toSampleList(await loadImageNetFolder(imagenet, 'train', await lists()), imagenet),
  };
  for (const shift of config.shifts) {
    load[shift] = async () => {
      const dir = resolvePath(root, data.shiftDirs[shift as ImageNetShiftName]!);
      const split = await loadImageNetShift(shift as ImageNetShiftName, dir, await lists());
      return limitPerClass(toSampleList(split, dir, split.classIndices), data.testPerClass);
    };
  }
  const describe: Record<string, string> = {
    heldout: `held-out train images listed in data.heldOut`,
    val: 'ImageNet val (data.imagenet/val)',
    train: 'ImageNet train (data.imagenet/train)',
  };
  return {
    split: (role) => {
      const loader = load[role];
      if (!loader) throw new Error(`many-shot has no split '${role}'`);
      return {
        samples: registry.once(`imagenet/${role}`, (id) =>
          samplesStage(id, describe[role] ?? `${role} (data.shiftDirs.${role})`, loader),
        ),
      };
    },
    dataset: () => ({
      id: 'imagenet',
      classNames: registry.once('imagenet/class-names', (id) => nameListStage(id, classNamesFile, 'data.classNames')),
    }),
    unitId: () => 'imagenet',
  };
}
