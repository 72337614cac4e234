import { rm } from 'node:fs/promises';
import type { Matrix } from '@gla/core';
import { writeFileAtomic } from '@gla/core';
import { acquireCacheLock } from './cache-lock.js';
import { FeatureChunks } from './feature-chunks.js';
import { removeStrayTempFiles } from './stray-temp-files.js';
import {
  featureCachePaths,
  loadFeatureCache,
  type FeatureCacheKey,
  type FeatureCacheManifest,
} from './feature-cache.js';
import { hashFiles, hashSampleList } from './file-hash.js';
import { messages } from './messages.js';
import { ModelError } from './model-error.js';
import type { FeatureDtype } from './npy-file.js';

/** One image to embed: a stable id and the path handed to `preprocess`. */
export interface FeatureSample {
  readonly id: string;
  readonly path: string;
}

/** What the pipeline needs from an image encoder ({@link OnnxImageEncoder} fits). */
export interface ImageEmbedder {
  readonly batchSize: number;
  readonly pixelsPerImage: number;
  encode(pixels: Float32Array, count: number): Promise<Matrix<Float32Array>>;
  close?(): Promise<void>;
}

/** Progress after each batch: rows done (including ones resumed from disk), total, throughput. */
export interface ExtractionProgress {
  readonly done: number;
  readonly total: number;
  /** Images embedded per second in this run (resumed rows excluded). */
  readonly imagesPerSecond: number;
}

/** Cache decisions, reported so the CLI can say why work is (re)done. */
export interface CacheEvent {
  readonly type: 'hit' | 'stale' | 'corrupt' | 'resume' | 'written' | 'wait';
  readonly path: string;
  readonly detail: string;
}

/** Options of {@link extractFeatures}. */
export interface ExtractFeaturesOptions {
  /** Folder of this (model, split) cache; created when missing. */
  cacheDir: string;
  /** Dataset split name recorded in the cache, e.g. "caltech101/test". */
  split: string;
  /** Samples in output-row order; collected first to hash the list (ids and paths only). */
  samples: Iterable<FeatureSample> | AsyncIterable<FeatureSample>;
  /** Caller-supplied preprocessing: image file -> float32 [3, S, S] (resized, cropped, normalised). */
  preprocess: (path: string, sample: FeatureSample) => Promise<Float32Array>;
  /** The encoder, or a function opening it (only called when images must be embedded). */
  encoder: ImageEmbedder | (() => Promise<ImageEmbedder>);
  /** Model files to hash into the cache key (see `onnxModelFiles`). */
  modelFiles: readonly string[];
  /** Preprocessing settings recorded in the key (e.g. a manifest's `preprocess`). */
  preprocessSettings: unknown;
  /** Storage type of `features.npy`, default 'float32'. */
  dtype?: FeatureDtype;
  /** Rows per partial chunk (the resume granularity), default 2048. */
  chunkRows?: number;
  /** Images preprocessed in parallel, default 4. */
  concurrency?: number;
  /** Width to record when there are no samples, default 0. */
  embedDim?: number;
  /** What to do when a cache file is damaged: 'throw' (default) or 'rebuild'. */
  onCorrupt?: 'throw' | 'rebuild';
  onProgress?: (progress: ExtractionProgress) => void;
  onEvent?: (event: CacheEvent) => void;
  /** Stops between batches; completed chunks stay on disk for the next run. */
  signal?: AbortSignal;
  /**
   * How long to wait for another run holding this cache's lock (`<cacheDir>/.lock`) before failing with
   * `CACHE_LOCKED`; default: as long as it takes (that run is doing this work).
   */
  lockTimeoutMs?: number;
}

/** Result of {@link extractFeatures}. */
export interface ExtractFeaturesResult {
  /** [samples, embedDim] float32 (float16-rounded when the cache stores float16). */
  readonly features: Matrix<Float32Array>;
  readonly manifest: FeatureCacheManifest;
  /** True when an existing complete cache was used. */
  readonly fromCache: boolean;
  /** Rows taken from chunks of an interrupted run. */
  readonly resumedRows: number;
  /** Rows embedded in this run. */
  readonly extractedRows: number;
}

async function collect(samples: Iterable<FeatureSample> | AsyncIterable<FeatureSample>): Promise<FeatureSample[]> {
  const out: FeatureSample[] = [];
  for await (const sample of samples) out.push(sample);
  return out;
}

/** Runs `task` over `items` with at most `limit` in flight, keeping order of results. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Embeds images into a feature cache, or returns the cache when it already matches.
 *
 * The cache key is the split name, the sample list hash, the model files' SHA-256 and the
 * preprocessing settings: a cache recorded under another key is reported (`stale` event) and
 * rebuilt, never used. Work is written as row chunks (atomic files) so an interrupted run
 * resumes at the first missing chunk. Preprocessing of the next batch overlaps inference of
 * the current one; memory holds two batches of pixels plus the open chunk. Runs sharing a cache
 * folder take turns through its lock file (`wait` event), so they never write it at once.
 * @throws ModelError `CACHE_CORRUPT` naming a damaged file (unless `onCorrupt` is 'rebuild'),
 *   `SHAPE` when `preprocess` returns the wrong length, `CACHE_LOCKED` after `lockTimeoutMs`,
 *   `CACHE_UNWRITABLE` when the cache folder cannot be written, or the encoder's errors.
 */
export async function extractFeatures(options: ExtractFeaturesOptions): Promise<ExtractFeaturesResult> {
  const paths = featureCachePaths(options.cacheDir);
  const emit = (type: CacheEvent['type'], path: string, detail: string) => options.onEvent?.({ type, path, detail });
  const samples = await collect(options.samples);
  const key: FeatureCacheKey = {
    split: options.split,
    sampleCount: samples.length,
    sampleListSha256: hashSampleList(samples),
    modelFiles: await hashFiles(options.modelFiles),
    preprocess: options.preprocessSettings ?? null,
    dtype: options.dtype ?? 'float32',
  };
  // One writer per cache folder: a second run waits here, then finds the first run's finished cache.
  let release: () => Promise<void>;
  try {
    release = await acquireCacheLock(options.cacheDir, {
      timeoutMs: options.lockTimeoutMs,
      signal: options.signal,
      onWait: (file, holder) =>
        emit('wait', file, messages.cacheLockWait(file, holder?.pid ?? 0, holder?.host ?? 'unknown host')),
    });
  } catch (error) {
    // File-system failures (a read-only or full disk, a parent that is a file) become one line naming the folder.
    const code = error instanceof ModelError ? undefined : (error as NodeJS.ErrnoException).code;
    if (!code) throw error;
    // A finished cache on read-only storage needs no lock: nobody can write it, so it is read as it is.
    const cached = await loadFeatureCache(options.cacheDir, key).catch(() => undefined);
    if (cached) {
      emit('hit', paths.manifest, messages.cacheHit(samples.length));
      return {
        features: cached.features,
        manifest: cached.manifest,
        fromCache: true,
        resumedRows: 0,
        extractedRows: 0,
      };
    }
    throw new ModelError(messages.cacheUnwritable(options.cacheDir, code), 'CACHE_UNWRITABLE', options.cacheDir);
  }
  try {
    // Holding the lock, no other run writes here: temp files present are leftovers of a killed run.
    await removeStrayTempFiles([options.cacheDir, paths.partial]);
    return await extractLocked(options, samples, key, emit);
  } finally {
    await release();
  }
}

/** {@link extractFeatures} once the cache lock is held. */
async function extractLocked(
  options: ExtractFeaturesOptions,
  samples: readonly FeatureSample[],
  key: FeatureCacheKey,
  emit: (type: CacheEvent['type'], path: string, detail: string) => void,
): Promise<ExtractFeaturesResult> {
  const paths = featureCachePaths(options.cacheDir);
  try {
    const cached = await loadFeatureCache(options.cacheDir, key);
    if (cached) {
      emit('hit', paths.manifest, messages.cacheHit(samples.length));
      return {
        features: cached.features,
        manifest: cached.manifest,
        fromCache: true,
        resumedRows: 0,
        extractedRows: 0,
      };
    }
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    if (error.code === 'CACHE_STALE') emit('stale', paths.manifest, error.message);
    else if (error.code === 'CACHE_CORRUPT' && options.onCorrupt === 'rebuild')
      emit('corrupt', error.path ?? paths.manifest, error.message);
    else throw error;
  }

  const chunks = await FeatureChunks.open(options.cacheDir, key, options.chunkRows ?? 2048, (reason) =>
    emit('stale', paths.partial, reason),
  );
  const done = await chunks.completed();
  const resumedRows = [...done].reduce((n, c) => n + chunks.range(c)[1] - chunks.range(c)[0], 0);
  if (resumedRows > 0) emit('resume', paths.partial, messages.cacheResume(resumedRows, samples.length));
  const todo = Array.from({ length: chunks.count }, (_, c) => c).filter((c) => !done.has(c));
  const extractedRows = todo.length > 0 ? await embedChunks(options, samples, chunks, todo, resumedRows) : 0;

  let assembled;
  try {
    // The old manifest goes first: features and manifest must never disagree on disk.
    await rm(paths.manifest, { force: true });
    assembled = await chunks.assemble(paths.features, options.embedDim ?? 0);
  } catch (error) {
    if (error instanceof ModelError && error.code === 'CACHE_CORRUPT' && options.onCorrupt === 'rebuild') {
      emit('corrupt', error.path ?? paths.partial, error.message);
      await chunks.remove();
      // One retry from scratch; a second corruption is reported instead of looping.
      return extractLocked({ ...options, onCorrupt: 'throw' }, samples, key, emit);
    }
    throw error;
  }
  const manifest: FeatureCacheManifest = {
    version: 1,
    ...key,
    modelFiles: [...key.modelFiles],
    embedDim: assembled.features.cols,
    featuresFile: 'features.npy',
    featuresSha256: assembled.sha256,
    createdAt: new Date().toISOString(),
  };
  await writeFileAtomic(paths.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
  await chunks.remove();
  emit('written', paths.manifest, messages.cacheWritten(samples.length, assembled.features.cols));
  return { features: assembled.features, manifest, fromCache: false, resumedRows, extractedRows };
}

/** Embeds the samples of the `todo` chunks, writing each chunk as soon as it is full. */
async function embedChunks(
  options: ExtractFeaturesOptions,
  samples: readonly FeatureSample[],
  chunks: FeatureChunks,
  todo: readonly number[],
  resumedRows: number,
): Promise<number> {
  const opened = typeof options.encoder === 'function';
  const encoder = typeof options.encoder === 'function' ? await options.encoder() : options.encoder;
  const per = encoder.pixelsPerImage;
  const indices = todo.flatMap((c) => {
    const [start, end] = chunks.range(c);
    return Array.from({ length: end - start }, (_, i) => start + i);
  });
  const batches: number[][] = [];
  for (let i = 0; i < indices.length; i += encoder.batchSize) batches.push(indices.slice(i, i + encoder.batchSize));

  const prepare = async (batch: readonly number[]): Promise<Float32Array> => {
    const pixels = new Float32Array(batch.length * per);
    await mapLimited(batch, options.concurrency ?? 4, async (index, j) => {
      const sample = samples[index];
      const image = await options.preprocess(sample.path, sample);
      if (image.length !== per)
        throw new ModelError(messages.preprocessLength(sample.path, image.length, per), 'SHAPE', sample.path);
      pixels.set(image, j * per);
    });
    return pixels;
  };

  const open = new Map<number, { values: Float32Array; filled: number }>();
  let cols = 0;
  let extracted = 0;
  const started = performance.now();
  let pending: Promise<Float32Array> | undefined = batches.length > 0 ? prepare(batches[0]) : undefined;
  try {
    for (let b = 0; b < batches.length; b++) {
      if (options.signal?.aborted)
        throw new ModelError(
          messages.extractionAborted(options.cacheDir, resumedRows + extracted),
          'ABORTED',
          options.cacheDir,
        );
      const pixels = await pending!;
      // Start preprocessing the next batch now so it overlaps this batch's inference.
      pending = b + 1 < batches.length ? prepare(batches[b + 1]) : undefined;
      pending?.catch(() => undefined);
      const batch = batches[b];
      const out = await encoder.encode(pixels, batch.length);
      cols = out.cols;
      for (let j = 0; j < batch.length; j++) {
        const c = Math.floor(batch[j] / chunks.chunkRows);
        const [start, end] = chunks.range(c);
        let chunk = open.get(c);
        if (!chunk) {
          chunk = { values: new Float32Array((end - start) * cols), filled: 0 };
          open.set(c, chunk);
        }
        chunk.values.set(out.data.subarray(j * cols, (j + 1) * cols), (batch[j] - start) * cols);
        if (++chunk.filled === end - start) {
          await chunks.write(c, chunk.values, cols);
          open.delete(c);
        }
      }
      extracted += batch.length;
      const seconds = (performance.now() - started) / 1000;
      options.onProgress?.({
        done: resumedRows + extracted,
        total: samples.length,
        imagesPerSecond: seconds > 0 ? extracted / seconds : 0,
      });
    }
  } finally {
    if (opened) await encoder.close?.();
  }
  return extracted;
}
