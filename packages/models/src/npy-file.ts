import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '@gla/core';
import {
  InputError,
  encodeNpyHeader,
  float16ToFloat32,
  float32ToFloat16,
  parseNpyHeader as parseCoreNpyHeader,
  type NpyHeader as CoreNpyHeader,
} from '@gla/core';
import { messages } from './messages.js';
import { ModelError } from './model-error.js';

/**
 * Minimal NumPy `.npy` support for what the feature cache needs: 2-D, C-order, little-endian
 * float16 or float32. Files written here load with `numpy.load`.
 */

/** Element type of a feature file. */
export type FeatureDtype = 'float16' | 'float32';

const DESCR: Record<FeatureDtype, '<f2' | '<f4'> = { float16: '<f2', float32: '<f4' };

/** Bytes per element of a feature dtype. */
export function featureBytes(dtype: FeatureDtype): number {
  return dtype === 'float16' ? 2 : 4;
}

/** A version 1.0 header for a `[rows, cols]` array; its length is a multiple of 64. */
export function npyHeader(dtype: FeatureDtype, rows: number, cols: number): Uint8Array {
  return encodeNpyHeader(DESCR[dtype], [rows, cols]);
}

/** Little-endian bytes of `values` stored as `dtype` (rounding to nearest-even for float16). */
export function featureData(values: Float32Array, dtype: FeatureDtype): Uint8Array {
  const stored = dtype === 'float16' ? float32ToFloat16(values) : values;
  return new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength);
}

/** Parsed `.npy` header. */
export interface NpyHeader {
  readonly dtype: FeatureDtype;
  readonly rows: number;
  readonly cols: number;
  /** Byte offset of the first element. */
  readonly dataOffset: number;
}

/** Parses a 2-D float16/float32 C-order header (core's parser); a string is the problem. */
function tryParseHeader(bytes: Uint8Array): NpyHeader | string {
  let header: CoreNpyHeader;
  try {
    header = parseCoreNpyHeader(bytes, 'npy');
  } catch (error) {
    if (error instanceof InputError) return error.message.replace(/^npy: /, '');
    throw error;
  }
  const dtype = (Object.keys(DESCR) as FeatureDtype[]).find((d) => DESCR[d] === header.dtype);
  if (!dtype) return messages.npyDtype(header.dtype);
  if (header.shape.length !== 2)
    return messages.npyShape(header.shape.length === 1 ? `${header.shape[0]},` : header.shape.join(', '));
  return { dtype, rows: header.shape[0], cols: header.shape[1], dataOffset: header.dataOffset };
}

/**
 * Parses the header of a 2-D float16/float32 C-order `.npy` file (versions 1, 2 and 3).
 * @param path used in messages.
 * @throws ModelError `NPY_INVALID` naming `path`.
 */
export function parseNpyHeader(bytes: Uint8Array, path: string): NpyHeader {
  const header = tryParseHeader(bytes);
  if (typeof header === 'string') throw new ModelError(messages.npyInvalid(path, header), 'NPY_INVALID', path);
  return header;
}

/** A 2-D feature array read from disk, widened to float32. */
export interface NpyMatrix extends NpyHeader {
  readonly data: Float32Array;
}

/**
 * Decodes a whole `.npy` file held in memory; returns a one-line problem description instead
 * of throwing, for callers that report it under their own error code.
 */
export function tryDecodeNpy(bytes: Uint8Array): NpyMatrix | string {
  const header = tryParseHeader(bytes);
  if (typeof header === 'string') return header;
  const expected = header.rows * header.cols * featureBytes(header.dtype);
  const actual = bytes.length - header.dataOffset;
  if (actual !== expected) return messages.npyDataLength(actual, expected);
  // Copy into an aligned buffer before viewing as 16/32-bit values (Buffer#slice would be a view).
  const raw = new Uint8Array(bytes.subarray(header.dataOffset));
  const data =
    header.dtype === 'float16' ? float16ToFloat32(new Uint16Array(raw.buffer)) : new Float32Array(raw.buffer);
  return { ...header, data };
}

/**
 * Decodes a whole `.npy` file held in memory.
 * @throws ModelError `NPY_INVALID` naming `path` when the header is bad or the data length is wrong.
 */
export function decodeNpyMatrix(bytes: Uint8Array, path: string): NpyMatrix {
  const decoded = tryDecodeNpy(bytes);
  if (typeof decoded === 'string') throw new ModelError(messages.npyInvalid(path, decoded), 'NPY_INVALID', path);
  return decoded;
}

/**
 * Reads a 2-D float16/float32 `.npy` file as float32 values.
 * @throws ModelError `FILE_MISSING` or `NPY_INVALID` naming the file.
 */
export async function readNpyMatrix(path: string): Promise<NpyMatrix> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch {
    throw new ModelError(messages.fileMissing(path, '.npy file'), 'FILE_MISSING', path);
  }
  return decodeNpyMatrix(bytes, path);
}

/**
 * Writes `values` as a `[rows, cols]` `.npy` file of `dtype` (default float32), atomically.
 * @throws RangeError when `values.length !== rows * cols`.
 */
export async function writeNpyMatrix(
  path: string,
  values: Float32Array,
  rows: number,
  cols: number,
  dtype: FeatureDtype = 'float32',
): Promise<void> {
  if (values.length !== rows * cols)
    throw new RangeError(`values has ${values.length} elements, shape [${rows}, ${cols}] needs ${rows * cols}`);
  await writeFileAtomic(path, [npyHeader(dtype, rows, cols), featureData(values, dtype)]);
}
