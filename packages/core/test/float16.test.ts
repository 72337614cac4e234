import { describe, expect, it } from 'vitest';
import {
  float16ToFloat32,
  float32ToFloat16,
  fromBfloat16Bits,
  fromFloat16Bits,
  toBfloat16Bits,
  toFloat16Bits,
} from '../src/index.js';

describe('float16 conversion', () => {
  it('encodes known values exactly', () => {
    const cases: [number, number][] = [
      [0, 0x0000],
      [-0, 0x8000],
      [1, 0x3c00],
      [-2, 0xc000],
      [0.5, 0x3800],
      [65504, 0x7bff],
      [2 ** -14, 0x0400],
      [2 ** -24, 0x0001],
      [Infinity, 0x7c00],
      [-Infinity, 0xfc00],
      [1e6, 0x7c00],
    ];
    for (const [value, bits] of cases) {
      expect(toFloat16Bits(value)).toBe(bits);
      expect(Object.is(fromFloat16Bits(bits), value > 65504 ? Infinity : value)).toBe(true);
    }
    expect(Number.isNaN(fromFloat16Bits(toFloat16Bits(Number.NaN)))).toBe(true);
  });

  it('rounds to nearest, ties to even, in normal and subnormal ranges', () => {
    const ulp = 2 ** -10;
    expect(toFloat16Bits(1 + ulp / 2)).toBe(0x3c00); // tie -> even (down)
    expect(toFloat16Bits(1 + (3 * ulp) / 2)).toBe(0x3c02); // tie -> even (up)
    expect(toFloat16Bits(1 + ulp / 2 + 2 ** -20)).toBe(0x3c01);
    expect(toFloat16Bits(2 ** -25)).toBe(0x0000); // half of the smallest subnormal: tie -> 0
    expect(toFloat16Bits(3 * 2 ** -25)).toBe(0x0002); // 1.5 subnormal ulps -> 2
    expect(toFloat16Bits(65520)).toBe(0x7c00); // rounds up past the largest finite half
  });

  it('round-trips every finite half bit pattern', () => {
    const bits = Uint16Array.from({ length: 0x7c00 }, (_, i) => i);
    expect(float32ToFloat16(float16ToFloat32(bits))).toEqual(bits);
  });
});

describe('bfloat16 conversion', () => {
  it('keeps the top 16 bits with round-to-nearest-even', () => {
    expect(toBfloat16Bits(1)).toBe(0x3f80);
    expect(fromBfloat16Bits(0x3f80)).toBe(1);
    expect(toBfloat16Bits(1 + 2 ** -8)).toBe(0x3f80); // tie -> even
    expect(toBfloat16Bits(1 + 3 * 2 ** -8)).toBe(0x3f82);
    expect(Number.isNaN(fromBfloat16Bits(toBfloat16Bits(Number.NaN)))).toBe(true);
  });
});
