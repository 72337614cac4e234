import { describe, expect, it } from 'vitest';
import { isFeatureRows, matrix, matrixFeatureRows } from '../src/index.js';

describe('matrixFeatureRows', () => {
  const m = matrix(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]), 4, 2);

  it('reads consecutive rows as views of the matrix and gathers rows by index', () => {
    const rows = matrixFeatureRows(m);
    expect([rows.rows, rows.cols, rows.dtype]).toEqual([4, 2, 'float32']);
    const block = rows.readRows(1, 2);
    expect(Array.from(block)).toEqual([3, 4, 5, 6]);
    expect(block.buffer).toBe(m.data.buffer); // a view: no copy
    const target = new Float64Array(6);
    rows.gatherRows([3, 0, 3], target);
    expect(Array.from(target)).toEqual([7, 8, 1, 2, 7, 8]);
    expect(matrixFeatureRows(matrix(new Float64Array(2), 1, 2)).dtype).toBe('float64');
    expect(isFeatureRows(rows)).toBe(true);
    expect(isFeatureRows(m)).toBe(false);
  });

  it('refuses rows outside the matrix and a target too short', () => {
    const rows = matrixFeatureRows(m);
    expect(() => rows.readRows(3, 2)).toThrow(RangeError);
    expect(() => rows.readRows(-1, 1)).toThrow(RangeError);
    expect(() => rows.gatherRows([4], new Float32Array(2))).toThrow(RangeError);
    expect(() => rows.gatherRows([0, 1], new Float32Array(3))).toThrow(RangeError);
  });
});
