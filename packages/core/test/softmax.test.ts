import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { logSoftmax, matrix, softmax } from '../src/index.js';
import { logSumExp } from '../src/softmax.js';

describe('softmax', () => {
  it('rows sum to one and stay finite for logits of +-1e4', () => {
    const m = matrix(Float32Array.from([1e4, -1e4, 0, -1e4, -1e4, -1e4]), 2, 3);
    const p = softmax(m);
    expect(Array.from(p.data)).toEqual([1, 0, 0, 1 / 3, 1 / 3, 1 / 3]);
    const lp = logSoftmax(m);
    expect(lp.data.every(Number.isFinite)).toBe(true);
    expect(lp.data[0]).toBe(0);
    expect(lp.data[1]).toBe(-2e4);
  });

  it('logSumExp equals the naive formula on moderate values', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: 1, maxLength: 20 }), (xs) => {
        const naive = Math.log(xs.reduce((s, v) => s + Math.exp(v), 0));
        expect(logSumExp(xs)).toBeCloseTo(naive, 10);
      }),
    );
  });

  it('temperature divides the logits', () => {
    const m = matrix(Float64Array.from([2, 0]), 1, 2);
    const p = softmax(m, 2);
    expect(p.data[0]).toBeCloseTo(Math.exp(1) / (Math.exp(1) + 1), 14);
  });
});
