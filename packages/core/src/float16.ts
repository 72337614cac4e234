/**
 * IEEE half-precision (float16) and bfloat16 conversions, stored as raw `Uint16Array` bits
 * because Node 20 has no `Float16Array`. Rounding is round-to-nearest-even, as in numpy and
 * ONNX Runtime, so values written here read back the same elsewhere.
 */

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);
let halfTable: Float32Array | undefined;

/** Bits of the float16 nearest to `value` (ties to even; overflow gives ±Infinity). */
export function toFloat16Bits(value: number): number {
  scratch[0] = value;
  const x = scratchBits[0];
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa !== 0 ? 0x200 | (mantissa >>> 13) : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal half: shift the significand (with its implicit bit) right, rounding.
    if (e < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - e;
    const halfway = 1 << (shift - 1);
    const rest = mantissa & ((1 << shift) - 1);
    let h = mantissa >>> shift;
    if (rest > halfway || (rest === halfway && (h & 1) === 1)) h++;
    return sign | h;
  }
  let h = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (and reaches Infinity at the top).
  if (rest > 0x1000 || (rest === 0x1000 && (h & 1) === 1)) h++;
  return sign | h;
}

function decodeHalf(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >>> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa !== 0 ? Number.NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** The value of float16 bits `h`. */
export function fromFloat16Bits(h: number): number {
  halfTable ??= Float32Array.from({ length: 65536 }, (_, i) => decodeHalf(i));
  return halfTable[h & 0xffff];
}

/** Converts numbers to float16 bits. */
export function float32ToFloat16(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toFloat16Bits(values[i]);
  return out;
}

/** Converts float16 bits to float32 values (exact: every half is a float). */
export function float16ToFloat32(bits: ArrayLike<number>): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = fromFloat16Bits(bits[i]);
  return out;
}

/** Bits of the bfloat16 nearest to `value` (ties to even; NaN stays NaN). */
export function toBfloat16Bits(value: number): number {
  scratch[0] = value;
  const x = scratchBits[0];
  if ((x & 0x7f800000) === 0x7f800000 && (x & 0x7fffff) !== 0) return (x >>> 16) | 0x40;
  return ((x + 0x7fff + ((x >>> 16) & 1)) >>> 16) & 0xffff;
}

/** The value of bfloat16 bits `h`. */
export function fromBfloat16Bits(h: number): number {
  scratchBits[0] = (h & 0xffff) << 16;
  return scratch[0];
}
