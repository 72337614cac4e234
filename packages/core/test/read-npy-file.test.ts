import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeNpyHeader, InputError, parseNpy, readNpyFile } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'gla-read-npy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A float32 .npy file's bytes, header from the format's rules and the data appended by hand. */
function npyBytes(values: number[], shape: number[]): Uint8Array {
  const header = encodeNpyHeader('<f4', shape);
  const out = new Uint8Array(header.length + values.length * 4);
  out.set(header);
  new DataView(out.buffer).setFloat32(header.length, 0, true);
  values.forEach((v, i) => new DataView(out.buffer).setFloat32(header.length + 4 * i, v, true));
  return out;
}

describe('in-place .npy parsing', () => {
  it('returns a view of the bytes when the data is aligned (no copy)', () => {
    const bytes = npyBytes([1.5, -2, 3.25, 4], [2, 2]);
    const array = parseNpy(bytes);
    expect(Array.from(array.data as Float32Array)).toEqual([1.5, -2, 3.25, 4]);
    expect(array.data.buffer).toBe(bytes.buffer);
    // The data starts right after the header, which NumPy pads to a multiple of 64 bytes.
    expect(array.data.byteOffset).toBe(encodeNpyHeader('<f4', [2, 2]).length);
    expect(array.data.byteOffset % 64).toBe(0);
  });

  it('copies when the data is misaligned, with the same values', () => {
    const bytes = npyBytes([1.5, -2, 3.25, 4], [4]);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const array = parseNpy(shifted.subarray(1));
    expect(Array.from(array.data as Float32Array)).toEqual([1.5, -2, 3.25, 4]);
    expect(array.data.buffer).not.toBe(shifted.buffer);
  });
});

describe('readNpyFile', () => {
  it('reads a file once into a SharedArrayBuffer and parses it in place', () => {
    const file = join(dir, 'a.npy');
    writeFileSync(file, npyBytes([0.5, 1, 2, 3, 4, 5], [3, 2]));
    const array = readNpyFile(file);
    expect(array.shape).toEqual([3, 2]);
    expect(Array.from(array.data as Float32Array)).toEqual([0.5, 1, 2, 3, 4, 5]);
    expect(array.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(array.data.byteOffset).toBe(encodeNpyHeader('<f4', [3, 2]).length);
    expect(readNpyFile(file, file, { shared: false }).data.buffer).toBeInstanceOf(ArrayBuffer);
  });

  it('names the file of a missing or truncated input', () => {
    expect(() => readNpyFile(join(dir, 'missing.npy'), 'missing.npy')).toThrow(
      /^missing\.npy: cannot open \(ENOENT\)$/,
    );
    const file = join(dir, 'short.npy');
    writeFileSync(file, npyBytes([1, 2, 3], [4]).subarray(0, encodeNpyHeader('<f4', [4]).length + 12));
    expect(() => readNpyFile(file, 'short.npy')).toThrow(InputError);
    expect(() => readNpyFile(file, 'short.npy')).toThrow(/^short\.npy: truncated data/);
  });
});
