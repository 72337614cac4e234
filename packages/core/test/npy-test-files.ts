import { closeSync, ftruncateSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { encodeNpyHeader, type FloatArray } from '../src/index.js';

/**
 * Writes `values` (rows x cols, float32 or float64) as a version 1.0 `.npy` file whose header is padded with
 * `extraPadding` more spaces than it needs, written here byte by byte (not by the code under test). NumPy pads
 * to a multiple of 64; other padding gives a data offset that is not a multiple of the item size, which the
 * format allows a reader to meet.
 */
export function writeNpyFile(
  dir: string,
  name: string,
  values: FloatArray,
  rows: number,
  cols: number,
  extraPadding = 0,
): string {
  const descr = values instanceof Float64Array ? '<f8' : '<f4';
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`;
  const aligned = Math.ceil((10 + dict.length + 1) / 64) * 64;
  dict += ' '.repeat(aligned - 10 - dict.length - 1 + extraPadding);
  dict += '\n';
  const header = new Uint8Array(10 + dict.length);
  header.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(header.buffer).setUint16(8, dict.length, true);
  for (let i = 0; i < dict.length; i++) header[10 + i] = dict.charCodeAt(i);
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat([header, new Uint8Array(values.buffer, values.byteOffset, values.byteLength)]));
  return path;
}

/**
 * Writes a `.npy` of rows x cols values of type `descr` that is sparse on disk: the header, then only the given
 * rows (each `cols` values of the matching typed array) at their offsets; every other row reads as zeros. For files
 * past 2 GiB without writing gigabytes.
 * @returns the header's length in bytes (where row 0 starts)
 */
export function writeSparseNpy(
  path: string,
  descr: '<f2' | '<f4' | '<f8',
  rows: number,
  cols: number,
  written: readonly (readonly [row: number, values: Uint16Array | Float32Array | Float64Array])[],
): number {
  const header = encodeNpyHeader(descr, [rows, cols]);
  const item = descr === '<f2' ? 2 : descr === '<f4' ? 4 : 8;
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, header, 0, header.length, 0);
    ftruncateSync(fd, header.length + rows * cols * item);
    for (const [row, values] of written) {
      const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
      writeSync(fd, bytes, 0, bytes.length, header.length + row * cols * item);
    }
  } finally {
    closeSync(fd);
  }
  return header.length;
}
