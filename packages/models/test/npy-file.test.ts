import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromFloat16Bits, toFloat16Bits } from '@gla/core';
import { decodeNpyMatrix, npyHeader, readNpyMatrix, writeNpyMatrix } from '../src/npy-file.js';
import { tempDir } from './helpers/temp-dir.js';

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
});

/** A .npy file the way NumPy writes it, with a custom header dictionary. */
function npy(dict: string, data: Uint8Array, version = 1): Uint8Array {
  const lengthBytes = version === 1 ? 2 : 4;
  const headerText = Buffer.from(`${dict}\n`, 'latin1');
  const prefix = Buffer.alloc(8 + lengthBytes);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]).copy(prefix);
  if (version === 1) prefix.writeUInt16LE(headerText.length, 8);
  else prefix.writeUInt32LE(headerText.length, 8);
  return Buffer.concat([prefix, headerText, data]);
}

describe('.npy writer and reader', () => {
  it('round-trips float32 and float16 matrices', async () => {
    const values = Float32Array.from([0, 1.5, -2.25, 1e-3, 3.3333333, 65504]);
    await writeNpyMatrix(join(dir, 'f4.npy'), values, 2, 3);
    const f4 = await readNpyMatrix(join(dir, 'f4.npy'));
    expect(f4).toMatchObject({ dtype: 'float32', rows: 2, cols: 3 });
    expect(f4.data).toEqual(values);
    await writeNpyMatrix(join(dir, 'f2.npy'), values, 3, 2, 'float16');
    const f2 = await readNpyMatrix(join(dir, 'f2.npy'));
    expect(f2).toMatchObject({ dtype: 'float16', rows: 3, cols: 2 });
    expect(Array.from(f2.data)).toEqual(Array.from(values, (v) => fromFloat16Bits(toFloat16Bits(v))));
    expect((await readFile(join(dir, 'f2.npy'))).length).toBe(128 + 12); // header padded to a multiple of 64
  });

  it('writes NumPy 1.0 headers padded to 64 bytes and ending in a newline', () => {
    const header = npyHeader('float32', 50000, 512);
    expect(header.length % 64).toBe(0);
    const text = Buffer.from(header.subarray(10)).toString('latin1');
    expect(text).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(50000, 512\), \} *\n$/);
    expect(Buffer.from(header).readUInt16LE(8)).toBe(header.length - 10);
  });

  it('reads version 2 headers and files whose data is not aligned', () => {
    const data = new Uint8Array(new Float32Array([1, 2]).buffer);
    const out = decodeNpyMatrix(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }", data, 2), 'v2.npy');
    expect(Array.from(out.data)).toEqual([1, 2]);
  });

  it('reports bad files with their path and the problem', async () => {
    const f4 = new Uint8Array(8);
    const bad = (dict: string) => () => decodeNpyMatrix(npy(dict, f4), 'x.npy');
    expect(bad("{'descr': '>f4', 'fortran_order': False, 'shape': (1, 2), }")).toThrow(
      /x\.npy: invalid \.npy file: unsupported dtype '>f4' \(big-endian\)/,
    );
    expect(bad("{'descr': '<f4', 'fortran_order': True, 'shape': (1, 2), }")).toThrow(/Fortran-order/);
    expect(bad("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }")).toThrow(/shape \(2,\) is not 2-D/);
    expect(bad("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 3), }")).toThrow(
      /has 8 data bytes, its shape needs 12/,
    );
    expect(() => decodeNpyMatrix(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), 'y.npy')).toThrow(
      /y\.npy: invalid \.npy file: not a \.npy file \(bad magic bytes\)/,
    );
    await expect(readNpyMatrix(join(dir, 'absent.npy'))).rejects.toMatchObject({ code: 'FILE_MISSING' });
  });
});
