import { readFile } from 'node:fs/promises';
import { DatasetError } from '../loaders/dataset-error.js';
import { messages } from '../messages.js';

/** Element types read from .npy files (little-endian where it matters). */
export type NpyDtype = 'bool' | 'uint8' | 'int32' | 'float32' | 'float64';

/** A C-ordered array from a .npy file; `bool` and `uint8` data are bytes (bool: 0 or 1). */
export interface NpyArray {
  readonly dtype: NpyDtype;
  readonly shape: readonly number[];
  readonly data: Uint8Array | Int32Array | Float32Array | Float64Array;
}

const DTYPES: Record<string, { dtype: NpyDtype; bytes: number }> = {
  '|b1': { dtype: 'bool', bytes: 1 },
  '|u1': { dtype: 'uint8', bytes: 1 },
  '<i4': { dtype: 'int32', bytes: 4 },
  '<f4': { dtype: 'float32', bytes: 4 },
  '<f8': { dtype: 'float64', bytes: 8 },
};

/**
 * Parses NumPy's .npy format (versions 1-3): magic `\x93NUMPY`, a header length, a Python-dict header with
 * `descr`, `fortran_order` and `shape`, then the raw data. Only C order and the dtypes of {@link NpyDtype}.
 * @param bytes the file's contents
 * @param file its path, for messages
 * @throws DatasetError on a bad magic, an unsupported dtype or order, or a data size that does not match the shape
 */
export function parseNpy(bytes: Uint8Array, file: string): NpyArray {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || magic.some((b, i) => bytes[i] !== b)) throw new DatasetError(file, messages.npyMagic(file));
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(bytes.subarray(start, start + headerLength));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1] ?? '';
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  const type = DTYPES[descr === 'b1' ? '|b1' : descr === 'u1' ? '|u1' : descr];
  if (!type) throw new DatasetError(file, messages.npyDtype(file, descr));
  if (fortran !== 'False') throw new DatasetError(file, messages.npyOrder(file));
  if (shapeText === undefined) throw new DatasetError(file, messages.npyHeader(file, header.trim()));
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const dataStart = start + headerLength;
  if (bytes.length - dataStart !== count * type.bytes) {
    throw new DatasetError(file, messages.npySize(file, bytes.length - dataStart, count * type.bytes));
  }
  // Copy so multi-byte types are aligned and the result does not pin the file buffer.
  const raw = bytes.slice(dataStart);
  const data =
    type.dtype === 'int32'
      ? new Int32Array(raw.buffer)
      : type.dtype === 'float32'
        ? new Float32Array(raw.buffer)
        : type.dtype === 'float64'
          ? new Float64Array(raw.buffer)
          : raw;
  return { dtype: type.dtype, shape, data };
}

/**
 * Reads a .npy file (see {@link parseNpy}).
 * @throws DatasetError when the file is missing or malformed
 */
export async function readNpy(file: string): Promise<NpyArray> {
  const bytes = await readFile(file).catch(() => {
    throw new DatasetError(file, messages.fileMissing(file));
  });
  return parseNpy(bytes, file);
}
