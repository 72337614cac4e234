import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRandom, encodeNpy, type Random } from '@gla/core';

/** A long-tailed prior over k classes with max/min ratio `imbalance`, decreasing with the class index. */
export function geometricPrior(k: number, imbalance: number): Float64Array {
  const p = Float64Array.from({ length: k }, (_, j) => imbalance ** (-j / (k - 1)));
  const s = p.reduce((a, b) => a + b, 0);
  return p.map((v) => v / s);
}

/** Labels and two models' logits on one split: zero-shot = evidence + log pi_p (label-biased), fine-tuned = other evidence. */
export interface SyntheticSplit {
  labels: Int32Array;
  zeroShot: Float32Array;
  fineTuned: Float32Array;
  k: number;
}

/**
 * `perClass[j]` samples of class j (classes listed in `classes`, default all). The zero-shot logits carry the
 * log of `prior` (the pre-training label bias GLA removes); the fine-tuned logits carry `ftBias` (e.g. log pi_s).
 */
export function syntheticSplit(
  random: Random,
  k: number,
  perClass: number | ArrayLike<number>,
  prior: Float64Array,
  options: { zsSignal?: number; ftSignal?: number; ftBias?: ArrayLike<number>; classes?: number[] } = {},
): SyntheticSplit {
  const { zsSignal = 2, ftSignal = 1.5, ftBias, classes = Array.from({ length: k }, (_, j) => j) } = options;
  const labels: number[] = [];
  for (const j of classes) {
    const n = typeof perClass === 'number' ? perClass : perClass[j];
    for (let i = 0; i < n; i++) labels.push(j);
  }
  const n = labels.length;
  const zeroShot = new Float32Array(n * k);
  const fineTuned = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    for (let j = 0; j < k; j++) {
      zeroShot[i * k + j] = zsSignal * ((j === y ? zsSignal : 0) + random.normal()) + Math.log(prior[j]);
      fineTuned[i * k + j] = ftSignal * ((j === y ? ftSignal : 0) + random.normal()) + (ftBias ? ftBias[j] : 0);
    }
  }
  return { labels: Int32Array.from(labels), zeroShot, fineTuned, k };
}

/** Writes an array as `.npy`, creating folders. */
export function writeNpy(path: string, data: Float32Array | Int32Array, shape: number[]): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, encodeNpy(data, shape));
}

/** The WiSE-FT stand-in of a test: (1 - alpha) * zero-shot + alpha * fine-tuned logits. */
export function mixLogits(split: SyntheticSplit, alpha: number): Float32Array {
  return Float32Array.from(split.zeroShot, (z, i) => (1 - alpha) * z + alpha * split.fineTuned[i]);
}

export { createRandom };
