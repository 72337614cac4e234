import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { encodeNpy } from '@gla/core';
import { writeBytes } from './npy-bytes.js';

/** A few-shot logits-mode experiment config (one dataset, 1 shot, seed 1, 4 classes) and its input files. */
export interface LogitsRun {
  /** The config; YAML is a superset of JSON, so configs are written as JSON. */
  base: ReturnType<typeof baseConfig>;
  /** Path of a file of the fixture folder. */
  f(name: string): string;
  /**
   * Writes every input; `zeroShotTestRows` changes the zero-shot test logits' rows (40 labels), `fineTunedTestNanAt`
   * puts a NaN at that index of the fine-tuned test logits.
   */
  writeInputs(options?: { zeroShotTestRows?: number; fineTunedTestNanAt?: number }): void;
  /** Writes a config file and returns its path. */
  writeConfig(config: Record<string, unknown>): string;
}

/** The config of {@link logitsRun}, its paths under `f`. */
function baseConfig(f: (name: string) => string) {
  return {
    experiment: 'reliability-few-shot',
    kind: 'few-shot',
    title: 'reliability test (not a paper number)',
    backbone: 'CLIP RN50',
    datasets: ['Caltech101'],
    shots: [1],
    seeds: [1],
    cacheDir: f('cache'),
    resultsDir: f('results'),
    data: {
      kind: 'logits',
      labels: {
        train: f('labels/{dataset}-k{shots}-s{seed}-train.npy'),
        val: f('labels/{dataset}-k{shots}-s{seed}-val.npy'),
        test: f('labels/{dataset}-test.npy'),
      },
    },
    models: {
      zeroShot: {
        kind: 'logits',
        files: {
          train: f('zs/{dataset}-k{shots}-s{seed}-train.npy'),
          val: f('zs/{dataset}-k{shots}-s{seed}-val.npy'),
          test: f('zs/{dataset}-test.npy'),
        },
      },
      fineTuned: {
        kind: 'logits',
        files: {
          val: f('ft/{dataset}-k{shots}-s{seed}-val.npy'),
          test: f('ft/{dataset}-k{shots}-s{seed}-test.npy'),
        },
      },
    },
  };
}

/** The fixture of `gla run` cases, in `dir`: 4 + 4 estimation rows, 40 test rows, every class present. */
export function logitsRun(dir: string): LogitsRun {
  const f = (name: string) => join(dir, name);
  const base = baseConfig(f);
  let configs = 0;
  const k = 4;
  const writeInputs = (options: { zeroShotTestRows?: number; fineTunedTestNanAt?: number } = {}) => {
    for (const sub of ['labels', 'zs', 'ft']) mkdirSync(f(sub), { recursive: true });
    const labels = (n: number) => Int32Array.from({ length: n }, (_, i) => i % k);
    const logits = (n: number, seed: number) =>
      Float32Array.from({ length: n * k }, (_, i) => Math.sin(i * seed) + (i % k === Math.floor(i / k) % k ? 1 : 0));
    const write = (name: string, data: Int32Array | Float32Array, shape: number[]) =>
      writeBytes(dir, name, encodeNpy(data, shape));
    const zsTest = options.zeroShotTestRows ?? 40;
    write('labels/caltech101-k1-s1-train.npy', labels(4), [4]);
    write('labels/caltech101-k1-s1-val.npy', labels(4), [4]);
    write('labels/caltech101-test.npy', labels(40), [40]);
    write('zs/caltech101-k1-s1-train.npy', logits(4, 1), [4, k]);
    write('zs/caltech101-k1-s1-val.npy', logits(4, 2), [4, k]);
    write('zs/caltech101-test.npy', logits(zsTest, 3), [zsTest, k]);
    write('ft/caltech101-k1-s1-val.npy', logits(4, 4), [4, k]);
    const fineTunedTest = logits(40, 5);
    if (options.fineTunedTestNanAt !== undefined) fineTunedTest[options.fineTunedTestNanAt] = Number.NaN;
    write('ft/caltech101-k1-s1-test.npy', fineTunedTest, [40, k]);
  };
  const writeConfig = (config: Record<string, unknown>) =>
    writeBytes(dir, `config-${++configs}.yaml`, JSON.stringify(config, null, 2));
  return { base, f, writeInputs, writeConfig };
}
