import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRandom } from '@gla/core';
import { writeNpy } from '../cli-harness.js';

/**
 * A long-tail run in logits mode: 4 classes, the fine-tuned logits biased by the training prior. Every path in the
 * config is absolute, so nothing is written under the package.
 */
export function longTailLayout(dir: string): string {
  const k = 4;
  const random = createRandom(5);
  const counts = [120, 40, 12, 6];
  const train = Int32Array.from(counts.flatMap((c, j) => Array.from({ length: c }, () => j)));
  writeNpy(dir, 'train.npy', train, [train.length]);
  for (const role of ['val', 'test']) {
    const labels = Int32Array.from({ length: 12 * k }, (_, i) => i % k);
    const zs = Float32Array.from(
      { length: labels.length * k },
      (_, x) => 2 * ((x % k === labels[Math.floor(x / k)] ? 1.5 : 0) + random.normal()) - (x % k),
    );
    const ft = Float32Array.from(
      { length: labels.length * k },
      (_, x) => (x % k === labels[Math.floor(x / k)] ? 1.5 : 0) + random.normal() + Math.log(counts[x % k]),
    );
    writeNpy(dir, `${role}.npy`, labels, [labels.length]);
    writeNpy(dir, `zs-${role}.npy`, zs, [labels.length, k]);
    writeNpy(dir, `ft-${role}.npy`, ft, [labels.length, k]);
  }
  const config = join(dir, 'lt.yaml');
  writeFileSync(
    config,
    `experiment: cli-long-tail
kind: long-tail
title: CLI long-tail
backbone: test
benchmarks: [places-lt]
cacheDir: ${dir}/cache
resultsDir: ${dir}/results
data:
  kind: logits
  labels: { train: ${dir}/train.npy, val: ${dir}/val.npy, test: ${dir}/test.npy }
models:
  zeroShot: { kind: logits, files: { val: ${dir}/zs-val.npy, test: ${dir}/zs-test.npy } }
  fineTuned: { kind: logits, files: { test: ${dir}/ft-test.npy } }
`,
  );
  return config;
}
