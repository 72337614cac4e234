import { resolve } from 'node:path';
import { coopSplitSamples, imageFolderSamples, splitListSamples, type ImageSamples } from '@gla/experiments';
import { CliError } from '../cli-error.js';
import { parseDevice } from '../device-flag.js';

/** The image-source flags shared by `gla features` and `gla logits --classifier`. */
export interface ImageSourceOptions {
  /** An image folder (class subfolders give labels). */
  images?: string;
  /** A CoOp split file, with `part` and `imageRoot`. */
  coopSplit?: string;
  /** A split list: one `<relative path> <label>` per line (ImageNet-LT / Places-LT lists). */
  list?: string;
  /** JSON array of class names in label order, for a split list. */
  classnames?: string;
  /** train, val or test; default test. */
  part?: string;
  /** Folder the split's (or list's) relative paths start from; default the split file's folder. */
  imageRoot?: string;
  batchSize?: string;
  concurrency?: string;
  dtype?: string;
  resampler?: string;
  /** `cpu` (default) or `cuda`: the onnxruntime execution provider that runs the image tower or classifier. */
  device?: string;
}

/**
 * Extraction settings from the flags; defaults as `gla run`'s runtime (32 per batch, 4 in parallel, float32, pil,
 * cpu). The execution provider is recorded with the other settings in the files a command writes.
 */
export function extractionSettings(options: ImageSourceOptions) {
  return {
    batchSize: positiveInteger('--batch-size', options.batchSize, 32),
    concurrency: positiveInteger('--concurrency', options.concurrency, 4),
    dtype: oneOf('--dtype', options.dtype, ['float32', 'float16'] as const, 'float32'),
    resampler: oneOf('--resampler', options.resampler, ['pil', 'sharp'] as const, 'pil'),
    executionProvider: options.device === undefined ? 'cpu' : parseDevice(options.device),
  };
}

/**
 * The images named by the flags: exactly one of an image folder, a CoOp split part or a split list.
 * @throws CliError when several or none are given, or on a bad --part
 */
export async function readImageSource(options: ImageSourceOptions, command: string): Promise<ImageSamples> {
  const given = [options.images, options.coopSplit, options.list].filter((s) => s !== undefined).length;
  if (given !== 1)
    throw new CliError(
      `${command}: give one image source, --images <folder>, --coop-split <split.json> or --list <split.txt>`,
    );
  if (options.images !== undefined) return imageFolderSamples(options.images);
  if (options.list !== undefined)
    return splitListSamples(options.list, options.imageRoot ?? resolve(options.list, '..'), options.classnames);
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
