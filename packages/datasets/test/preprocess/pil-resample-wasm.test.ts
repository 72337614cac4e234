import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pilResize } from '../../src/preprocess/pil-resize.js';
import type { PixelMode } from '../../src/preprocess/raw-image.js';

// An integer restatement of Pillow 9.4's ImagingResampleHorizontal_8bpc / ImagingResampleVertical_8bpc in plain
// scalar code (one channel at a time, int32 wrapping sums, shift by 22, clip to a byte), with the coefficients
// computed as Pillow's precompute_coeffs + normalize_coeffs_8bpc do. The SIMD kernels must agree byte for byte.
const PRECISION_BITS = 22;

function cubic(x: number): number {
  const t = Math.abs(x);
  if (t < 1) return (1.5 * t - 2.5) * t * t + 1;
  if (t < 2) return (((t - 5) * t + 8) * t - 4) * -0.5;
  return 0;
}

function pillowCoefficients(inSize: number, outSize: number) {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = 2 * filterScale;
  const rows: { first: number; weights: number[] }[] = [];
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const first = Math.max(Math.trunc(center - support + 0.5), 0);
    const last = Math.min(Math.trunc(center + support + 0.5), inSize);
    const raw: number[] = [];
    for (let x = first; x < last; x++) raw.push(cubic((x - center + 0.5) / filterScale));
    const sum = raw.reduce((a, b) => a + b, 0);
    const weights = raw.map((k) => {
      const w = sum !== 0 ? k / sum : k;
      return w < 0 ? Math.trunc(-0.5 + w * 2 ** PRECISION_BITS) : Math.trunc(0.5 + w * 2 ** PRECISION_BITS);
    });
    rows.push({ first, weights });
  }
  return rows;
}

function clip8(v: number): number {
  return Math.min(255, Math.max(0, v >> PRECISION_BITS));
}

/** Resamples along one axis: `lines` lines of `n` samples, sample i of line l at l * lineStep + i * step. */
function pass(
  src: Uint8Array,
  c: number,
  n: number,
  out: number,
  lines: number,
  geometry: (l: number, i: number) => number,
  outGeometry: (l: number, o: number) => number,
  size: number,
) {
  const result = new Uint8Array(size);
  const coeffs = pillowCoefficients(n, out);
  for (let l = 0; l < lines; l++) {
    for (let o = 0; o < out; o++) {
      for (let ch = 0; ch < c; ch++) {
        let acc = 1 << (PRECISION_BITS - 1);
        coeffs[o].weights.forEach((w, t) => {
          acc = (acc + Math.imul(src[geometry(l, coeffs[o].first + t) + ch], w)) | 0;
        });
        result[outGeometry(l, o) + ch] = clip8(acc);
      }
    }
  }
  return result;
}

function referenceResize(src: Uint8Array, w: number, h: number, c: number, outW: number, outH: number): Uint8Array {
  let data = src;
  let width = w;
  if (outW !== w) {
    data = pass(
      data,
      c,
      w,
      outW,
      h,
      (y, x) => (y * w + x) * c,
      (y, x) => (y * outW + x) * c,
      outW * h * c,
    );
    width = outW;
  }
  if (outH !== h) {
    data = pass(
      data,
      c,
      h,
      outH,
      width,
      (x, y) => (y * width + x) * c,
      (x, y) => (y * width + x) * c,
      width * outH * c,
    );
  }
  return data;
}

const MODES: Record<number, PixelMode> = { 1: 'L', 3: 'RGB', 4: 'CMYK' };

describe('Pillow bicubic resize on WebAssembly SIMD', () => {
  it('equals a scalar integer restatement of Pillow, byte for byte, for 1, 3 and 4 channels, up and down', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 3, 4),
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: 1, max: 90 }),
        fc.uint8Array({ minLength: 70 * 70 * 4, maxLength: 70 * 70 * 4 }),
        (c, w, h, outW, outH, noise) => {
          const data = noise.slice(0, w * h * c);
          const got = pilResize({ data, width: w, height: h, mode: MODES[c] }, outW, outH);
          expect(got.width).toBe(outW);
          expect(got.height).toBe(outH);
          expect(got.data.length).toBe(outW * outH * c);
          expect(Buffer.from(got.data).equals(Buffer.from(referenceResize(data, w, h, c, outW, outH)))).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('clamps overshoot of the negative lobes to 0 and 255 at hard edges', () => {
    // A 0/255 step upscaled: Catmull-Rom overshoots on both sides; Pillow clips to the byte range.
    const data = Uint8Array.from({ length: 8 }, (_, i) => (i < 4 ? 0 : 255));
    const got = pilResize({ data, width: 8, height: 1, mode: 'L' }, 29, 1);
    expect(Array.from(got.data)).toEqual(Array.from(referenceResize(data, 8, 1, 1, 29, 1)));
    expect(Math.min(...got.data)).toBe(0);
    expect(Math.max(...got.data)).toBe(255);
  });
});
