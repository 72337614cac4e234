import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSparseNpy } from './npy-test-files.js';
import { encodeNpyHeader, NpyRowReader } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'gla-row-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('NpyRowReader', () => {
  it('reads rows past the 2 GiB boundary of a sparse 2.2 GB file, holding only those rows', () => {
    // 550,000 x 1,000 float32: 2.2e9 bytes of data, sparse on disk (only three rows are written).
    const rows = 550_000;
    const cols = 1_000;
    const file = join(dir, 'big.npy');
    const values = (base: number) => Float32Array.from({ length: cols }, (_, j) => base + j / 4);
    const headerLength = writeSparseNpy(file, '<f4', rows, cols, [
      [0, values(1)],
      // Row 536,871 starts at 64 + 2,147,484,000 bytes: past 2^31 = 2,147,483,648.
      [536_871, values(-7)],
      [rows - 1, values(100)],
    ]);
    expect(statSync(file).size).toBe(headerLength + rows * cols * 4);
    const reader = NpyRowReader.open(file);
    try {
      expect([reader.rows, reader.cols, reader.dtype]).toEqual([rows, cols, '<f4']);
      const crossing = reader.readRows(536_870, 2);
      expect(crossing.rows).toBe(2);
      expect(crossing.data[0]).toBe(0); // the unwritten row before it reads as zeros
      expect(crossing.data[cols]).toBe(-7);
      expect(crossing.data[cols + 999]).toBe(-7 + 999 / 4);
      const last = reader.readRows(rows - 1, 1, true);
      expect(last.data.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(last.data[3]).toBe(100.75);
      expect(reader.readRows(0, 1).data[2]).toBe(1.5);
      expect(() => reader.readRows(rows - 1, 2)).toThrow(RangeError);
    } finally {
      reader.close();
    }
  });

  it('widens float16 rows to float32 and refuses a file whose size does not match its header', () => {
    const header = encodeNpyHeader('<f2', [2, 3]);
    // float16 bits of 1, -2, 0.5, 65504, 2^-14, 0 (by hand from the IEEE half layout).
    const halves = Uint16Array.from([0x3c00, 0xc000, 0x3800, 0x7bff, 0x0400, 0x0000]);
    const file = join(dir, 'half.npy');
    writeFileSync(file, Buffer.concat([header, new Uint8Array(halves.buffer)]));
    const reader = NpyRowReader.open(file, 'half.npy');
    expect(Array.from(reader.readRows(0, 2).data)).toEqual([1, -2, 0.5, 65504, 2 ** -14, 0]);
    reader.close();
    const cut = join(dir, 'cut.npy');
    writeFileSync(cut, Buffer.concat([header, new Uint8Array(halves.buffer).subarray(0, 10)]));
    expect(() => NpyRowReader.open(cut, 'cut.npy')).toThrow(
      `cut.npy: file is ${header.length + 10} bytes, but the header's shape (2, 3) needs ${header.length + 12}`,
    );
  });
});

describe('NpyRowReader.readRows with reuse', () => {
  it('fills the previous chunk buffer again (shared or not), with the right rows each time', () => {
    const values = Float32Array.from({ length: 5 * 3 }, (_, i) => i * 0.5);
    const header = encodeNpyHeader('<f4', [5, 3]);
    const file = join(dir, 'reuse.npy');
    writeFileSync(file, Buffer.concat([header, new Uint8Array(values.buffer)]));
    const reader = NpyRowReader.open(file);
    try {
      for (const shared of [false, true]) {
        const a = reader.readRows(0, 2, shared, true);
        expect(Array.from(a.data)).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
        expect(a.data.buffer instanceof SharedArrayBuffer).toBe(shared);
        const b = reader.readRows(3, 2, shared, true);
        expect(b.data.buffer).toBe(a.data.buffer); // one buffer, filled again
        expect(Array.from(b.data)).toEqual([4.5, 5, 5.5, 6, 6.5, 7]);
        const c = reader.readRows(4, 1, shared, true); // a shorter last chunk: a view of its length
        expect(Array.from(c.data)).toEqual([6, 6.5, 7]);
        expect(reader.readRows(0, 1, shared).data.buffer).not.toBe(a.data.buffer); // without reuse: fresh
      }
    } finally {
      reader.close();
    }
  });
});

describe('NpyRowReader.readRowsInto', () => {
  it('decodes rows into a target at an offset: float16 widened, float32 direct or widened to float64', () => {
    // float16 bits of 1, -2, 0.5, 65504, 2^-14, 0 (by hand from the IEEE half layout).
    const halves = Uint16Array.from([0x3c00, 0xc000, 0x3800, 0x7bff, 0x0400, 0x0000]);
    const half = join(dir, 'into-half.npy');
    writeFileSync(half, Buffer.concat([encodeNpyHeader('<f2', [3, 2]), new Uint8Array(halves.buffer)]));
    const reader = NpyRowReader.open(half);
    const wide = new Float64Array(5).fill(9);
    reader.readRowsInto(1, 2, wide, 1);
    expect(Array.from(wide)).toEqual([9, 0.5, 65504, 2 ** -14, 0]);
    expect(() => reader.readRowsInto(1, 2, new Float32Array(4), 1)).toThrow(RangeError);
    reader.close();
    const values = Float32Array.from([0.1, 0.2, 0.3, 0.4]);
    const single = join(dir, 'into-single.npy');
    writeFileSync(single, Buffer.concat([encodeNpyHeader('<f4', [2, 2]), new Uint8Array(values.buffer)]));
    const f4 = NpyRowReader.open(single);
    const direct = new Float32Array(4);
    f4.readRowsInto(1, 1, direct, 2);
    expect(Array.from(direct)).toEqual([0, 0, values[2], values[3]]);
    const widened = new Float64Array(4);
    f4.readRowsInto(0, 2, widened);
    expect(Array.from(widened)).toEqual(Array.from(values));
    f4.close();
  });
});
