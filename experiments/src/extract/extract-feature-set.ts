import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Matrix, writeFileAtomic } from '@gla/core';
import { clipPreprocess } from '@gla/datasets';
import {
  extractFeatures,
  loadFeatureCache,
  loadModelManifest,
  onnxModelFiles,
  OnnxImageEncoder,
  sha256File,
  type ModelManifest,
} from '@gla/models';
import { createProgress } from '../progress.js';
import { hashJson } from '../engine/canonical-json.js';
import { shardDir, type ShardRecord } from '../paper/stages/features-stage.js';
import { shardRange } from '../engine/shard.js';
import type { Shard } from '../engine/stage-context.js';
import type { ImageSamples } from './image-samples.js';

/** How images are embedded; the defaults are `gla run`'s (`runtime` in the configs). */
export interface FeatureSetSettings {
  /** Default 'float32'. */
  dtype?: 'float32' | 'float16';
  /** Images per ONNX call; default 32. */
  batchSize?: number;
  /** Images preprocessed in parallel; default 4. */
  concurrency?: number;
  /** Default 'cpu'. */
  executionProvider?: string;
  /** Default 'pil' (Pillow-exact). */
  resampler?: 'pil' | 'sharp';
}

/** Options of {@link extractFeatureSet}. */
export interface ExtractFeatureSetOptions extends FeatureSetSettings {
  /** model.json of the CLIP export: its image tower embeds the images, its preprocessing is used. */
  manifest: string;
  /**
   * An end-to-end classifier exported to ONNX (pixels in, logits out; e.g. the fine-tuned model) to run instead of
   * the image tower, with the manifest's preprocessing, as `gla run` runs `models.fineTuned.kind: onnx`.
   */
  classifier?: { file: string; input?: string; output?: string };
  images: ImageSamples;
  /** Cache root; the set goes to `<cacheDir>/features/<key>/` (resumable), shards to `.../shards/<i>-of-<n>/`. */
  cacheDir: string;
  /** Embed only this slice (join the shards with `gla merge-cache`). */
  shard?: Shard;
  log?: (line: string) => void;
}

/** What {@link extractFeatureSet} produced. */
export interface FeatureSet {
  /** Rows of the whole set, or of the shard's slice. */
  features: Matrix<Float32Array>;
  /** The cache folder holding them (the shard's folder with a shard). */
  location: string;
  /** Cache key of the whole set. */
  key: string;
  manifest: ModelManifest;
  /** The ONNX files run (image tower or classifier) with their SHA-256, as hashed into the key. */
  modelFiles: { path: string; sha256: string }[];
  fromCache: boolean;
  /** Sample index range [start, end) embedded. */
  range: [number, number];
}

/**
 * Embeds images with the image tower of a CLIP export the way `gla run` does (same preprocessing, encoder,
 * dtype and feature cache), so the rows equal what `gla run` caches for the same images. Batched, cached by a key
 * over the sample ids and labels, the model files' contents, the preprocessing and the dtype, resumable after an
 * interruption, with a progress bar and ETA.
 */
export async function extractFeatureSet(options: ExtractFeatureSetOptions): Promise<FeatureSet> {
  const {
    dtype = 'float32',
    batchSize = 32,
    concurrency = 4,
    executionProvider = 'cpu',
    resampler = 'pil',
    images,
    log = () => {},
  } = options;
  const manifest = await loadModelManifest(options.manifest);
  const { file, input, output } = options.classifier
    ? {
        file: resolve(options.classifier.file),
        input: options.classifier.input ?? 'pixel_values',
        output: options.classifier.output ?? 'logits',
      }
    : manifest.imageEncoder;
  const files = await onnxModelFiles(file);
  const modelFiles = [];
  for (const path of files) modelFiles.push({ path, sha256: await sha256File(path) });
  const key = hashJson({
    kind: 'gla-features/1',
    ids: images.samples.map((s) => s.id),
    labels: images.labels ? Array.from(images.labels) : null,
    model: { hashes: modelFiles.map((f) => f.sha256), input, output, preprocess: manifest.preprocess },
    dtype,
    resampler,
  });
  const location = join(resolve(options.cacheDir), 'features', key);
  const total = images.samples.length;
  const shard = options.shard;
  const range: [number, number] = shard ? shardRange(total, shard) : [0, total];
  const cacheDir = shard ? shardDir(location, shard.index, shard.count) : location;
  // As gla run's feature store: a complete set under its key is used as it is. The key covers the sample ids,
  // labels, model contents and preprocessing (not absolute paths), so a set joined by gla merge-cache or copied
  // from another machine is found too.
  if (!shard && existsSync(join(location, 'manifest.json'))) {
    const cached = await loadFeatureCache(location);
    if (cached) {
      return { features: cached.features, location, key, manifest, modelFiles, fromCache: true, range };
    }
  }
  const { imageSize, mean, std } = manifest.preprocess;
  const bar = createProgress(
    shard ? `features [${shard.index}/${shard.count}]` : 'features',
    Math.max(1, range[1] - range[0]),
    'images',
  );
  try {
    const result = await extractFeatures({
      cacheDir,
      split: shard ? `gla features#${shard.index}/${shard.count}` : 'gla features',
      samples: images.samples.slice(range[0], range[1]),
      preprocess: (path) => clipPreprocess(path, { size: imageSize, mean, std, resampler }),
      encoder: () => OnnxImageEncoder.open({ file, input, output, imageSize }, { batchSize, executionProvider }),
      modelFiles: files,
      preprocessSettings: manifest.preprocess,
      dtype,
      concurrency,
      onProgress: ({ done }) => bar.update(done),
      onEvent: (event) => log(`features: ${event.type}: ${event.detail}`),
    });
    if (shard) {
      const record: ShardRecord = {
        schema: 'gla-feature-shard/1',
        key,
        stage: 'gla features',
        index: shard.index,
        count: shard.count,
        start: range[0],
        end: range[1],
        total,
        dtype,
      };
      await writeFileAtomic(join(cacheDir, 'shard.json'), `${JSON.stringify(record, null, 2)}\n`);
    }
    return {
      features: result.features,
      location: cacheDir,
      key,
      manifest,
      modelFiles,
      fromCache: result.fromCache,
      range,
    };
  } finally {
    bar.stop();
  }
}
