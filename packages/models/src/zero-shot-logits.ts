import { matrix, type Matrix } from '@gla/core';
import { messages } from './messages.js';
import { ModelError } from './model-error.js';
import { normalizeRows } from './zero-shot-head.js';

/**
 * CLIP zero-shot logits: `logitScale * cos(image feature, class embedding)` for every image and
 * class. Both sides are L2-normalised here, so raw encoder features and any head may be passed.
 * @param imageFeatures [N, D] image embeddings.
 * @param head [K, D] class embeddings (e.g. from `buildZeroShotHead`).
 * @param logitScale multiplier of the cosine, default 100 (CLIP's learned scale).
 * @returns [N, K] float32 logits.
 * @throws ModelError `ARGUMENT` when widths differ or a row is all zeros.
 */
export function zeroShotLogits(imageFeatures: Matrix, head: Matrix, logitScale = 100): Matrix<Float32Array> {
  if (imageFeatures.cols !== head.cols)
    throw new ModelError(messages.widthMismatch(imageFeatures.cols, head.cols), 'ARGUMENT');
  const x = normalizeRows(imageFeatures);
  const w = normalizeRows(head);
  const { rows: n, cols: d } = x;
  const k = w.rows;
  const out = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const xi = i * d;
    for (let j = 0; j < k; j++) {
      const wj = j * d;
      let sum = 0;
      for (let t = 0; t < d; t++) sum += x.data[xi + t] * w.data[wj + t];
      out[i * k + j] = logitScale * sum;
    }
  }
  return matrix(out, n, k);
}
