import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  extractFeatures,
  type CacheEvent,
  type ExtractFeaturesOptions,
  type FeatureSample,
} from '../src/extract-features.js';
import { featureCachePaths, loadFeatureCache } from '../src/feature-cache.js';
import { sha256File } from '../src/file-hash.js';
import { fromFloat16Bits, toFloat16Bits } from '@gla/core';
import { loadModelManifest, type ModelManifest } from '../src/model-manifest.js';
import { OnnxImageEncoder } from '../src/onnx-image-encoder.js';
import { tempDir } from './helpers/temp-dir.js';
import { imageTowerOnnx, imageTowerReference, randomArray, seededRandom, tinyTowers } from './helpers/tiny-clip.js';
import { writeTinyModelDir } from './helpers/tiny-model-dir.js';

const towers = tinyTowers(41);
const per = 3 * towers.imageSize * towers.imageSize;
const samples: FeatureSample[] = Array.from({ length: 23 }, (_, i) => ({ id: `img-${i}`, path: `/data/img-${i}.jpg` }));
/** The "decoded image" of each sample: fixed random pixels. */
const images = samples.map((_, i) => randomArray(per, seededRandom(1000 + i)));
const allPixels = new Float32Array(samples.length * per);
images.forEach((img, i) => allPixels.set(img, i * per));
let manifest: ModelManifest;
let root: string;

beforeAll(async () => {
  root = await tempDir();
  manifest = await loadModelManifest(await writeTinyModelDir(root, towers));
});

/** Options for a cache in `dir`, counting preprocess calls and encoder openings. */
function setup(dir: string, failAt?: number) {
  const calls: number[] = [];
  const events: CacheEvent[] = [];
  const progress: { done: number; total: number }[] = [];
  let opened = 0;
  const options: ExtractFeaturesOptions = {
    cacheDir: dir,
    split: 'toy/test',
    samples,
    preprocess: async (path) => {
      const index = Number(/img-(\d+)/.exec(path)![1]);
      calls.push(index);
      await new Promise((r) => setTimeout(r, 1));
      if (index === failAt) throw new Error(`decoder crashed on ${path}`);
      return images[index];
    },
    encoder: async () => {
      opened++;
      return OnnxImageEncoder.fromManifest(manifest, { batchSize: 4 });
    },
    modelFiles: [manifest.imageEncoder.file],
    preprocessSettings: manifest.preprocess,
    chunkRows: 5,
    concurrency: 2,
    onEvent: (e) => events.push(e),
    onProgress: (p) => progress.push(p),
  };
  return { options, calls, events, progress, opened: () => opened };
}

function expectReferenceFeatures(data: Float32Array) {
  const expected = imageTowerReference(towers, allPixels, samples.length);
  expect(data.length).toBe(expected.length);
  data.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 4));
}

describe('extractFeatures', () => {
  it('embeds every sample in order, records the key and reports progress', async () => {
    const dir = join(root, 'fresh');
    const run = setup(dir);
    const result = await extractFeatures(run.options);
    expect(result).toMatchObject({ fromCache: false, resumedRows: 0, extractedRows: 23 });
    expect([result.features.rows, result.features.cols]).toEqual([23, towers.embedDim]);
    expectReferenceFeatures(result.features.data);
    expect(result.manifest).toMatchObject({
      split: 'toy/test',
      sampleCount: 23,
      dtype: 'float32',
      embedDim: towers.embedDim,
      preprocess: manifest.preprocess,
      modelFiles: [{ file: 'vision_model.onnx', sha256: await sha256File(manifest.imageEncoder.file) }],
    });
    expect(run.progress.at(-1)).toMatchObject({ done: 23, total: 23 });
    expect(run.progress.map((p) => p.done)).toEqual([4, 8, 12, 16, 20, 23]);
    expect(run.events.map((e) => e.type)).toEqual(['written']);
    expect(await readdir(dir)).toEqual(['features.npy', 'manifest.json']);
    const header = (await readFile(join(dir, 'features.npy'))).subarray(0, 128).toString('latin1');
    expect(header).toContain("{'descr': '<f4', 'fortran_order': False, 'shape': (23, 6), }");
  });

  it('runs through an export with a fixed batch size of 7 (23 samples in chunks of 5: every batch is partial)', async () => {
    const file = join(root, 'vision-fixed7.onnx');
    await writeFile(file, imageTowerOnnx(towers, 'raw', false, 7).model);
    const run = setup(join(root, 'fixed7'));
    const options: ExtractFeaturesOptions = {
      ...run.options,
      encoder: () =>
        OnnxImageEncoder.open({ file, input: 'pixel_values', output: 'image_embeds', imageSize: towers.imageSize }),
      modelFiles: [file],
    };
    const result = await extractFeatures(options);
    expect([result.features.rows, result.features.cols]).toEqual([23, towers.embedDim]);
    expectReferenceFeatures(result.features.data);
  });

  it('reuses a matching cache without preprocessing or opening the encoder', async () => {
    const run = setup(join(root, 'fresh'));
    const result = await extractFeatures(run.options);
    expect(result.fromCache).toBe(true);
    expect(run.calls).toEqual([]);
    expect(run.opened()).toBe(0);
    expect(run.events.map((e) => e.type)).toEqual(['hit']);
    expectReferenceFeatures(result.features.data);
  });

  it('detects a stale cache (other preprocessing, other model bytes) and rebuilds it', async () => {
    const run = setup(join(root, 'fresh'));
    run.options.preprocessSettings = { ...manifest.preprocess, interpolation: 'bilinear' };
    const result = await extractFeatures(run.options);
    expect(result.fromCache).toBe(false);
    expect(run.events[0]).toMatchObject({
      type: 'stale',
      detail: expect.stringMatching(/manifest\.json: feature cache is stale \(preprocess changed\)/),
    });
    expect(run.calls.sort((x, y) => x - y)).toEqual(samples.map((_, i) => i));
    expect((await loadFeatureCache(join(root, 'fresh')))!.manifest.preprocess).toMatchObject({
      interpolation: 'bilinear',
    });

    const other = setup(join(root, 'fresh'));
    other.options.modelFiles = [manifest.imageEncoder.file, manifest.textEncoder.file];
    await extractFeatures(other.options);
    expect(other.events[0].detail).toMatch(/modelFiles, preprocess changed/);
    await expect(
      loadFeatureCache(join(root, 'fresh'), {
        ...(await loadFeatureCache(join(root, 'fresh')))!.manifest,
        split: 'toy/val',
      }),
    ).rejects.toMatchObject({ code: 'CACHE_STALE' });
  });

  it('resumes an interrupted run from its completed chunks', async () => {
    const dir = join(root, 'resume');
    const crashed = setup(dir, 13);
    await expect(extractFeatures(crashed.options)).rejects.toThrow(/decoder crashed on \/data\/img-13.jpg/);
    const chunks = (await readdir(featureCachePaths(dir).partial)).filter((f) => f.startsWith('chunk-')).sort();
    expect(chunks).toEqual(['chunk-000000.npy', 'chunk-000001.npy']);

    const resumed = setup(dir);
    const result = await extractFeatures(resumed.options);
    expect(result).toMatchObject({ fromCache: false, resumedRows: 10, extractedRows: 13 });
    expect(Math.min(...resumed.calls)).toBe(10);
    expect(resumed.events.map((e) => e.type)).toEqual(['resume', 'written']);
    expect(resumed.progress[0].done).toBe(14);
    expectReferenceFeatures(result.features.data);
    expect(await readdir(dir)).toEqual(['features.npy', 'manifest.json']);
  });

  it('stops on an abort signal and resumes afterwards', async () => {
    const dir = join(root, 'abort');
    const first = setup(dir);
    const controller = new AbortController();
    first.options.onProgress = (p) => {
      if (p.done >= 12) controller.abort();
    };
    first.options.signal = controller.signal;
    await expect(extractFeatures(first.options)).rejects.toMatchObject({ code: 'ABORTED' });
    const second = setup(dir);
    const result = await extractFeatures(second.options);
    expect(result.resumedRows).toBe(10);
    expectReferenceFeatures(result.features.data);
  });

  it('stores float16 when asked, rounding to nearest-even', async () => {
    const run = setup(join(root, 'half'));
    run.options.dtype = 'float16';
    const result = await extractFeatures(run.options);
    const reloaded = (await loadFeatureCache(join(root, 'half')))!;
    expect(reloaded.manifest.dtype).toBe('float16');
    expect(reloaded.features.data).toEqual(result.features.data);
    result.features.data.forEach((v) => expect(fromFloat16Bits(toFloat16Bits(v))).toBe(v));
  });

  it('reports corrupt cache files with their path, and rebuilds only when asked', async () => {
    const dir = join(root, 'corrupt');
    await extractFeatures(setup(dir).options);
    const paths = featureCachePaths(dir);
    const bytes = await readFile(paths.features);
    bytes[bytes.length - 1] ^= 0xff;
    await writeFile(paths.features, bytes);
    const failing = setup(dir);
    await expect(extractFeatures(failing.options)).rejects.toMatchObject({
      code: 'CACHE_CORRUPT',
      path: paths.features,
      message: expect.stringMatching(/features\.npy: corrupt feature cache file \(contents do not match the SHA-256/),
    });
    expect(failing.calls).toEqual([]);
    const rebuilding = setup(dir);
    rebuilding.options.onCorrupt = 'rebuild';
    const result = await extractFeatures(rebuilding.options);
    expect(rebuilding.events.map((e) => e.type)).toEqual(['corrupt', 'written']);
    expectReferenceFeatures(result.features.data);

    await writeFile(paths.manifest, '{"version": 1, "split": ');
    await expect(loadFeatureCache(dir)).rejects.toMatchObject({ code: 'CACHE_CORRUPT', path: paths.manifest });
  });

  it('reports a damaged chunk of an interrupted run with its path', async () => {
    const dir = join(root, 'bad-chunk');
    await expect(extractFeatures(setup(dir, 13).options)).rejects.toThrow(/decoder crashed/);
    const chunk = join(featureCachePaths(dir).partial, 'chunk-000001.npy');
    await writeFile(chunk, (await readFile(chunk)).subarray(0, 100));
    await expect(extractFeatures(setup(dir).options)).rejects.toMatchObject({
      code: 'CACHE_CORRUPT',
      path: chunk,
      message: expect.stringContaining('chunk-000001.npy: corrupt'),
    });
  });

  it('refuses preprocessing output of the wrong size, naming the image', async () => {
    const run = setup(join(root, 'bad-size'));
    run.options.preprocess = async () => new Float32Array(per - 1);
    await expect(extractFeatures(run.options)).rejects.toThrow(
      /\/data\/img-0\.jpg: preprocessing returned 47 values, the model needs 48/,
    );
  });
});
