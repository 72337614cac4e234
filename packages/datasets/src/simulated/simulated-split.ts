import { createRandom, matrix, type Matrix } from '@gla/core';
import { domainClassMean, type SimulatedGeometry } from './simulated-geometry.js';

/** A labelled split of simulated features (what a CLIP image encoder would have produced for real images). */
export interface SimulatedSplit {
  /** e.g. 'simulated-default/test' or 'simulated-default/few-shot/k4/seed1/train'. */
  readonly name: string;
  /** The domain it was drawn from: 'pretraining', 'downstream', 'shift-a', ... */
  readonly domain: string;
  /** N x d features. */
  readonly features: Matrix<Float32Array>;
  /** N labels in 0..K-1. */
  readonly labels: Int32Array;
}

/**
 * `perClass` labels of each of K classes, interleaved (0, 1, ..., K-1, 0, 1, ...) so that every prefix is
 * nearly balanced.
 */
export function balancedLabels(classes: number, perClass: number): Int32Array {
  const out = new Int32Array(classes * perClass);
  for (let i = 0; i < out.length; i++) out[i] = i % classes;
  return out;
}

/** counts[j] labels of class j, in class order. */
export function labelsFromCounts(counts: ArrayLike<number>): Int32Array {
  let total = 0;
  for (let j = 0; j < counts.length; j++) total += counts[j];
  const out = new Int32Array(total);
  let i = 0;
  for (let j = 0; j < counts.length; j++) for (let c = 0; c < counts[j]; c++) out[i++] = j;
  return out;
}

/**
 * Draws one feature per label from a domain: the class mean plus standard normal noise (unit variance in every
 * dimension), stored as float32.
 * @param seed the split's own stream seed (see `subSeed`)
 * @throws RangeError for an unknown domain or a label outside 0..K-1
 */
export function sampleSimulatedSplit(
  geometry: SimulatedGeometry,
  domainName: string,
  labels: Int32Array,
  seed: number,
  name: string,
): SimulatedSplit {
  const domain = geometry.domains.find((candidate) => candidate.name === domainName);
  if (!domain) throw new RangeError(`simulated world has no domain '${domainName}'`);
  const { classes: k, dims: d } = geometry;
  // Class means are computed once per class, not per sample: K x d instead of N x d work.
  const means = new Float64Array(k * d);
  for (let y = 0; y < k; y++) domainClassMean(geometry, domain, y, means.subarray(y * d, (y + 1) * d));
  const random = createRandom(seed);
  const data = new Float32Array(labels.length * d);
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (!(y >= 0 && y < k)) throw new RangeError(`label ${y} at ${i} is outside 0..${k - 1}`);
    for (let t = 0; t < d; t++) data[i * d + t] = means[y * d + t] + random.normal();
  }
  return { name, domain: domainName, features: matrix(data, labels.length, d), labels };
}

/** Rows of `a` then rows of `b` as one split (e.g. the k-shot train and val sets that GLA estimates q on). */
export function concatSplits(a: SimulatedSplit, b: SimulatedSplit, name = `${a.name}+${b.name}`): SimulatedSplit {
  if (a.features.cols !== b.features.cols)
    throw new RangeError(`cannot concatenate ${a.features.cols}- and ${b.features.cols}-dimensional splits`);
  const data = new Float32Array(a.features.data.length + b.features.data.length);
  data.set(a.features.data, 0);
  data.set(b.features.data, a.features.data.length);
  const labels = new Int32Array(a.labels.length + b.labels.length);
  labels.set(a.labels, 0);
  labels.set(b.labels, a.labels.length);
  const domain = a.domain === b.domain ? a.domain : `${a.domain}+${b.domain}`;
  return { name, domain, features: matrix(data, labels.length, a.features.cols), labels };
}
