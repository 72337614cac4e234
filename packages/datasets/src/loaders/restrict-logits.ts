import type { FloatArray, Matrix } from '@gla/core';
import { messages } from '../messages.js';

/**
 * Keeps the given columns of a logit matrix, in the given order: 1000-way ImageNet logits restricted to a
 * shift set's classes (`ShiftSplit.classIndices`), whose argmax then indexes the set's local labels.
 * @param logits rows x cols logits (Float32Array or Float64Array; the result has the same type)
 * @param classIndices column indices to keep, each an integer in [0, cols)
 * @returns a new rows x classIndices.length matrix
 * @throws RangeError on an index outside [0, cols)
 */
export function restrictLogits<T extends FloatArray>(logits: Matrix<T>, classIndices: ArrayLike<number>): Matrix<T> {
  const k = classIndices.length;
  for (let j = 0; j < k; j++) {
    const c = classIndices[j];
    if (!Number.isInteger(c) || c < 0 || c >= logits.cols)
      throw new RangeError(messages.columnOutOfRange(c, logits.cols));
  }
  const Ctor = logits.data.constructor as new (n: number) => T;
  const data = new Ctor(logits.rows * k);
  for (let i = 0; i < logits.rows; i++) {
    const from = i * logits.cols;
    for (let j = 0; j < k; j++) data[i * k + j] = logits.data[from + classIndices[j]];
  }
  return { rows: logits.rows, cols: k, data };
}
