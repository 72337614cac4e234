import { matrix, type FloatArray, type Matrix } from './matrix.js';

type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;
type TypedArrayConstructor<T extends TypedArray> = { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number };

/** Whether worker threads see this array's memory (it lives on a SharedArrayBuffer). */
export function isShared(array: TypedArray): boolean {
  return array.buffer instanceof SharedArrayBuffer;
}

/**
 * The array itself when it is on a SharedArrayBuffer, else a copy on one (what worker threads need).
 * Large inputs (ImageNet logits) are best created shared from the start, see {@link sharedMatrix}.
 */
export function toShared<T extends TypedArray>(array: T): T {
  if (isShared(array)) return array;
  const Ctor = array.constructor as TypedArrayConstructor<T>;
  const copy = new Ctor(new SharedArrayBuffer(array.length * Ctor.BYTES_PER_ELEMENT));
  copy.set(array as never);
  return copy;
}

/** A zero-filled rows x cols matrix on a SharedArrayBuffer (float32 by default: half the memory of float64). */
export function sharedMatrix(rows: number, cols: number, type?: 'float32'): Matrix<Float32Array>;
export function sharedMatrix(rows: number, cols: number, type: 'float64'): Matrix<Float64Array>;
export function sharedMatrix(rows: number, cols: number, type: 'float32' | 'float64' = 'float32'): Matrix<FloatArray> {
  if (type === 'float64') return matrix(sharedFloat64(rows * cols), rows, cols);
  return matrix(new Float32Array(new SharedArrayBuffer(rows * cols * Float32Array.BYTES_PER_ELEMENT)), rows, cols);
}

/** A zero-filled Float64Array of `length` on a SharedArrayBuffer (kernel outputs). */
export function sharedFloat64(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT));
}

/** A zero-filled Int32Array of `length` on a SharedArrayBuffer (kernel outputs). */
export function sharedInt32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(length * Int32Array.BYTES_PER_ELEMENT));
}
