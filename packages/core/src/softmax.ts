import type { FloatArray, Matrix } from './matrix.js';
import { matrix } from './matrix.js';

/**
 * log(sum_j exp(x[offset + j] * scale + shift[j])) for j < length, computed with a max shift so that
 * logits of +-1e4 neither overflow nor underflow. `shift` may be omitted (zeros); `scale` defaults to 1.
 */
export function logSumExp(
  x: ArrayLike<number>,
  offset = 0,
  length = x.length - offset,
  scale = 1,
  shift?: ArrayLike<number>,
): number {
  let max = -Infinity;
  for (let j = 0; j < length; j++) {
    const v = x[offset + j] * scale + (shift ? shift[j] : 0);
    if (v > max) max = v;
  }
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let j = 0; j < length; j++) sum += Math.exp(x[offset + j] * scale + (shift ? shift[j] : 0) - max);
  return max + Math.log(sum);
}

/**
 * Row-wise softmax of `logits / temperature`, in float64.
 * @param temperature divides every logit; default 1.
 */
export function softmax(logits: Matrix, temperature = 1): Matrix<Float64Array> {
  const { rows, cols, data } = logits;
  const out = new Float64Array(rows * cols);
  const scale = 1 / temperature;
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let max = -Infinity;
    for (let j = 0; j < cols; j++) if (data[o + j] * scale > max) max = data[o + j] * scale;
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(data[o + j] * scale - max);
      out[o + j] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let j = 0; j < cols; j++) out[o + j] *= inv;
  }
  return matrix(out, rows, cols);
}

/** Row-wise log-softmax of `logits / temperature` (default 1), in float64. */
export function logSoftmax(logits: Matrix, temperature = 1): Matrix<Float64Array> {
  const { rows, cols, data } = logits;
  const out = new Float64Array(rows * cols);
  const scale = 1 / temperature;
  for (let i = 0; i < rows; i++) {
    const lse = logSumExp(data, i * cols, cols, scale);
    for (let j = 0; j < cols; j++) out[i * cols + j] = data[i * cols + j] * scale - lse;
  }
  return matrix(out, rows, cols);
}

/** Copies a typed array into float64. */
export function toFloat64(x: FloatArray): Float64Array {
  return x instanceof Float64Array ? x : Float64Array.from(x);
}
