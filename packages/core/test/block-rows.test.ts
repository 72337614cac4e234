import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSparseNpy } from './npy-test-files.js';
import { openNpyFileLogits } from '../src/index.js';
import { BlockRowCopier } from '../src/block-rows.js';
import { WasmKernels } from '../src/wasm-kernels.js';

const dir = mkdtempSync(join(tmpdir(), 'gla-block-rows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('BlockRowCopier', () => {
  it('reads rows past 3 GB of a sparse float64 file straight into kernel memory, by range and by row list', () => {
    // 400,000 x 1,000 float64: 3.2e9 bytes of data, sparse on disk (four rows written).
    const rows = 400_000;
    const cols = 1_000;
    const path = join(dir, 'big.npy');
    const rowValues = (base: number) => Float64Array.from({ length: cols }, (_, j) => base + j / 8);
    const headerLength = writeSparseNpy(path, '<f8', rows, cols, [
      [0, rowValues(1)],
      [268_435, rowValues(-3)], // starts at 128 + 2,147,480,000 bytes, ends past 2^31
      [375_000, rowValues(7)], // starts at 3.0e9 bytes
      [rows - 1, rowValues(100)],
    ]);
    const { file, identity } = openNpyFileLogits(path, 'big.npy');
    expect([file.rows, file.cols, file.dtype, identity.size]).toEqual([rows, cols, '<f8', headerLength + 3.2e9]);
    const kernels = new WasmKernels();
    const at = kernels.alloc(3 * cols * 8);
    const copier = new BlockRowCopier(file, cols);
    try {
      copier.copy(kernels, at, 268_434, 2);
      const two = kernels.f64(at, 2 * cols);
      expect(two.subarray(0, cols).every((v) => v === 0)).toBe(true); // an unwritten row reads as zeros
      expect(Array.from(two.subarray(cols, 2 * cols))).toEqual(Array.from(rowValues(-3)));
      copier.copyList(kernels, at, Int32Array.from([375_000, rows - 1, 0]), 0, 3);
      const three = kernels.f64(at, 3 * cols);
      expect(three[0]).toBe(7);
      expect(three[cols + 999]).toBe(100 + 999 / 8);
      expect(three[2 * cols + 1]).toBe(1 + 1 / 8);
    } finally {
      copier.close();
    }
  });

  it('copies rows of an in-memory array, by range and by row list (runs and single rows)', () => {
    const data = Float32Array.from({ length: 6 * 3 }, (_, i) => i);
    const kernels = new WasmKernels();
    const at = kernels.alloc(4 * 3 * 4);
    const copier = new BlockRowCopier(data, 3);
    copier.copy(kernels, at, 4, 2);
    expect(Array.from(kernels.f32(at, 6))).toEqual([12, 13, 14, 15, 16, 17]);
    copier.copyList(kernels, at, Int32Array.from([9, 2, 3, 0, 5]), 1, 4);
    expect(Array.from(kernels.f32(at, 12))).toEqual([6, 7, 8, 9, 10, 11, 0, 1, 2, 15, 16, 17]);
  });
});
