import { readLtSplit } from '@gla/datasets';
import { resolvePath } from '../config/fill-pattern.js';
import type { LongTailBenchmark } from '../config/long-tail-config.js';
import type { LongTailConfig } from '../config/paper-config.js';
import { samplesStage } from '../stages/input-stages.js';
import { nameListStage, readNameList } from '../stages/name-list.js';
import { limitPerClass, toSampleList } from '../stages/sample-list.js';
import type { StageRegistry } from '../../engine/stage-registry.js';
import type { ImageSplits } from './image-splits.js';

/** ImageNet-LT and Places365-LT from their split lists: long-tailed train, balanced val and test. */
export function longTailImageSplits(config: LongTailConfig, root: string, registry: StageRegistry): ImageSplits {
  const data = config.data;
  if (data.kind !== 'images') throw new Error('longTailImageSplits needs data.kind: images');
  const paths = (benchmark: string) => {
    const b = data[benchmark as Exclude<LongTailBenchmark, 'simulated-lt'>];
    if (!b) throw new Error(`data.${benchmark} is not configured`);
    return {
      lists: resolvePath(root, b.lists),
      images: resolvePath(root, b.images),
      classNames: resolvePath(root, b.classNames),
    };
  };
  return {
    split: (role, unit) => {
      const benchmark = unit.dataset as Exclude<LongTailBenchmark, 'simulated-lt'>;
      if (role !== 'train' && role !== 'val' && role !== 'test') throw new Error(`long-tail has no split '${role}'`);
      const p = paths(benchmark);
      const samples = registry.once(`${benchmark}/${role}`, (id) =>
        samplesStage(id, `${benchmark} ${role} list in data.${benchmark}.lists`, async () => {
          const names = await readNameList(p.classNames, `data.${benchmark}.classNames`, 'classnames');
          const list = toSampleList(await readLtSplit(benchmark, role, p.lists, p.images, names), p.images);
          return role === 'test' ? limitPerClass(list, data.testPerClass) : list;
        }),
      );
      return { samples };
    },
    dataset: (unit) => ({
      id: unit.dataset!,
      classNames: registry.once(`${unit.dataset}/class-names`, (id) =>
        nameListStage(id, paths(unit.dataset!).classNames, `data.${unit.dataset}.classNames`),
      ),
      templatesKey: unit.dataset,
    }),
    unitId: (unit) => unit.dataset!,
  };
}
