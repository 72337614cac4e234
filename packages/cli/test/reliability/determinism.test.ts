import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { estimatePriorExactParallel, evaluateRun, matrix } from '@gla/core';
import { runDemo } from '@gla/experiments';
import { writeSmallDemoConfigs } from './helpers/demo-configs.js';
import { describe, expect } from 'vitest';
import { reliabilityCase } from './reliability-case.js';
import { tempDir } from './helpers/temp-dirs.js';
import { writeBytes, writeNpy } from './helpers/npy-bytes.js';
import { runGla } from './helpers/run-gla.js';

const dir = tempDir();

/** Seeded logits with a long-tailed bias: n rows, k classes. */
function biasedLogits(n: number, k: number, seed: number) {
  let state = seed >>> 0;
  const uniform = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 4294967296;
  };
  const labels = Int32Array.from({ length: n }, (_, i) => i % k);
  const data = new Float32Array(n * k);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < k; j++) data[i * k + j] = (labels[i] === j ? 2 : 0) - (3 * j) / k + 2 * (uniform() - 0.5);
  return { labels, data };
}

const { labels, data } = biasedLogits(600, 30, 11);
const y = writeNpy(dir, 'y.npy', labels, [600]);
const zs = writeNpy(dir, 'zs.npy', data, [600, 30]);
const ft = writeNpy(
  dir,
  'ft.npy',
  data.map((v, i) => v + Math.sin(i)),
  [600, 30],
);
const read = (file: string) => readFileSync(file);

/** Runs the same `gla` command twice (outputs a and b) and expects byte-identical files. */
async function expectTwiceIdentical(args: (out: string) => string[], name: string) {
  const a = join(dir, `${name}-a`);
  const b = join(dir, `${name}-b`);
  expect((await runGla(args(a))).code).toBe(0);
  expect((await runGla(args(b))).code).toBe(0);
  // The output path is echoed in no file, so the bytes must agree exactly.
  expect(read(a).equals(read(b)), name).toBe(true);
}

describe('determinism', () => {
  reliabilityCase('det.estimate-prior-twice', async () => {
    await expectTwiceIdentical(
      (out) => ['estimate-prior', '--logits', zs, '--labels', y, '--temperature', 'auto', '--out', out],
      'exact.json',
    );
    await expectTwiceIdentical(
      (out) => ['estimate-prior', '--logits', zs, '--labels', y, '--solver', 'paper', '--out', out],
      'paper.json',
    );
  });
  reliabilityCase('det.evaluate-twice', async () => {
    const prior = writeBytes(
      dir,
      'prior.json',
      JSON.stringify(Array.from({ length: 30 }, (_, j) => Math.exp(-j / 10))),
    );
    for (const format of ['json', 'md', 'csv']) {
      await expectTwiceIdentical(
        (out) => [
          'evaluate',
          '--labels',
          y,
          '--zero-shot',
          zs,
          '--fine-tuned',
          ft,
          '--prior',
          prior,
          '--train-labels',
          y,
          '--format',
          format,
          '--out',
          out,
        ],
        `metrics.${format}`,
      );
    }
  });
  reliabilityCase(
    'det.demo-twice',
    async () => {
      const world = {
        classes: 10,
        dims: 8,
        pretrainingSamples: 1000,
        trainPerClass: 10,
        valPerClass: 5,
        testPerClass: 10,
        longTailMaxCount: 40,
      };
      const roots = [tempDir(), tempDir()];
      for (const root of roots)
        await runDemo({ root, out: 'demo', cacheDir: 'cache', configs: writeSmallDemoConfigs(root, world) });
      const names = readdirSync(join(roots[0], 'demo'), { recursive: true })
        .map(String)
        .filter((f) => f.includes('.'))
        .sort();
      expect(
        readdirSync(join(roots[1], 'demo'), { recursive: true })
          .map(String)
          .filter((f) => f.includes('.'))
          .sort(),
      ).toEqual(names);
      expect(names).toContain('results.json');
      for (const name of names)
        expect(read(join(roots[0], 'demo', name)).equals(read(join(roots[1], 'demo', name))), name).toBe(true);
    },
    { timeout: 60_000 },
  );
  reliabilityCase('det.prior-threads', () => {
    const m = matrix(data, 600, 30);
    const runs = [1, 2, 4].map((threads) => estimatePriorExactParallel(m, labels, { threads, temperature: 0.7 }));
    const bytes = runs.map((r) => Buffer.from(r.prior.buffer).toString('hex'));
    expect(bytes[1]).toBe(bytes[0]);
    expect(bytes[2]).toBe(bytes[0]);
    for (const r of runs.slice(1)) {
      expect([r.iterations, r.passes, r.objective, r.certificate]).toEqual([
        runs[0].iterations,
        runs[0].passes,
        runs[0].objective,
        runs[0].certificate,
      ]);
    }
    expect(runs[0].converged).toBe(true);
  });
  reliabilityCase('det.evaluate-threads', () => {
    const inputs = {
      labels,
      zeroShot: matrix(data, 600, 30),
      fineTuned: matrix(
        data.map((v, i) => v + Math.sin(i)),
        600,
        30,
      ),
      pretrainingPrior: Array.from({ length: 30 }, (_, j) => Math.exp(-j / 10)),
      alphas: [0, 0.25, 0.5, 0.75, 1],
    };
    const texts = [1, 2, 4].map((threads) => JSON.stringify(evaluateRun({ ...inputs, threads })));
    expect(texts[1]).toBe(texts[0]);
    expect(texts[2]).toBe(texts[0]);
  });
});
