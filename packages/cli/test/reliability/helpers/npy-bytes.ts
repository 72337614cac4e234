import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeNpy } from '@gla/core';

/**
 * Hand-made `.npy` files for cases NumPy can write but our encoder never does (other dtypes, Fortran order,
 * object arrays, other format versions): a version-1.0 header with any dict text, padded like NumPy's, then
 * the given data bytes.
 */
export function npyWithHeader(dict: string, data: Uint8Array = new Uint8Array(0), major = 1): Uint8Array {
  let header = dict;
  const fixed = major === 1 ? 10 : 12;
  header += `${' '.repeat((64 - ((fixed + header.length + 1) % 64)) % 64)}\n`;
  const out = new Uint8Array(fixed + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0], 0);
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[fixed + i] = header.charCodeAt(i);
  out.set(data, fixed + header.length);
  return out;
}

/** The dict text of a C-order header. */
export function headerDict(descr: string, shape: number[], fortran = false): string {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  return `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
}

/** Writes bytes into `dir/name` and returns the path. */
export function writeBytes(dir: string, name: string, bytes: Uint8Array | string): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

/** Writes an array as `.npy` with our encoder and returns the path. */
export function writeNpy(
  dir: string,
  name: string,
  data: Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array,
  shape: number[],
): string {
  return writeBytes(dir, name, encodeNpy(data, shape));
}
