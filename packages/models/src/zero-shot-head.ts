import { matrix, type Matrix } from '@gla/core';
import { messages } from './messages.js';
import { ModelError } from './model-error.js';

/**
 * Zero-shot classifier weights from text embeddings, as in CLIP's prompt ensembling: each
 * template embedding is L2-normalised, the class's templates are averaged, and the mean is
 * normalised again.
 */

/** Euclidean norm of `data[offset, offset + length)`, in double precision. */
function norm(data: ArrayLike<number>, offset: number, length: number): number {
  let sum = 0;
  for (let t = 0; t < length; t++) sum += data[offset + t] * data[offset + t];
  return Math.sqrt(sum);
}

/**
 * Rows divided by their L2 norm (a new matrix).
 * @throws ModelError `ARGUMENT` for an all-zero row, whose direction is undefined.
 */
export function normalizeRows(m: Matrix): Matrix<Float32Array> {
  const out = new Float32Array(m.rows * m.cols);
  for (let i = 0; i < m.rows; i++) {
    const length = norm(m.data, i * m.cols, m.cols);
    if (!(length > 0)) throw new ModelError(messages.zeroRow(i), 'ARGUMENT');
    for (let t = 0; t < m.cols; t++) out[i * m.cols + t] = m.data[i * m.cols + t] / length;
  }
  return matrix(out, m.rows, m.cols);
}

/**
 * The `[classes, D]` zero-shot head from per-class template embeddings (`[templates, D]` each,
 * raw encoder outputs): normalise each row, average per class, normalise the mean.
 * @throws ModelError `ARGUMENT` when a class has no templates, widths differ, or a vector is zero.
 */
export function buildZeroShotHead(embeddingsByClass: readonly Matrix[]): Matrix<Float32Array> {
  const dim = embeddingsByClass[0]?.cols ?? 0;
  const out = new Float32Array(embeddingsByClass.length * dim);
  const mean = new Float64Array(dim);
  embeddingsByClass.forEach((templates, c) => {
    if (templates.rows === 0 || templates.cols !== dim)
      throw new ModelError(messages.headInput(c, templates.rows, templates.cols, dim), 'ARGUMENT');
    mean.fill(0);
    for (let r = 0; r < templates.rows; r++) {
      const length = norm(templates.data, r * dim, dim);
      if (!(length > 0)) throw new ModelError(messages.zeroTemplate(c, r), 'ARGUMENT');
      for (let t = 0; t < dim; t++) mean[t] += templates.data[r * dim + t] / length;
    }
    const length = norm(mean, 0, dim);
    if (!(length > 0)) throw new ModelError(messages.zeroTemplate(c, -1), 'ARGUMENT');
    for (let t = 0; t < dim; t++) out[c * dim + t] = mean[t] / length;
  });
  return matrix(out, embeddingsByClass.length, dim);
}
