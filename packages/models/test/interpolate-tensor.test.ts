import { describe, expect, it } from 'vitest';
import { fromBfloat16Bits, toBfloat16Bits } from '@gla/core';
import { interpolateTensorBytes } from '../src/interpolate-tensor.js';
import { OnnxDataType } from '../src/onnx-model-proto.js';

const bytes = (a: Float32Array | Float64Array | Uint16Array) => new Uint8Array(a.buffer);

describe('interpolateTensorBytes', () => {
  it('computes (1 - alpha) a + alpha b for float64 and bfloat16', () => {
    const a = Float64Array.from([1, -2, 1e-300]);
    const b = Float64Array.from([3, 2, 1]);
    const out = new Float64Array(interpolateTensorBytes(OnnxDataType.DOUBLE, bytes(a), bytes(b), 0.25).buffer);
    expect(Array.from(out)).toEqual([0.75 * 1 + 0.25 * 3, 0.75 * -2 + 0.25 * 2, 0.75 * 1e-300 + 0.25]);
    const ha = Uint16Array.from([1, 2.5, -8].map(toBfloat16Bits));
    const hb = Uint16Array.from([2, 0.5, 8].map(toBfloat16Bits));
    const mixed = new Uint16Array(interpolateTensorBytes(OnnxDataType.BFLOAT16, bytes(ha), bytes(hb), 0.5).buffer);
    expect(Array.from(mixed, fromBfloat16Bits)).toEqual([1.5, 1.5, 0]);
  });

  it('copies the chosen side exactly at alpha 0 and 1, even next to NaN or Infinity', () => {
    const a = Float32Array.from([1, Number.NaN]);
    const b = Float32Array.from([Infinity, 2]);
    expect(interpolateTensorBytes(OnnxDataType.FLOAT, bytes(a), bytes(b), 0)).toEqual(bytes(a));
    expect(interpolateTensorBytes(OnnxDataType.FLOAT, bytes(a), bytes(b), 1)).toEqual(bytes(b));
    expect(() => interpolateTensorBytes(OnnxDataType.INT64, new Uint8Array(8), new Uint8Array(8), 0.5)).toThrow(
      RangeError,
    );
  });

  it('reads values at unaligned offsets inside a larger buffer', () => {
    const host = new Uint8Array(9);
    host.set(bytes(Float32Array.from([2, 4])), 1);
    const out = interpolateTensorBytes(OnnxDataType.FLOAT, host.subarray(1), bytes(Float32Array.from([4, 8])), 0.5);
    expect(Array.from(new Float32Array(out.buffer))).toEqual([3, 6]);
  });
});
