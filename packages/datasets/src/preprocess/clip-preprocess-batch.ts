import { availableParallelism } from 'node:os';
import { type CifarSample, readCifarImage } from '../loaders/cifar-binary.js';
import { messages } from '../messages.js';
import { type ClipPreprocessOptions, clipPreprocess } from './clip-preprocess.js';
import { ImageError, type ImageErrorReason } from './image-error.js';
import { preprocessOnWorkers } from './preprocess-on-workers.js';

/** What a batch does with an image that cannot be read: throw, or leave it out and report it. */
export type ErrorPolicy = 'fail' | 'skip';

/** An item of a batch: a path, anything with a `path` (a `Sample`), or a CIFAR record. */
export type BatchItem = string | { readonly path: string } | CifarSample;

/** An image a 'skip' batch left out. */
export interface SkippedImage {
  /** Position in the input list. */
  readonly index: number;
  readonly path: string;
  readonly reason: ImageErrorReason;
  readonly message: string;
}

/** Options of {@link clipPreprocessBatch}; the preprocessing options apply to every image. */
export interface BatchOptions extends ClipPreprocessOptions {
  /** 'fail' (default) throws the first ImageError; 'skip' leaves failed images out and lists them. */
  readonly onError?: ErrorPolicy;
  /** Images decoded at once (default 4, libuv's default thread-pool size). */
  readonly concurrency?: number;
  /** Called for each skipped image as it happens (for logging); the full list is returned anyway. */
  readonly onSkip?: (skipped: SkippedImage) => void;
  /**
   * Worker threads preprocessing in parallel (0: all on this thread); default every core
   * (`os.availableParallelism()`) for 32 images or more, else 0. The tensor is the same for any number.
   */
  readonly workers?: number;
}

/** Result of {@link clipPreprocessBatch}: NCHW tensor of the kept images, in input order. */
export interface PreprocessedBatch {
  /** kept.length * 3 * size * size float32 values. */
  readonly tensor: Float32Array;
  readonly size: number;
  /** Input indices of the images in `tensor`, ascending. */
  readonly kept: readonly number[];
  readonly skipped: readonly SkippedImage[];
}

function itemName(item: BatchItem): string {
  if (typeof item === 'string') return item;
  return 'path' in item ? item.path : `${item.file}#${item.offset}`;
}

/**
 * Preprocesses many images into one NCHW float32 tensor (see `clipPreprocess`). With 'skip', unreadable
 * images are left out, never silently: each appears in `skipped` with its path and reason, and `kept`
 * maps tensor rows back to input positions. Errors other than ImageError always propagate.
 * @param items paths, samples or CIFAR records
 * @param options preprocessing options plus onError (default 'fail'), concurrency (default 4), onSkip, workers
 *   (default: every core for 32 images or more)
 */
export async function clipPreprocessBatch(
  items: readonly BatchItem[],
  options: BatchOptions = {},
): Promise<PreprocessedBatch> {
  const size = options.size ?? 224;
  const stride = 3 * size * size;
  const policy = options.onError ?? 'fail';
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(messages.badConcurrency(concurrency));
  const workers = options.workers ?? (items.length >= 32 ? availableParallelism() : 0);
  if (!Number.isInteger(workers) || workers < 0) throw new RangeError(messages.badConcurrency(workers));
  const failed: (SkippedImage | undefined)[] = new Array(items.length);
  if (workers > 0 && items.length > 0) {
    const shared = new Float32Array(new SharedArrayBuffer(items.length * stride * 4));
    const { onSkip, onError: _policy, concurrency: _concurrency, workers: _workers, ...preprocess } = options;
    const errors: ImageError[] = [];
    await preprocessOnWorkers(items, preprocess, shared, stride, Math.min(workers, items.length), (index, error) => {
      errors[index] = error;
      if (policy === 'skip') {
        const skipped = { index, path: error.path, reason: error.reason, message: error.message };
        failed[index] = skipped;
        onSkip?.(skipped);
      }
    });
    // 'fail': the first failing image in input order, whatever thread met it first.
    const first = errors.find((e) => e !== undefined);
    if (policy === 'fail' && first) throw first;
    // A copy off the SharedArrayBuffer: consumers (ONNX Runtime tensors) expect an ordinary buffer.
    return compact(shared.slice(), failed, stride, size);
  }
  const tensor = new Float32Array(items.length * stride);
  let next = 0;
  let abort: unknown;
  const worker = async (): Promise<void> => {
    while (next < items.length && abort === undefined) {
      const index = next++;
      const item = items[index];
      const name = itemName(item);
      try {
        const source = typeof item === 'string' ? item : 'path' in item ? item.path : await readCifarImage(item);
        await clipPreprocess(source, { ...options, name }, tensor, index * stride);
      } catch (error) {
        if (!(error instanceof ImageError) || policy === 'fail') {
          abort ??= error;
          return;
        }
        const skipped = { index, path: error.path, reason: error.reason, message: error.message };
        failed[index] = skipped;
        options.onSkip?.(skipped);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(items.length, 1)) }, worker));
  if (abort !== undefined) throw abort;
  return compact(tensor, failed, stride, size);
}

/** The batch result: rows of skipped images removed, `kept` mapping rows back to input positions. */
function compact(
  tensor: Float32Array,
  failed: readonly (SkippedImage | undefined)[],
  stride: number,
  size: number,
): PreprocessedBatch {
  const kept: number[] = [];
  const skipped: SkippedImage[] = [];
  for (let i = 0; i < failed.length; i++) {
    const f = failed[i];
    if (f) {
      skipped.push(f);
      continue;
    }
    // Compact in place: rows move only towards the front, so no row is overwritten before it is copied.
    if (kept.length !== i) tensor.copyWithin(kept.length * stride, i * stride, (i + 1) * stride);
    kept.push(i);
  }
  return { tensor: skipped.length > 0 ? tensor.slice(0, kept.length * stride) : tensor, size, kept, skipped };
}
