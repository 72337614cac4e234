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

/** Feature rows per block of {@link linearLogitBlocks}. */
const BLOCK_ROWS = 4096;

/** One block of a head's logits: rows [start, start + rows) as float32 rows x K. */
export interface LogitBlock {
  start: number;
  rows: number;
  /** rows x K float32, row-major; overwritten by the next block (use or copy it first). */
  logits: Float32Array;
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
  const k = head.weights.rows;
  const out = new Float32Array(features.rows * k);
  for (const block of linearLogitBlocks(features, head, scale, products)) out.set(block.logits, block.start * k);
  return matrix(out, features.rows, k);
}

/**
 * {@link linearLogits} block by block (4,096 rows at a time), for logits larger than memory (ImageNet train:
 * 1.28 M x 1,000 float32 is 5.1 GB): the same bits, one block held at a time.
 * @param features in memory, or {@link FeatureRows} read a block at a time
 * @param scale multiplies the logits; default 1
 * @throws RangeError when the head expects another feature dimension
 */
export function* linearLogitBlocks(
  features: Matrix | FeatureRows,
  head: LinearHead,
  scale = 1,
  products: MatrixProducts = typescriptProducts,
): Generator<LogitBlock> {
  const source = isFeatureRows(features) ? features : matrixFeatureRows(features);
  const n = features.rows;
  const d = features.cols;
  const k = head.weights.rows;
  if (head.weights.cols !== d) throw new RangeError(`head expects ${head.weights.cols}-dimensional features, got ${d}`);
  const tmp = new Float64Array(Math.min(BLOCK_ROWS, n) * k);
  const logits = new Float32Array(tmp.length);
  for (let start = 0; start < n; start += BLOCK_ROWS) {
    const rows = Math.min(BLOCK_ROWS, n - start);
    products.abt(source.readRows(start, rows), head.weights.data, rows, d, k, tmp);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < k; j++) logits[i * k + j] = scale * (tmp[i * k + j] + head.bias[j]);
    }
    yield { start, rows, logits: logits.subarray(0, rows * k) };
  }
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
