import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runPaperExperiment } from '../../../src/index.js';
import { writeImage } from '../helpers/tiny-images.js';
import { writeTinyClip } from '../helpers/tiny-clip-folder.js';
import { tempDir } from '../helpers/temp-dir.js';

process.env.GLA_NO_PROGRESS = '1';
afterEach(() => {
  delete process.env.GLA_FEATURE_STREAM_BYTES;
});

const K = 365;
/** Training images per class: 101 + 25 + 363 x 2 = 852. */
const counts = Array.from({ length: K }, (_, j) => (j === 0 ? 101 : j === 1 ? 25 : 2));

/** A tiny Places-LT layout (365 classes, 2 images each reused by the lists) with a linear head; the config path. */
function writeTinyPlaces(root: string): string {
  const names = Array.from({ length: K }, (_, j) => `place_${j}`);
  names.forEach((name, j) =>
    [0, 1].forEach((i) => writeImage(join(root, 'places', `train/${name}/${i}.png`), j % 7, j + i)),
  );
  const line = (j: number, i: number) => `train/${names[j]}/${i % 2}.png ${j}`;
  mkdirSync(join(root, 'lists'), { recursive: true });
  writeFileSync(
    join(root, 'lists/Places_LT_train.txt'),
    counts.flatMap((c, j) => Array.from({ length: c }, (_, i) => line(j, i))).join('\n'),
  );
  writeFileSync(join(root, 'lists/Places_LT_val.txt'), names.map((_, j) => line(j, 0)).join('\n'));
  writeFileSync(join(root, 'lists/Places_LT_test.txt'), names.map((_, j) => line(j, 1)).join('\n'));
  writeFileSync(join(root, 'lists/classnames.txt'), names.map((x) => `${x} ${x}`).join('\n'));
  writeFileSync(
    join(root, 'templates.json'),
    JSON.stringify({ datasets: { 'places-lt': { templates: ['a photo of a {}.'] } } }),
  );
  writeTinyClip(join(root, 'clip'));
  const config = join(root, 'lt.yaml');
  writeFileSync(
    config,
    `experiment: tiny-places-lt
kind: long-tail
title: Tiny Places-LT
backbone: tiny test towers (not CLIP)
benchmarks: [places-lt]
data:
  kind: images
  places-lt: { lists: lists, images: places, classNames: lists/classnames.txt }
models:
  zeroShot: { kind: onnx, manifest: clip/model.json, templates: templates.json }
  fineTuned: { kind: linear-head, maxIterations: 10 }
runtime: { batchSize: 64, concurrency: 2, featureDtype: float16 }
`,
  );
  return config;
}

/** Every stage file of a cache (linear heads, logits, priors, ...) by relative path, as hex. */
function stageFiles(cache: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kind of readdirSync(join(cache, 'stages')))
    for (const f of readdirSync(join(cache, 'stages', kind)))
      out[`${kind}/${f}`] = readFileSync(join(cache, 'stages', kind, f)).toString('hex');
  return out;
}

describe('gla run with CLIP features past the streaming threshold', () => {
  it('trains the linear head and scores from the feature files block by block, with the same bytes everywhere', async () => {
    const root = tempDir();
    const config = writeTinyPlaces(root);
    const inMemory = await runPaperExperiment({ configFile: config, root, runId: 'a', cacheDir: 'cache-a' });

    process.env.GLA_FEATURE_STREAM_BYTES = '0';
    const logs: string[] = [];
    const streamed = await runPaperExperiment({
      configFile: config,
      root,
      runId: 'b',
      cacheDir: 'cache-b',
      log: (l) => logs.push(l),
    });
    const train = logs.find((l) => l.includes('features read block by block'));
    expect(train).toMatch(/: 852 x 6 float16 features read block by block from .*cache-b\/features\/.*features\.npy$/);
    expect(streamed.record!.metrics).toEqual(inMemory.record!.metrics);
    const files = stageFiles(join(root, 'cache-a'));
    expect(Object.keys(files).some((f) => f.startsWith('linear-head/'))).toBe(true);
    expect(stageFiles(join(root, 'cache-b'))).toEqual(files);

    // Again from the cached features (hash-checked, not loaded), the stages recomputed.
    rmSync(join(root, 'cache-b', 'stages'), { recursive: true });
    logs.length = 0;
    const again = await runPaperExperiment({
      configFile: config,
      root,
      runId: 'c',
      cacheDir: 'cache-b',
      log: (l) => logs.push(l),
    });
    expect(again.record!.stages.cached.features).toBe(3);
    expect(logs.some((l) => l.includes('features read block by block'))).toBe(true);
    expect(stageFiles(join(root, 'cache-b'))).toEqual(files);
  }, 120_000);
});
