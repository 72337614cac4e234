import { createRandom, matrix, type LinearHead, type Matrix, type Random } from '@gla/core';

/** Options of {@link clipLikeFeatures}. */
export interface ClipLikeFeaturesOptions {
  /** Feature rows; image i has class i mod K (balanced). */
  rows: number;
  classes: number;
  /** Feature width (512 for CLIP ViT-B). */
  dims: number;
  /** Seed of the class geometry and the noise; default 1. */
  seed?: number;
  /** Weight of the class direction against unit noise; default 0.25 (zero-shot head about 75 % on the features). */
  signal?: number;
  /** Squared cosine of every feature with one shared direction (CLIP's narrow cone); default 0.5. */
  common?: number;
}

/** Unit-norm float32 features, their labels and a CLIP-style zero-shot head (weights 100 x unit text embeddings). */
export interface ClipLikeFeatures {
  features: Matrix<Float32Array>;
  labels: Int32Array;
  zeroShotHead: LinearHead;
}

// Noise comes from a table of normals read at a random offset per row: one table draw per value would make
// generating 1.28 M x 512 features take longer than the epoch it feeds.
const TABLE_BITS = 20;

function unit(v: Float64Array): Float64Array {
  let n = 0;
  for (const x of v) n += x * x;
  const inv = 1 / Math.sqrt(n);
  for (let i = 0; i < v.length; i++) v[i] *= inv;
  return v;
}

function normals(random: Random, n: number): Float64Array {
  return Float64Array.from({ length: n }, () => random.normal());
}

/**
 * CLIP-like image features for linear-head benchmarks, deterministic given the seed: each feature is
 * `normalize(sqrt(common) c + sqrt(1 - common) normalize(signal * e_y + noise / sqrt(d)))`, with class directions
 * e_j and a shared direction c; the zero-shot head's text embeddings are the class directions perturbed by noise,
 * in the same cone, scaled by CLIP's logit scale 100. Written row by row into one float32 array (4 bytes per value,
 * no float64 temporary of the whole set).
 */
export function clipLikeFeatures(options: ClipLikeFeaturesOptions): ClipLikeFeatures {
  const { rows, classes: k, dims: d, seed = 1, signal = 0.25, common = 0.5 } = options;
  const random = createRandom(seed);
  const shared = unit(normals(random, d));
  const directions = Array.from({ length: k }, () => unit(normals(random, d)));
  const weights = new Float64Array(k * d);
  for (let j = 0; j < k; j++) {
    const noise = normals(random, d);
    const text = unit(
      Float64Array.from(
        directions[j],
        (v, c) => Math.sqrt(common) * shared[c] + Math.sqrt(1 - common) * (v + (0.7 * noise[c]) / Math.sqrt(d)),
      ),
    );
    for (let c = 0; c < d; c++) weights[j * d + c] = 100 * text[c];
  }
  const mask = (1 << TABLE_BITS) - 1;
  const table = normals(random, 1 << TABLE_BITS);
  const data = new Float32Array(rows * d);
  const labels = new Int32Array(rows);
  const u = new Float64Array(d);
  for (let i = 0; i < rows; i++) {
    const y = i % k;
    labels[i] = y;
    const e = directions[y];
    const offset = random.int(1 << TABLE_BITS);
    let norm = 0;
    for (let c = 0; c < d; c++) {
      const v = signal * e[c] + table[(offset + c) & mask] / Math.sqrt(d);
      u[c] = v;
      norm += v * v;
    }
    const a = Math.sqrt(1 - common) / Math.sqrt(norm);
    // |sqrt(common) c + a u|^2 = 1 + 2 sqrt(common) a (c . u), so the row is renormalised below.
    let total = 0;
    for (let c = 0; c < d; c++) {
      const v = Math.sqrt(common) * shared[c] + a * u[c];
      u[c] = v;
      total += v * v;
    }
    const inv = 1 / Math.sqrt(total);
    for (let c = 0; c < d; c++) data[i * d + c] = u[c] * inv;
  }
  return {
    features: matrix(data, rows, d),
    labels,
    zeroShotHead: { weights: matrix(weights, k, d), bias: new Float64Array(k) },
  };
}
