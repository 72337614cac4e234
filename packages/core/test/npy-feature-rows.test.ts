import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSparseNpy } from './npy-test-files.js';
import { encodeNpyHeader, InputError, l2NormalizedRows, NpyFeatureRows } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'gla-feature-rows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

describe('NpyFeatureRows', () => {
  it('reads a sparse float16 file of 2.2 GB past the 2 GiB boundary, by block and by index', () => {
    // 1,100,000 x 1,000 float16: 2.2e9 bytes of data, sparse on disk (three rows written).
    const rows = 1_100_000;
    const cols = 1_000;
    const file = join(dir, 'big-half.npy');
    // float16 bits by hand from the IEEE half layout: 0x3c00 = 1, 0xc400 = -4, 0x3555 = 0.333251953125.
    const row = (bits: number) => Uint16Array.from({ length: cols }, (_, j) => (j === 0 ? bits : 0x3c00));
    const headerLength = writeSparseNpy(file, '<f2', rows, cols, [
      [0, row(0x3555)],
      // Row 1,073,742 starts at 64 + 2,147,484,000 bytes: past 2^31 = 2,147,483,648.
      [1_073_742, row(0xc400)],
      [rows - 1, row(0x3c00)],
    ]);
    expect(statSync(file).size).toBe(headerLength + rows * cols * 2);
    const source = NpyFeatureRows.open(file);
    try {
      expect([source.rows, source.cols, source.dtype]).toEqual([rows, cols, 'float16']);
      const block = source.readRows(1_073_741, 2);
      expect(block).toBeInstanceOf(Float32Array);
      expect(block.length).toBe(2 * cols);
      expect(block[0]).toBe(0); // the unwritten row before it reads as zeros
      expect([block[cols], block[cols + 1], block[2 * cols - 1]]).toEqual([-4, 1, 1]);
      const gathered = new Float64Array(3 * cols);
      source.gatherRows([rows - 1, 1_073_742, 0], gathered);
      expect([gathered[0], gathered[cols], gathered[2 * cols], gathered[3 * cols - 1]]).toEqual([
        1, -4, 0.333251953125, 1,
      ]);
      // Normalised on the fly: row 1,073,742 is (-4, 1 x 999), norm sqrt(16 + 999) = sqrt(1015).
      const unit = l2NormalizedRows(source, 'big-half.npy').readRows(1_073_742, 1);
      expect(unit[0]).toBe(Math.fround(-4 / Math.sqrt(1015)));
      expect(unit[999]).toBe(Math.fround(1 / Math.sqrt(1015)));
      expect(() => source.readRows(rows - 1, 2)).toThrow(RangeError);
    } finally {
      source.close();
    }
  });

  it('reads float32 and float64 files in their own precision and reuses one block buffer', () => {
    const values = Float64Array.from({ length: 12 }, (_, i) => i / 3);
    const f8 = join(dir, 'f8.npy');
    writeFileSync(f8, Buffer.concat([encodeNpyHeader('<f8', [4, 3]), bytes(values)]));
    const wide = NpyFeatureRows.open(f8);
    const block = wide.readRows(1, 2);
    expect(block).toBeInstanceOf(Float64Array);
    expect(Array.from(block)).toEqual(Array.from(values.subarray(3, 9)));
    wide.close();
    const f4 = join(dir, 'f4.npy');
    writeFileSync(f4, Buffer.concat([encodeNpyHeader('<f4', [4, 3]), bytes(Float32Array.from(values))]));
    const narrow = NpyFeatureRows.open(f4);
    const a = narrow.readRows(0, 2);
    expect(Array.from(a)).toEqual(Array.from(values.subarray(0, 6), Math.fround));
    const b = narrow.readRows(3, 1);
    expect(b.buffer).toBe(a.buffer);
    expect(Array.from(b)).toEqual(Array.from(values.subarray(9, 12), Math.fround));
    const target = new Float32Array(6);
    narrow.gatherRows([2, 2], target);
    expect(Array.from(target)).toEqual([6, 7, 8, 6, 7, 8].map((v) => Math.fround(v / 3)));
    narrow.close();
    narrow.close(); // idempotent
  });

  it('refuses a file that is not a 2-D float array, naming it', () => {
    const labels = join(dir, 'labels.npy');
    writeFileSync(labels, Buffer.concat([encodeNpyHeader('<i4', [2, 2]), bytes(new Int32Array(4))]));
    expect(() => NpyFeatureRows.open(labels, 'labels.npy')).toThrow(InputError);
    expect(() => NpyFeatureRows.open(labels, 'labels.npy')).toThrow(/^labels\.npy: expected float16, float32/);
  });
});
