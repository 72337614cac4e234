import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeNpy, parseNpy } from '../src/index.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/npy/${name}`, import.meta.url)));

describe('.npy files written by NumPy', () => {
  it('reads float32, float64, float16 and integer arrays', () => {
    const f4 = parseNpy(fixture('f4-2x3.npy'));
    expect(f4.dtype).toBe('<f4');
    expect(f4.shape).toEqual([2, 3]);
    expect(Array.from(f4.data as ArrayLike<number>)).toEqual([0, 0.25, 0.5, 0.75, 1, 1.25]);
    expect(Array.from(parseNpy(fixture('f8-2x3.npy')).data as ArrayLike<number>)).toEqual([
      0, 0.75, 1.5, 2.25, 3, 3.75,
    ]);
    const f2 = parseNpy(fixture('f2-4.npy'));
    expect(f2.data[0]).toBe(0.5);
    expect(f2.data[1]).toBe(-2);
    expect(f2.data[2]).toBe(65504);
    expect(f2.data[3]).toBeCloseTo(1.1920928955078125e-7, 15); // the float16 subnormal nearest 1e-7
    const i8 = parseNpy(fixture('i8-labels.npy'));
    expect(i8.data).toBeInstanceOf(Int32Array);
    expect(Array.from(i8.data as ArrayLike<number>)).toEqual([0, 2, 1, 2]);
    expect(Array.from(parseNpy(fixture('i4-labels.npy')).data as ArrayLike<number>)).toEqual([3, 1]);
    expect(parseNpy(fixture('empty.npy')).shape).toEqual([0, 3]);
    expect(parseNpy(fixture('f4-3d.npy')).shape).toEqual([2, 2, 2]);
  });

  it('refuses Fortran order, object arrays, big-endian data, bad magic and truncation with one-line messages', () => {
    expect(() => parseNpy(fixture('fortran.npy'), 'zs.npy')).toThrow(/^zs.npy: Fortran-order array/);
    expect(() => parseNpy(fixture('object.npy'), 'o.npy')).toThrow(/o.npy: unsupported dtype '\|O' \(object array\)/);
    expect(() => parseNpy(fixture('big-endian.npy'), 'b.npy')).toThrow(/big-endian/);
    expect(() => parseNpy(new TextEncoder().encode('hello world!'), 'x.npy')).toThrow(/x.npy: not a .npy file/);
    const whole = fixture('f4-2x3.npy');
    expect(() => parseNpy(whole.subarray(0, whole.length - 3), 't.npy')).toThrow(/t.npy: truncated data/);
    expect(() => parseNpy(whole.subarray(0, 20), 't.npy')).toThrow(/truncated .npy header/);
  });

  it('writes files NumPy reads back byte-for-byte like np.save', () => {
    const ours = encodeNpy(Float32Array.from([0, 0.25, 0.5, 0.75, 1, 1.25]), [2, 3]);
    expect(Buffer.from(ours).equals(Buffer.from(fixture('f4-2x3.npy')))).toBe(true);
    expect(Buffer.from(encodeNpy(Int32Array.from([3, 1]), [2])).equals(Buffer.from(fixture('i4-labels.npy')))).toBe(
      true,
    );
  });

  it('round-trips float32, float64 and int32 arrays', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ noNaN: true }), { minLength: 0, maxLength: 30 }), (values) => {
        const a = Float32Array.from(values);
        const back = parseNpy(encodeNpy(a, [a.length]));
        expect(Array.from(back.data as ArrayLike<number>)).toEqual(Array.from(a));
      }),
    );
  });

  it('float16 encoding rounds to the nearest half', () => {
    const back = parseNpy(encodeNpy(Float32Array.from([1, 0.1, -3.14159, 70000]), [4], '<f2')).data as Float32Array;
    expect(back[0]).toBe(1);
    expect(back[1]).toBeCloseTo(0.0999755859375, 12);
    expect(back[2]).toBeCloseTo(-3.140625, 12);
    expect(back[3]).toBe(Infinity);
  });
});
