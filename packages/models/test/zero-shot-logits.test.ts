import { matrix } from '@gla/core';
import { describe, expect, it } from 'vitest';
import { zeroShotLogits } from '../src/zero-shot-logits.js';

describe('zeroShotLogits', () => {
  it('is logitScale times the cosine of image features and class embeddings', () => {
    const features = matrix(new Float32Array([2, 0, 1, 1, 0, -3]), 3, 2);
    const head = matrix(new Float32Array([1, 0, 0, 5]), 2, 2);
    const logits = zeroShotLogits(features, head);
    expect([logits.rows, logits.cols]).toEqual([3, 2]);
    expect(logits.data).toBeInstanceOf(Float32Array);
    const r = Math.SQRT1_2 * 100;
    expect(Array.from(logits.data)).toEqual([100, 0, Math.fround(r), Math.fround(r), 0, -100]);
    expect(Array.from(zeroShotLogits(features, head, 1).data.subarray(0, 2))).toEqual([1, 0]);
  });

  it('refuses different widths', () => {
    expect(() => zeroShotLogits(matrix(new Float32Array(3), 1, 3), matrix(new Float32Array([1, 0]), 1, 2))).toThrow(
      /width 3 but the head has width 2/,
    );
  });
});
