import type { Matrix } from './matrix.js';
import { matrix } from './matrix.js';
import { type FeatureRows, isFeatureRows, matrixFeatureRows } from './feature-rows.js';
import { typescriptProducts, type MatrixProducts } from './matrix-products.js';

/** A linear softmax head: logits = features * weights^T + bias. */
export interface LinearHead {
  /** K x d. */
  weights: Matrix<Float64Array>;
  /** K entries. */
  bias: Float64Array;
}

/**
 * Logits of a linear head on features (N x d), as float32 N x K (float32 halves the memory of ImageNet-scale
 * logits; the products are accumulated in float64).
 * @param features in memory, or {@link FeatureRows} read 4,096 rows at a time (each logit depends on its own row
 *   only, so both give the same bits)
 * @param scale multiplies the logits; default 1 (CLIP zero-shot heads use the logit scale 100).
 */
export function linearLogits(
  features: Matrix | FeatureRows,
  head: LinearHead,
  scale = 1,
  products: MatrixProducts = typescriptProducts,
): Matrix<Float32Array> {
  const source = isFeatureRows(features) ? features : matrixFeatureRows(features);
  const n = features.rows;
  const d = features.cols;
  const k = head.weights.rows;
  if (head.weights.cols !== d) throw new RangeError(`head expects ${head.weights.cols}-dimensional features, got ${d}`);
  const out = new Float32Array(n * k);
  const block = 4096;
  const tmp = new Float64Array(Math.min(block, n) * k);
  for (let start = 0; start < n; start += block) {
    const rows = Math.min(block, n - start);
    products.abt(source.readRows(start, rows), head.weights.data, rows, d, k, tmp);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < k; j++) out[(start + i) * k + j] = scale * (tmp[i * k + j] + head.bias[j]);
    }
  }
  return matrix(out, n, k);
}

/**
 * Weight-space interpolation of two heads, `(1 - alpha) * a + alpha * b` (WiSE-FT on a linear head).
 * @param alpha weight of `b` in [0, 1].
 */
export function interpolateHeads(a: LinearHead, b: LinearHead, alpha: number): LinearHead {
  const w = new Float64Array(a.weights.data.length);
  for (let i = 0; i < w.length; i++) w[i] = (1 - alpha) * a.weights.data[i] + alpha * b.weights.data[i];
  const bias = new Float64Array(a.bias.length);
  for (let j = 0; j < bias.length; j++) bias[j] = (1 - alpha) * a.bias[j] + alpha * b.bias[j];
  return { weights: matrix(w, a.weights.rows, a.weights.cols), bias };
}

/** A zero-initialised head for K classes and d dimensions. */
export function zeroHead(classes: number, dims: number): LinearHead {
  return { weights: matrix(new Float64Array(classes * dims), classes, dims), bias: new Float64Array(classes) };
}
