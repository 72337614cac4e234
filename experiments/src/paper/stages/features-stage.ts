import { access, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Matrix } from '@gla/core';
import { clipPreprocess } from '@gla/datasets';
import { extractFeatures, featureCachePaths, loadFeatureCache, OnnxImageEncoder, sha256File } from '@gla/models';
import { type FeatureFile, type StageFeatures, featureFile } from './stage-features.js';
import { writeFileAtomic } from '@gla/core';
import type { ResolvedImageModel } from './model-stages.js';
import type { SampleList } from './sample-list.js';
import { shardRange } from '../../engine/shard.js';
import type { StageContext } from '../../engine/stage-context.js';
import { stage, type StageNode } from '../../engine/stage-node.js';
import { externalStore } from '../../engine/stage-store.js';

/** How images are embedded. */
export interface FeatureSettings {
  dtype: 'float32' | 'float16';
  batchSize: number;
  concurrency: number;
  executionProvider: string;
  resampler: 'pil' | 'sharp';
  /** When images become RGB: before the resize (the paper's loaders) or after the crop (CLIP's README). */
  rgbConversion: 'before-resize' | 'after-crop';
}

/** What a shard folder records so `gla merge-cache` can check that shards belong together. */
export interface ShardRecord {
  schema: 'gla-feature-shard/1';
  /** The key of the full feature set (its folder name under `features/`). */
  key: string;
  stage: string;
  index: number;
  count: number;
  start: number;
  end: number;
  total: number;
  dtype: 'float32' | 'float16';
}

/** Folder of shard `index` of `count` inside a feature set's folder. */
export const shardDir = (location: string, index: number, count: number) =>
  join(location, 'shards', `${index}-of-${count}`);

/**
 * Image features (or a classifier's logits) of a sample list, through @gla/models' resumable feature cache in
 * `cache/features/<key>/`. The key covers the sample ids and labels (not absolute paths, so caches and shards
 * move between machines), the model files' contents, the preprocessing and the dtype. With `ctx.shard` only
 * that slice of the samples is embedded, into `shards/<i>-of-<n>/`, for `gla merge-cache` to join.
 */
export function featuresStage(
  id: string,
  samples: StageNode<SampleList>,
  model: StageNode<ResolvedImageModel>,
  settings: FeatureSettings,
): StageNode<Matrix> {
  return featureNode<Matrix>(id, samples, model, settings, {
    load: async (location) => (await loadFeatureCache(location))!.features,
    extracted: async (features) => features,
  });
}

/**
 * {@link featuresStage} (the same cache entry) for consumers that can read features block by block (linear-head
 * training, head logits): a features file larger than `streamBytes` is handed on as a {@link FeatureFile} (its
 * hash and shape checked against the manifest, streamed) instead of loaded whole.
 * @param streamBytes size in bytes above which the file is not loaded (see `featureStreamThreshold`)
 */
export function featureSetStage(
  id: string,
  samples: StageNode<SampleList>,
  model: StageNode<ResolvedImageModel>,
  settings: FeatureSettings,
  streamBytes: number,
): StageNode<StageFeatures> {
  const large = async (location: string) => (await stat(featureCachePaths(location).features)).size > streamBytes;
  return featureNode<StageFeatures>(id, samples, model, settings, {
    load: async (location) =>
      (await large(location)) ? checkedFeatureFile(location) : (await loadFeatureCache(location))!.features,
    // The extracted matrix is already in memory, but handing on the file lets it go before training starts.
    extracted: async (features, location) =>
      location !== undefined && (await large(location)) ? featureFile(featureCachePaths(location).features) : features,
  });
}

/** A complete cache's features file as a FeatureFile, after the checks `loadFeatureCache` makes, in constant memory. */
async function checkedFeatureFile(location: string): Promise<FeatureFile> {
  const paths = featureCachePaths(location);
  const manifest = JSON.parse(await readFile(paths.manifest, 'utf8')) as {
    sampleCount?: unknown;
    embedDim?: unknown;
    dtype?: unknown;
    featuresSha256?: unknown;
  };
  const set = featureFile(paths.features);
  if (set.rows !== manifest.sampleCount || set.cols !== manifest.embedDim || set.dtype !== manifest.dtype)
    throw new Error(
      `${paths.features}: ${set.dtype} ${set.rows} x ${set.cols}, but the manifest says ${manifest.dtype} ${manifest.sampleCount} x ${manifest.embedDim}`,
    );
  if ((await sha256File(paths.features)) !== manifest.featuresSha256)
    throw new Error(`${paths.features}: contents do not match the manifest's hash`);
  return set;
}

function featureNode<T>(
  id: string,
  samples: StageNode<SampleList>,
  model: StageNode<ResolvedImageModel>,
  settings: FeatureSettings,
  value: {
    load: (location: string) => Promise<T>;
    /** The stage's value once `features` were extracted into `location` (undefined for a shard). */
    extracted: (features: Matrix, location: string | undefined) => Promise<T>;
  },
): StageNode<T> {
  return stage({
    id,
    kind: 'features',
    label: `embed the images of ${samples.id} with ${model.id}`,
    deps: [samples, model],
    files: [],
    params: { dtype: settings.dtype, resampler: settings.resampler, rgbConversion: settings.rgbConversion, stage: id },
    store: externalStore<T>({
      location: (cacheDir, key) => join(cacheDir, 'features', key),
      has: (location) =>
        access(join(location, 'manifest.json')).then(
          () => true,
          () => false,
        ),
      load: value.load,
    }),
    compute: async ([list, m], ctx, { key, location }) => {
      const features = await extract(id, list as SampleList, m as ResolvedImageModel, settings, ctx, key, location!);
      return value.extracted(features, ctx.shard ? undefined : location);
    },
  });
}

async function extract(
  id: string,
  list: SampleList,
  model: ResolvedImageModel,
  settings: FeatureSettings,
  ctx: StageContext,
  key: string,
  location: string,
): Promise<Matrix> {
  const all = list.samples;
  const [start, end] = ctx.shard ? shardRange(all.length, ctx.shard) : [0, all.length];
  const cacheDir = ctx.shard ? shardDir(location, ctx.shard.index, ctx.shard.count) : location;
  const slice = all.slice(start, end).map((s) => ({ id: s.id, path: s.path }));
  const { imageSize, mean, std } = model.preprocess;
  const label = ctx.shard ? `${id} [${ctx.shard.index}/${ctx.shard.count}]` : id;
  const bar = ctx.progress(label.length > 28 ? `…${label.slice(-27)}` : label, Math.max(1, slice.length), 'images');
  try {
    const result = await extractFeatures({
      cacheDir,
      split: ctx.shard ? `${id}#${ctx.shard.index}/${ctx.shard.count}` : id,
      samples: slice,
      preprocess: (path) =>
        clipPreprocess(path, {
          size: imageSize,
          mean,
          std,
          resampler: settings.resampler,
          rgbConversion: settings.rgbConversion,
        }),
      encoder: () =>
        OnnxImageEncoder.open(
          { file: model.onnx, input: model.input, output: model.output, imageSize },
          { batchSize: settings.batchSize, executionProvider: settings.executionProvider },
        ),
      modelFiles: model.files,
      preprocessSettings: model.preprocess,
      dtype: settings.dtype,
      concurrency: settings.concurrency,
      onProgress: ({ done }) => bar.update(done),
      onEvent: (event) => ctx.log(`features ${id}: ${event.type}: ${event.detail}`),
    });
    if (ctx.shard) {
      const record: ShardRecord = {
        schema: 'gla-feature-shard/1',
        key,
        stage: id,
        index: ctx.shard.index,
        count: ctx.shard.count,
        start,
        end,
        total: all.length,
        dtype: settings.dtype,
      };
      await writeFileAtomic(join(cacheDir, 'shard.json'), `${JSON.stringify(record, null, 2)}\n`);
    }
    return result.features;
  } finally {
    bar.stop();
  }
}
