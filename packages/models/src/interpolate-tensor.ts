import { fromBfloat16Bits, fromFloat16Bits, toBfloat16Bits, toFloat16Bits } from '@gla/core';
import { OnnxDataType } from './onnx-model-proto.js';

/** ONNX data types whose initializers are interpolated by weight merging. */
export const INTERPOLATED_TYPES: ReadonlySet<number> = new Set([
  OnnxDataType.FLOAT,
  OnnxDataType.FLOAT16,
  OnnxDataType.BFLOAT16,
  OnnxDataType.DOUBLE,
]);

// The views below assume a little-endian host (x86, ARM), which matches ONNX's byte order.
// Copying also aligns the data, which may sit at any offset inside the model file.
function floats(bytes: Uint8Array, double: boolean): Float32Array | Float64Array {
  const out = double ? new Float64Array(bytes.length / 8) : new Float32Array(bytes.length / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

function halves(bytes: Uint8Array): Uint16Array {
  const out = new Uint16Array(bytes.length / 2);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/**
 * `(1 - alpha) * a + alpha * b` element-wise on little-endian tensor bytes of one float type,
 * computed in double precision and rounded once to the storage type. alpha = 0 and alpha = 1
 * return exact copies of `a` and `b` (no arithmetic, so NaN/Inf in the other model cannot leak).
 * @param dataType ONNX FLOAT, FLOAT16, BFLOAT16 or DOUBLE.
 * @returns new bytes, same length as `a`.
 */
export function interpolateTensorBytes(dataType: number, a: Uint8Array, b: Uint8Array, alpha: number): Uint8Array {
  if (a.length !== b.length) throw new RangeError(`tensor byte lengths differ: ${a.length} vs ${b.length}`);
  // Copies (new Uint8Array(view)), not Buffer#slice, which would alias the model file's bytes.
  if (alpha === 0) return new Uint8Array(a);
  if (alpha === 1) return new Uint8Array(b);
  const keep = 1 - alpha;
  if (dataType === OnnxDataType.FLOAT || dataType === OnnxDataType.DOUBLE) {
    const double = dataType === OnnxDataType.DOUBLE;
    const x = floats(a, double);
    const y = floats(b, double);
    for (let i = 0; i < x.length; i++) x[i] = keep * x[i] + alpha * y[i];
    return new Uint8Array(x.buffer);
  }
  if (dataType === OnnxDataType.FLOAT16 || dataType === OnnxDataType.BFLOAT16) {
    const half = dataType === OnnxDataType.FLOAT16;
    const decode = half ? fromFloat16Bits : fromBfloat16Bits;
    const encode = half ? toFloat16Bits : toBfloat16Bits;
    const x = halves(a);
    const y = halves(b);
    for (let i = 0; i < x.length; i++) x[i] = encode(keep * decode(x[i]) + alpha * decode(y[i]));
    return new Uint8Array(x.buffer);
  }
  throw new RangeError(`ONNX data type ${dataType} is not interpolated`);
}
