import { join } from 'node:path';
import {
  coopDataset,
  coopPaths,
  loadFewShotSplits,
  loadImageNetFolder,
  readCoopSplit,
  readFgvcAircraftSplits,
  type CoopSplits,
} from '@gla/datasets';
import { fillPattern, resolvePath } from '../config/fill-pattern.js';
import type { FewShotConfig } from '../config/paper-config.js';
import { classNamesStage, samplesStage } from '../stages/input-stages.js';
import { readNameList } from '../stages/name-list.js';
import { limitPerClass, toSampleList, unionOfLists, type SampleList } from '../stages/sample-list.js';
import type { StageContext } from '../../engine/stage-context.js';
import type { StageRegistry } from '../../engine/stage-registry.js';
import type { ImageSplits } from './image-splits.js';
import { datasetSlug } from '../pipelines/few-shot-pipeline.js';

/**
 * The CoOp datasets for the few-shot experiment: per (dataset, k, seed) the k-shot train and val sets (the
 * published index files when `data.fewShotDir` has them, else CoOp's sampling rule) and the full test split.
 * Features are extracted once per dataset on the union of every k-shot set (the pool). ImageNet has no split
 * file: train is ImageNet train, test is ImageNet val, and the k-shot val set is drawn from train too.
 */
export function fewShotImageSplits(config: FewShotConfig, root: string, registry: StageRegistry): ImageSplits {
  const data = config.data;
  if (data.kind !== 'images') throw new Error('fewShotImageSplits needs data.kind: images');
  const dataRoot = resolvePath(root, data.root);
  const full = new Map<string, Promise<{ splits: CoopSplits; imageRoot: string }>>();
  const byName = new Map(config.datasets.map((name) => [datasetSlug(name), name]));
  const fullSplits = (name: string) => {
    let loaded = full.get(name);
    if (!loaded) {
      loaded = loadFull(name);
      full.set(name, loaded);
      loaded.catch(() => full.delete(name));
    }
    return loaded;
  };
  const loadFull = async (name: string) => {
    const info = coopDataset(name);
    const paths = coopPaths(info, dataRoot);
    if (info.format === 'fgvc-lists')
      return { splits: await readFgvcAircraftSplits(paths.dir, paths.imageRoot), imageRoot: paths.imageRoot };
    if (info.format === 'imagenet-folder') {
      // Checked when the config is read: ImageNet needs its class names.
      const classNames = await readNameList(
        resolvePath(root, data.classNames.ImageNet!),
        'data.classNames.ImageNet',
        'classnames',
      );
      const train = await loadImageNetFolder(paths.imageRoot, 'train', { classNames });
      const test = await loadImageNetFolder(paths.imageRoot, 'val', { classNames });
      const relative = (split: typeof train) => split.samples.map((s) => s.path);
      return {
        splits: {
          train,
          val: train,
          test,
          relativePaths: { train: relative(train), val: relative(train), test: relative(test) },
        },
        imageRoot: paths.imageRoot,
      };
    }
    const splitFile = data.splitDir ? join(resolvePath(root, data.splitDir), info.splitFile!) : paths.splitFile!;
    return { splits: await readCoopSplit(splitFile, paths.imageRoot, datasetSlug(name)), imageRoot: paths.imageRoot };
  };
  const reported = new Set<string>();
  const kShot = async (name: string, shots: number, seed: number, ctx: StageContext) => {
    const { splits, imageRoot } = await fullSplits(name);
    const fewShotDir = data.fewShotDir
      ? fillPattern(data.fewShotDir, { dataset: datasetSlug(name) }, root, 'data.fewShotDir')
      : undefined;
    const loaded = await loadFewShotSplits({ splits, imageRoot, shots, seed, fewShotDir, valShots: data.valShots });
    const id = `${name} ${shots}-shot seed ${seed}`;
    if (!reported.has(id)) {
      reported.add(id);
      // Published index files and our sampler pick different images: the log says which one a run used.
      ctx.log(
        `${id}: ${loaded.origin === 'file' ? 'published k-shot file' : "sampled by CoOp's rule (no published file)"}; ${loaded.train.samples.length} train, ${loaded.val.samples.length} val images${loaded.short.length > 0 ? `; ${loaded.short.length} class(es) short of ${shots}` : ''}`,
      );
    }
    return { train: toSampleList(loaded.train, imageRoot), val: toSampleList(loaded.val, imageRoot) };
  };
  const nameOf = (slug: string | undefined) => {
    const name = slug ? byName.get(slug) : undefined;
    if (!name) throw new Error(`few-shot unit without a configured dataset (${slug})`);
    return name;
  };
  const poolOf = (name: string) =>
    registry.once(`${datasetSlug(name)}/pool`, (id) =>
      samplesStage(id, `union of every k-shot train and val set of ${name}`, async (ctx) => {
        const sets: SampleList[] = [];
        for (const shots of config.shots)
          for (const seed of config.seeds) sets.push(...Object.values(await kShot(name, shots, seed, ctx)));
        return unionOfLists(id, sets);
      }),
    );
  const testOf = (name: string) =>
    registry.once(`${datasetSlug(name)}/test`, (id) =>
      samplesStage(id, `${name} test split`, async () => {
        const { splits, imageRoot } = await fullSplits(name);
        return limitPerClass(toSampleList(splits.test, imageRoot), data.testPerClass);
      }),
    );
  return {
    split: (role, unit) => {
      const name = nameOf(unit.dataset);
      if (role === 'test') return { samples: testOf(name) };
      if (role !== 'train' && role !== 'val') throw new Error(`few-shot has no split '${role}'`);
      const samples = registry.once(`${datasetSlug(name)}/k${unit.shots}-s${unit.seed}/${role}`, (id) =>
        samplesStage(
          id,
          `${unit.shots}-shot ${role} set of ${name}, seed ${unit.seed}`,
          async (ctx) => (await kShot(name, unit.shots!, unit.seed!, ctx))[role],
        ),
      );
      return { samples, pool: poolOf(name) };
    },
    dataset: (unit) => {
      const name = nameOf(unit.dataset);
      return {
        id: datasetSlug(name),
        classNames: registry.once(`${datasetSlug(name)}/class-names`, (id) => classNamesStage(id, testOf(name))),
        templatesKey: name,
      };
    },
    unitId: (unit) => `${unit.dataset}/k${unit.shots}-s${unit.seed}`,
  };
}
