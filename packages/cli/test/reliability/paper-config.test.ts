import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { encodeNpy } from '@gla/core';
import { describe, expect } from 'vitest';
import { reliabilityCase } from './reliability-case.js';
import { tempDir } from './helpers/temp-dirs.js';
import { writeBytes } from './helpers/npy-bytes.js';
import { expectCleanFailure, runGla } from './helpers/run-gla.js';

// Paper experiment configs through `gla run` (YAML is a superset of JSON, so configs are written as JSON).
// A few-shot logits-mode config: one dataset, 1 shot, seed 1; every input a small .npy in this folder.
const dir = tempDir();
const f = (name: string) => join(dir, name);
const base = {
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
      files: { val: f('ft/{dataset}-k{shots}-s{seed}-val.npy'), test: f('ft/{dataset}-k{shots}-s{seed}-test.npy') },
    },
  },
};
type Config = Record<string, unknown>;
let configs = 0;
const writeConfig = (config: Config) => writeBytes(dir, `config-${++configs}.yaml`, JSON.stringify(config, null, 2));

/** Writes every input of the config (4 classes); `nanAt` puts a NaN into the fine-tuned test logits. */
function writeInputs(nanAt?: number) {
  const k = 4;
  for (const sub of ['labels', 'zs', 'ft']) mkdirSync(f(sub), { recursive: true });
  const labels = (n: number) => Int32Array.from({ length: n }, (_, i) => i % k);
  const logits = (n: number, seed: number) =>
    Float32Array.from({ length: n * k }, (_, i) => Math.sin(i * seed) + (i % k === Math.floor(i / k) % k ? 1 : 0));
  const write = (name: string, data: Int32Array | Float32Array, shape: number[]) =>
    writeBytes(dir, name, encodeNpy(data, shape));
  write('labels/caltech101-k1-s1-train.npy', labels(4), [4]);
  write('labels/caltech101-k1-s1-val.npy', labels(4), [4]);
  write('labels/caltech101-test.npy', labels(40), [40]);
  write('zs/caltech101-k1-s1-train.npy', logits(4, 1), [4, k]);
  write('zs/caltech101-k1-s1-val.npy', logits(4, 2), [4, k]);
  write('zs/caltech101-test.npy', logits(40, 3), [40, k]);
  write('ft/caltech101-k1-s1-val.npy', logits(4, 4), [4, k]);
  const test = logits(40, 5);
  if (nanAt !== undefined) test[nanAt] = NaN;
  write('ft/caltech101-k1-s1-test.npy', test, [40, k]);
}

async function expectRefused(config: Config, problem: RegExp) {
  const file = writeConfig(config);
  expectCleanFailure(await runGla(['run', file, '--dry-run']), file, problem);
  expect(existsSync(f('results'))).toBe(false);
}

describe('paper configs (gla run)', () => {
  reliabilityCase('paper.unknown-key', () =>
    expectRefused({ ...base, priorr: { solver: 'exact' } }, /: priorr: unknown key/),
  );
  reliabilityCase('paper.wrong-type', () =>
    expectRefused({ ...base, shots: ['one'] }, /: shots\.0: expected number, received string/),
  );
  reliabilityCase('paper.unknown-dataset', () =>
    expectRefused({ ...base, datasets: ['Caltech256'] }, /: datasets\.0: expected one of ImageNet\|Caltech101\|/),
  );
  reliabilityCase('paper.unknown-model-kind', () =>
    expectRefused(
      { ...base, models: { ...base.models, zeroShot: { kind: 'pytorch', file: 'x.pt' } } },
      /: models\.zeroShot\.kind: expected one of onnx\|logits/,
    ),
  );
  reliabilityCase('paper.unknown-experiment-kind', () =>
    expectRefused({ ...base, kind: 'few-shots' }, /: kind: expected one of many-shot\|few-shot\|long-tail/),
  );
  reliabilityCase('paper.unset-variable', () =>
    expectRefused(
      { ...base, cacheDir: '${GLA_RELIABILITY_UNSET}/cache' },
      /: cacheDir: variable \$\{GLA_RELIABILITY_UNSET\} is not set/,
    ),
  );
  reliabilityCase('paper.missing-inputs-dry-run', async () => {
    const file = writeConfig({
      ...base,
      data: { ...base.data, labels: { ...base.data.labels, test: f('absent/{dataset}-test.npy') } },
    });
    const { code, lines } = await runGla(['run', file, '--dry-run', '--verbose']);
    expect(code).toBe(3);
    expect(lines.join('\n')).toContain('Summary by stage:');
    const text = lines.join('\n');
    expect(text).toMatch(/absent\/caltech101-test\.npy: file not found \(data\.labels\.test = /);
    expect(existsSync(f('results'))).toBe(false); // a dry run writes nothing
  });
  reliabilityCase('paper.nan-logits-run', async () => {
    writeInputs(17);
    const file = writeConfig(base);
    const { code, lines } = await runGla(['run', file]);
    expect(code).toBe(2);
    const last = lines[lines.length - 1];
    expect(last).toMatch(
      /^gla: .*ft\/caltech101-k1-s1-test\.npy: non-finite value at row 4 \(models\.fineTuned\.files\.test = /,
    );
    const runs = existsSync(f('results/reliability-few-shot')) ? readdirSync(f('results/reliability-few-shot')) : [];
    for (const run of runs) expect(existsSync(f(`results/reliability-few-shot/${run}/metrics.json`))).toBe(false); // no numbers from bad input
    writeInputs();
    expect((await runGla(['run', file])).code).toBe(0);
  });
});
