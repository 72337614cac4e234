import { InputError } from './validate.js';
import { float16ToFloat32, float32ToFloat16 } from './float16.js';

/** The NumPy dtypes we read and write (little-endian). */
export type NpyDtype = '<f4' | '<f8' | '<f2' | '<i4' | '<i8' | '|b1' | '|u1';

/** A parsed `.npy` array: C-order data with its shape. float16 is widened to Float32Array, int64 to Int32Array when exact. */
export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  data: Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/**
 * Parses the bytes of a NumPy `.npy` file (format versions 1-3). Only C-order little-endian numeric arrays are
 * accepted; Fortran order, object arrays, big-endian and other dtypes are refused with an {@link InputError}
 * whose one-line message starts with `what`.
 * int64 data is returned as Int32Array when every value fits (labels), else as BigInt64Array.
 */
/** A parsed `.npy` header: dtype, shape and where the data starts. */
export interface NpyHeader {
  dtype: NpyDtype;
  shape: number[];
  /** Byte offset of the first element. */
  dataOffset: number;
}

/**
 * Parses the header of a NumPy `.npy` file (format versions 1-3), refusing Fortran order, object arrays,
 * big-endian and other dtypes with an {@link InputError} whose one-line message starts with `what`.
 */
export function parseNpyHeader(bytes: Uint8Array, what = 'array'): NpyHeader {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b))
    throw new InputError(`${what}: not a .npy file (bad magic bytes)`);
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLength: number;
  let offset: number;
  if (major === 1) {
    headerLength = view.getUint16(8, true);
    offset = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new InputError(`${what}: truncated .npy header`);
    headerLength = view.getUint32(8, true);
    offset = 12;
  } else throw new InputError(`${what}: unsupported .npy format version ${major}`);
  if (offset + headerLength > bytes.length) throw new InputError(`${what}: truncated .npy header`);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(
    bytes.subarray(offset, offset + headerLength),
  );
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new InputError(
      `${what}: malformed .npy header (descr: ${descr ?? 'missing'}; an object or structured array?)`,
    );
  }
  if (fortran === 'True')
    throw new InputError(`${what}: Fortran-order array; save it with np.ascontiguousarray(x) first`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new InputError(`${what}: malformed shape (${shapeText})`);
  return { dtype: normaliseDescr(descr, what), shape, dataOffset: offset + headerLength };
}

/**
 * Parses the bytes of a NumPy `.npy` file (format versions 1-3). Only C-order little-endian numeric arrays are
 * accepted (see {@link parseNpyHeader}); a data section shorter than the shape needs is refused. In place: the
 * returned float32/float64/int32/uint8 data is a view of `bytes` (no copy) when aligned, so it shares `bytes`'
 * buffer (a SharedArrayBuffer stays shared, see `readNpyFile`).
 * int64 data is returned as Int32Array when every value fits (labels), else as BigInt64Array.
 */
export function parseNpy(bytes: Uint8Array, what = 'array'): NpyArray {
  const { dtype, shape, dataOffset: start } = parseNpyHeader(bytes, what);
  const count = shape.reduce((a, b) => a * b, 1);
  const itemSize = NPY_ITEM_SIZE[dtype];
  if (bytes.length - start < count * itemSize) {
    throw new InputError(
      `${what}: truncated data (${bytes.length - start} bytes for ${count} values of ${itemSize} bytes)`,
    );
  }
  // NumPy ignores bytes past the data; we refuse them: a header whose shape does not account for the whole file
  // (a file cut and pasted, or a wrong shape written by hand) would otherwise give wrong numbers silently.
  if (bytes.length - start > count * itemSize) {
    throw new InputError(
      `${what}: ${bytes.length - start - count * itemSize} bytes after the data of shape (${shape.join(', ')}); the header's shape does not match the file`,
    );
  }
  return { dtype, shape, data: npyData(bytes, start, dtype, count) };
}

/**
 * The data section as a typed array: a view of `bytes` itself (no copy) when its start is aligned for the element
 * type, which NumPy's 64-byte header padding guarantees for a file read into a fresh buffer; a copy otherwise.
 * float16 is widened to float32 and int64 narrowed to int32 when exact (both necessarily new arrays).
 */
function npyData(bytes: Uint8Array, start: number, dtype: NpyDtype, count: number): NpyArray['data'] {
  const itemSize = NPY_ITEM_SIZE[dtype];
  const at = bytes.byteOffset + start;
  const aligned = at % itemSize === 0;
  const buf = aligned ? bytes.buffer : bytes.slice(start, start + count * itemSize).buffer;
  const offset = aligned ? at : 0;
  switch (dtype) {
    case '<f4':
      return new Float32Array(buf, offset, count);
    case '<f8':
      return new Float64Array(buf, offset, count);
    case '<f2':
      return float16ToFloat32(new Uint16Array(buf, offset, count));
    case '<i4':
      return new Int32Array(buf, offset, count);
    case '<i8': {
      const big = new BigInt64Array(buf, offset, count);
      const small = new Int32Array(big.length);
      for (let i = 0; i < big.length; i++) {
        const v = big[i];
        if (v > 2147483647n || v < -2147483648n) return big;
        small[i] = Number(v);
      }
      return small;
    }
    default:
      return new Uint8Array(buf, offset, count);
  }
}

/** Bytes per element of each `.npy` dtype. */
export const NPY_ITEM_SIZE: Readonly<Record<NpyDtype, number>> = {
  '<f2': 2,
  '<f4': 4,
  '<f8': 8,
  '<i4': 4,
  '<i8': 8,
  '|b1': 1,
  '|u1': 1,
};

function normaliseDescr(descr: string, what: string): NpyDtype {
  // int8 ('|i1') is deliberately absent: reading it as uint8 would turn -1 into 255 without a word.
  const map: Record<string, NpyDtype> = {
    '<f4': '<f4',
    '<f8': '<f8',
    '<f2': '<f2',
    '<i4': '<i4',
    '<i8': '<i8',
    '|b1': '|b1',
    '|u1': '|u1',
    '<u1': '|u1',
  };
  const dtype = map[descr];
  if (!dtype) {
    const hint = descr === '|O' ? ' (object array)' : descr.startsWith('>') ? ' (big-endian)' : '';
    throw new InputError(
      `${what}: unsupported dtype '${descr}'${hint}; supported: <f2, <f4, <f8, <i4, <i8, |b1, |u1 (little-endian)`,
    );
  }
  return dtype;
}

/**
 * Serialises a C-order array as `.npy` (format 1.0) bytes.
 * @param dtype default from the array type: Float32Array '<f4', Float64Array '<f8', Int32Array '<i4', Uint8Array '|u1';
 *   '<f2' rounds float values to half precision.
 */
export function encodeNpy(
  data: Float32Array | Float64Array | Int32Array | Uint8Array | BigInt64Array,
  shape: number[],
  dtype?: NpyDtype,
): Uint8Array {
  const kind: NpyDtype =
    dtype ??
    (data instanceof Float32Array
      ? '<f4'
      : data instanceof Float64Array
        ? '<f8'
        : data instanceof Int32Array
          ? '<i4'
          : data instanceof BigInt64Array
            ? '<i8'
            : '|u1');
  let body: Uint8Array;
  if (kind === '<f2') body = new Uint8Array(float32ToFloat16(data as ArrayLike<number>).buffer);
  else if (kind === '<f4') body = new Uint8Array(Float32Array.from(data as ArrayLike<number>).buffer);
  else if (kind === '<f8') body = new Uint8Array(Float64Array.from(data as ArrayLike<number>).buffer);
  else if (kind === '<i4') body = new Uint8Array(Int32Array.from(data as ArrayLike<number>).buffer);
  else if (kind === '<i8')
    body = new Uint8Array(
      (data instanceof BigInt64Array ? data : BigInt64Array.from(Array.from(data as ArrayLike<number>, BigInt))).slice()
        .buffer,
    );
  else body = Uint8Array.from(data as ArrayLike<number>);
  const header = encodeNpyHeader(kind, shape);
  const out = new Uint8Array(header.length + body.length);
  out.set(header, 0);
  out.set(body, header.length);
  return out;
}

/**
 * The bytes of a `.npy` (format 1.0) header for a C-order array, padded as NumPy pads it so the data starts on a
 * 64-byte boundary: write it, then the little-endian data (possibly in chunks).
 */
export function encodeNpyHeader(dtype: NpyDtype, shape: number[]): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${dtype}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const total = 10 + header.length + 1;
  header += `${' '.repeat((64 - (total % 64)) % 64)}\n`;
  const out = new Uint8Array(10 + header.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  return out;
}
