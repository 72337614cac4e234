import { matrix } from '@gla/core';
import { describe, expect, it } from 'vitest';
import { buildZeroShotHead, normalizeRows } from '../src/zero-shot-head.js';

describe('buildZeroShotHead', () => {
  it('normalises each template, averages per class and renormalises', () => {
    // Class 0: (3,4)/5 = (0.6,0.8) and (0,2)/2 = (0,1); mean (0.3,0.9); norm sqrt(0.9).
    const head = buildZeroShotHead([
      matrix(new Float32Array([3, 4, 0, 2]), 2, 2),
      matrix(new Float32Array([-5, 0]), 1, 2),
    ]);
    expect([head.rows, head.cols]).toEqual([2, 2]);
    const n = Math.sqrt(0.09 + 0.81);
    expect(head.data[0]).toBeCloseTo(0.3 / n, 6);
    expect(head.data[1]).toBeCloseTo(0.9 / n, 6);
    expect(Array.from(head.data.subarray(2))).toEqual([-1, 0]);
  });

  it('gives the same head whatever the scale of each template embedding', () => {
    const a = buildZeroShotHead([matrix(new Float32Array([1, 2, 3, -1, 0, 2]), 2, 3)]);
    const b = buildZeroShotHead([matrix(new Float32Array([10, 20, 30, -0.1, 0, 0.2]), 2, 3)]);
    a.data.forEach((v, i) => expect(b.data[i]).toBeCloseTo(v, 6));
  });

  it('refuses zero vectors, empty classes and mixed widths', () => {
    expect(() => buildZeroShotHead([matrix(new Float32Array([0, 0]), 1, 2)])).toThrow(/class 0, template 0/);
    expect(() =>
      buildZeroShotHead([matrix(new Float32Array([1, 0]), 1, 2), matrix(new Float32Array(0), 0, 2)]),
    ).toThrow(/class 1/);
    expect(() =>
      buildZeroShotHead([matrix(new Float32Array([1, 0]), 1, 2), matrix(new Float32Array([1, 0, 0]), 1, 3)]),
    ).toThrow(/width 3, expected at least 1 of width 2/);
  });
});

describe('normalizeRows', () => {
  it('makes every row unit length', () => {
    const out = normalizeRows(matrix(new Float64Array([3, 4, 1, 1]), 2, 2));
    expect(Array.from(out.data).map((v) => Number(v.toFixed(6)))).toEqual([0.6, 0.8, 0.707107, 0.707107]);
    expect(() => normalizeRows(matrix(new Float64Array([0, 0]), 1, 2))).toThrow(/row 0 is all zeros/);
  });
});
