import { join, resolve } from 'node:path';
import { encodeNpy } from '@gla/core';
import {
  coopSplitSamples,
  extractFeatureSet,
  imageFolderSamples,
  isUserError,
  parseShard,
  type ImageSamples,
} from '@gla/experiments';
import { CliError } from '../cli-error.js';
import { messages } from '../messages.js';
import { checkOutputLocation } from '../output-location.js';
import { writeFileAtomically, writeJsonAtomic } from '../write-output.js';

/** Flags of `gla features`. */
export interface FeaturesCommandOptions {
  /** model.json of the export whose image tower embeds the images. */
  model: string;
  /** An image folder (class subfolders give labels). */
  images?: string;
  /** A CoOp split file, with `part` and `imageRoot`. */
  coopSplit?: string;
  /** train, val or test; default test. */
  part?: string;
  /** Folder the split's relative paths start from; default the split file's folder. */
  imageRoot?: string;
  /** Output folder: features.npy, labels.npy, classnames.json, features.json. */
  out?: string;
  /** Cache root; default `cache`. */
  cache?: string;
  shard?: string;
  batchSize?: string;
  concurrency?: string;
  dtype?: string;
  resampler?: string;
}

/** Format tag of the features manifest. */
export const FEATURES_FILE_FORMAT = 'gla-features/1';

/**
 * Runs `gla features`: embeds an image folder or one part of a CoOp split with the image tower of an ONNX export,
 * exactly as `gla run` does (same preprocessing and cache), and writes `features.npy` (N x D float32), `labels.npy`
 * (int64, when the source has labels), `classnames.json` and `features.json` (what was embedded, with what, how).
 * With `--shard i/n` only that slice is embedded into the cache, for `gla merge-cache`.
 */
export async function featuresCommand(options: FeaturesCommandOptions, log: (line: string) => void): Promise<void> {
  try {
    if ((options.images === undefined) === (options.coopSplit === undefined))
      throw new CliError('gla features: give one image source, --images <folder> or --coop-split <split.json>');
    const shard = options.shard !== undefined ? parseShard(options.shard) : undefined;
    if (!shard && options.out === undefined) throw new CliError('gla features: give --out <dir> (or --shard i/n)');
    if (shard && options.out !== undefined)
      throw new CliError('--shard and --out: a shard goes to the cache only; join the shards with gla merge-cache');
    const settings = {
      batchSize: positiveInteger('--batch-size', options.batchSize, 32),
      concurrency: positiveInteger('--concurrency', options.concurrency, 4),
      dtype: oneOf('--dtype', options.dtype, ['float32', 'float16'] as const, 'float32'),
      resampler: oneOf('--resampler', options.resampler, ['pil', 'sharp'] as const, 'pil'),
    };
    const out = options.out;
    if (out !== undefined) checkOutputLocation(join(out, 'features.npy'));
    const images = await readSamples(options);
    const set = await extractFeatureSet({
      manifest: options.model,
      images,
      cacheDir: options.cache ?? 'cache',
      shard,
      log,
      ...settings,
    });
    const [start, end] = set.range;
    log(
      `${end - start} images x ${set.features.cols} features${set.fromCache ? ' (from the cache)' : ''} in ${set.location}`,
    );
    if (shard) {
      log(
        `shard ${shard.index}/${shard.count} (rows ${start}-${end - 1}); when every shard is done: gla merge-cache <their cache folders> --out ${options.cache ?? 'cache'}, then rerun without --shard`,
      );
      return;
    }
    const dir = out as string;
    const { features } = set;
    await writeFileAtomically(join(dir, 'features.npy'), encodeNpy(features.data, [features.rows, features.cols]));
    if (images.labels) {
      const labels = BigInt64Array.from(images.labels, (y) => BigInt(y));
      await writeFileAtomically(join(dir, 'labels.npy'), encodeNpy(labels, [labels.length]));
      await writeJsonAtomic(join(dir, 'classnames.json'), images.classNames);
    }
    await writeJsonAtomic(join(dir, 'features.json'), {
      format: FEATURES_FILE_FORMAT,
      model: resolve(options.model),
      imageEncoder: set.manifest.imageEncoder,
      modelFiles: set.modelFiles,
      preprocess: set.manifest.preprocess,
      logitScale: set.manifest.logitScale,
      ...settings,
      source: images.source,
      samples: features.rows,
      dim: features.cols,
      labelled: images.labels !== undefined,
      classes: images.classNames?.length ?? null,
      cache: set.location,
      ids: images.samples.map((s) => s.id),
    });
    log(
      messages.wrote(
        `${join(dir, 'features.npy')}${images.labels ? ', labels.npy, classnames.json' : ''} and features.json`,
      ),
    );
  } catch (error) {
    if (error instanceof CliError || !isUserError(error)) throw error;
    throw new CliError(error.message);
  }
}

async function readSamples(options: FeaturesCommandOptions): Promise<ImageSamples> {
  if (options.images !== undefined) return imageFolderSamples(options.images);
  const part = oneOf('--part', options.part, ['train', 'val', 'test'] as const, 'test');
  const split = options.coopSplit as string;
  return coopSplitSamples(split, part, options.imageRoot ?? resolve(split, '..'));
}

function positiveInteger(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`${flag}: expected a positive integer, got '${value}'`);
  return n;
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value))
    throw new CliError(`${flag}: expected ${allowed.join(' or ')}, got '${value}'`);
  return value as T;
}
