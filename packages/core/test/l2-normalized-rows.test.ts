import { describe, expect, it } from 'vitest';
import { InputError, l2NormalizedRows, matrix, matrixFeatureRows } from '../src/index.js';

describe('l2NormalizedRows', () => {
  it('divides each row by its norm, as float32, the same through readRows and gatherRows', () => {
    // Rows (3, 4) and (0, -2) have norms 5 and 2: (0.6, 0.8) and (0, -1); (1, 1, ...) checked by formula below.
    const source = matrixFeatureRows(matrix(Float64Array.from([3, 4, 0, -2, 1, 1]), 3, 2));
    const rows = l2NormalizedRows(source, 'x.npy');
    expect([rows.rows, rows.cols, rows.dtype]).toEqual([3, 2, 'float32']);
    const block = rows.readRows(0, 3);
    expect(block).toBeInstanceOf(Float32Array);
    const half = Math.fround(1 / Math.SQRT2);
    expect(Array.from(block)).toEqual([Math.fround(0.6), Math.fround(0.8), 0, -1, half, half]);
    const gathered = new Float64Array(4);
    rows.gatherRows([2, 0], gathered);
    expect(Array.from(gathered)).toEqual([half, half, Math.fround(0.6), Math.fround(0.8)]);
  });

  it('names the source and the row of an all-zero row', () => {
    const rows = l2NormalizedRows(matrixFeatureRows(matrix(Float32Array.from([1, 0, 0, 0]), 2, 2)), 'f.npy');
    expect(() => rows.readRows(0, 2)).toThrow(InputError);
    expect(() => rows.readRows(0, 2)).toThrow('f.npy: row 1 is all zeros and cannot be L2-normalised');
    expect(() => rows.gatherRows([0, 1], new Float32Array(4))).toThrow('f.npy: row 1 is all zeros');
  });

  it('names the row of a NaN or infinite value instead of normalising it to NaN', () => {
    const data = Float32Array.from([1, 2, Number.NaN, 0, 3, Number.POSITIVE_INFINITY]);
    const rows = l2NormalizedRows(matrixFeatureRows(matrix(data, 3, 2)), 'f.npy');
    expect(() => rows.readRows(1, 1)).toThrow('f.npy: row 1 has a value that is not finite');
    expect(() => rows.gatherRows([0, 2], new Float64Array(4))).toThrow('f.npy: row 2 has a value that is not finite');
    expect(Array.from(rows.readRows(0, 1))).toEqual([1 / Math.sqrt(5), 2 / Math.sqrt(5)].map(Math.fround));
  });
});
