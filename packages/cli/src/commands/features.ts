import { join, resolve } from 'node:path';
import { encodeNpy, isUserError } from '@gla/core';
import { extractFeatureSet, parseShard } from '@gla/experiments';
import { CliError } from '../cli-error.js';
import { messages } from '../messages.js';
import { checkOutputLocation } from '../output-location.js';
import { writeFileAtomically, writeJsonAtomic } from '../write-output.js';
import { extractionSettings, readImageSource, type ImageSourceOptions } from '../features/image-source.js';

/** Flags of `gla features`. */
export interface FeaturesCommandOptions extends ImageSourceOptions {
  /** model.json of the export whose image tower embeds the images. */
  model: string;
  /** Output folder: features.npy, labels.npy, classnames.json, features.json. */
  out?: string;
  /** Cache root; default `cache`. */
  cache?: string;
  shard?: string;
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
    const shard = options.shard !== undefined ? parseShard(options.shard) : undefined;
    if (!shard && options.out === undefined) throw new CliError('gla features: give --out <dir> (or --shard i/n)');
    if (shard && options.out !== undefined)
      throw new CliError('--shard and --out: a shard goes to the cache only; join the shards with gla merge-cache');
    const settings = extractionSettings(options);
    const out = options.out;
    if (out !== undefined) checkOutputLocation(join(out, 'features.npy'));
    const images = await readImageSource(options, 'gla features');
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
