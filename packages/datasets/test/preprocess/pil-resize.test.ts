import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pilResize } from '../../src/preprocess/pil-resize.js';
import type { RawImage } from '../../src/preprocess/raw-image.js';

/** Catmull-Rom, restated for the reference below. */
function cubic(x: number): number {
  const t = Math.abs(x);
  if (t < 1) return 1.5 * t ** 3 - 2.5 * t ** 2 + 1;
  if (t < 2) return -0.5 * t ** 3 + 2.5 * t ** 2 - 4 * t + 2;
  return 0;
}

/**
 * An independent floating-point statement of Pillow's antialiased bicubic: the kernel is widened by the
 * downscale factor, taps outside the image are dropped and the rest renormalised, and each pass is rounded
 * to bytes. Pillow's 22-bit fixed-point weights can move a pass's value by one level from this; the second pass
 * carries a first-pass level through weights whose absolute sum exceeds 1 when upscaling (the kernel's negative
 * lobes), so the two passes together can differ by two levels: e.g. 18 x 2 noise resized to 51 x 22 differs from
 * this reference by 2 while matching Debian's Pillow 9.4 exactly. Exactness against Pillow is the golden tests' job.
 */
function referenceResize(src: Float64Array, w: number, h: number, outW: number, outH: number): Uint8Array {
  const pass = (
    data: Float64Array,
    n: number,
    lines: number,
    out: number,
    stride: number,
    step: number,
    lineStep: number,
    outStride: number,
    outStep: number,
  ) => {
    const res = new Float64Array(out * lines);
    const scale = n / out;
    const fs = Math.max(scale, 1);
    for (let o = 0; o < out; o++) {
      const centre = (o + 0.5) * scale;
      const lo = Math.max(0, Math.floor(centre - 2 * fs));
      const hi = Math.min(n - 1, Math.ceil(centre + 2 * fs));
      let total = 0;
      const weights: number[] = [];
      for (let i = lo; i <= hi; i++) {
        const wgt = cubic((i + 0.5 - centre) / fs);
        weights.push(wgt);
        total += wgt;
      }
      for (let l = 0; l < lines; l++) {
        let acc = 0;
        for (let i = lo; i <= hi; i++) acc += data[l * lineStep + i * step] * weights[i - lo];
        res[l * outStride + o * outStep] = Math.min(255, Math.max(0, Math.round(acc / total)));
      }
    }
    return res;
  };
  // Horizontal pass on rows, then vertical on columns; single channel.
  const horiz = outW === w ? src : pass(src, w, h, outW, 0, 1, w, outW, 1);
  const vert = outH === h ? horiz : pass(horiz, h, outW, outH, 0, outW, 1, 1, outW);
  return Uint8Array.from(vert);
}

function noiseImage(w: number, h: number, seed: number): RawImage {
  const data = new Uint8Array(w * h);
  let s = seed >>> 0;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = s >>> 24;
  }
  return { data, width: w, height: h, mode: 'L' };
}

describe('PIL-style bicubic resize', () => {
  it('is within two levels of a floating-point restatement of Pillow (down and up)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 60 }),
        fc.integer({ min: 2, max: 60 }),
        fc.integer({ min: 1, max: 80 }),
        fc.integer({ min: 1, max: 80 }),
        fc.integer(),
        (w, h, outW, outH, seed) => {
          const img = noiseImage(w, h, seed);
          const got = pilResize(img, outW, outH);
          const ref = referenceResize(Float64Array.from(img.data), w, h, outW, outH);
          let max = 0;
          for (let i = 0; i < ref.length; i++) max = Math.max(max, Math.abs(got.data[i] - ref[i]));
          expect(max).toBeLessThanOrEqual(outW === w || outH === h ? 1 : 2);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps a constant image constant, in every channel layout', () => {
    for (const mode of ['L', 'RGB', 'CMYK'] as const) {
      const c = mode === 'L' ? 1 : mode === 'RGB' ? 3 : 4;
      const data = new Uint8Array(37 * 23 * c);
      for (let i = 0; i < data.length; i++) data[i] = [17, 130, 254, 3][i % c];
      const out = pilResize({ data, width: 37, height: 23, mode }, 11, 50);
      for (let i = 0; i < out.data.length; i++) expect(out.data[i]).toBe([17, 130, 254, 3][i % c]);
    }
  });

  it('returns a same-size image unchanged, as PIL returns a copy', () => {
    const img = noiseImage(13, 9, 5);
    expect(pilResize(img, 13, 9)).toBe(img);
  });

  it('resizes RGBA premultiplied: a fully transparent neighbour does not bleed its colour', () => {
    // Left half opaque red, right half transparent green: PIL premultiplies, so no green reaches the output.
    const w = 8;
    const data = new Uint8Array(w * 2 * 4);
    for (let y = 0; y < 2; y++) {
      for (let x = 0; x < w; x++) data.set(x < 4 ? [255, 0, 0, 255] : [0, 255, 0, 0], (y * w + x) * 4);
    }
    const out = pilResize({ data, width: w, height: 2, mode: 'RGBA' }, 3, 2);
    for (let i = 0; i < out.data.length; i += 4) expect(out.data[i + 1]).toBe(0);
  });

  it('picks the pixel under each output centre with NEAREST', () => {
    const img: RawImage = { data: Uint8Array.from([0, 10, 20, 30, 40, 50]), width: 6, height: 1, mode: 'L' };
    expect(Array.from(pilResize(img, 3, 1, 'nearest').data)).toEqual([10, 30, 50]); // floor((x + 0.5) * 2)
    expect(Array.from(pilResize(img, 4, 1, 'nearest').data)).toEqual([0, 20, 30, 50]); // floor((x + 0.5) * 1.5)
  });
});
