import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { pilResize } from '../../src/preprocess/pil-resize.js';
import type { RawImage } from '../../src/preprocess/raw-image.js';

/** A smooth photo-like test image: blurred noise. */
async function blurredNoise(w: number, h: number): Promise<RawImage> {
  const data = Buffer.alloc(w * h * 3);
  let s = 12345;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = s >>> 24;
  }
  const out = await sharp(data, { raw: { width: w, height: h, channels: 3 } })
    .blur(2)
    .raw()
    .toBuffer();
  return { data: new Uint8Array(out), width: w, height: h, mode: 'RGB' };
}

function gradient(w: number, h: number): RawImage {
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++)
      data.set([Math.round((x * 255) / (w - 1)), Math.round((y * 255) / (h - 1)), (x + y) % 256], (y * w + x) * 3);
  }
  return { data, width: w, height: h, mode: 'RGB' };
}

function checkerboard(w: number, h: number, cell: number): RawImage {
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++)
      data.fill(((x / cell) ^ (y / cell)) & 1 ? 255 : 0, (y * w + x) * 3, (y * w + x) * 3 + 3);
  }
  return { data, width: w, height: h, mode: 'RGB' };
}

async function sharpCubic(img: RawImage, w: number, h: number): Promise<Uint8Array> {
  const out = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .resize(w, h, { kernel: 'cubic', fit: 'fill', fastShrinkOnLoad: false })
    .raw()
    .toBuffer();
  return new Uint8Array(out);
}

function difference(a: Uint8Array, b: Uint8Array): { max: number; mean: number } {
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    max = Math.max(max, d);
    sum += d;
  }
  return { max, mean: sum / a.length };
}

// Measured, not hidden: sharp's cubic resize (libvips, Catmull-Rom) against the PIL-style one, in 8-bit
// levels. The README quotes these numbers; the bounds below only catch a change of behaviour.
describe("sharp's cubic resize against PIL's bicubic (levels of 255)", () => {
  const cases = [
    {
      name: 'blurred noise 500x375 -> 298x224 (down)',
      make: () => blurredNoise(500, 375),
      w: 298,
      h: 224,
      maxBound: 4,
      meanBound: 0.3,
    },
    {
      name: 'gradient 640x480 -> 298x224 (down)',
      make: async () => gradient(640, 480),
      w: 298,
      h: 224,
      maxBound: 8,
      meanBound: 0.1,
    },
    {
      name: 'checkerboard 8px 400x300 -> 298x224 (down)',
      make: async () => checkerboard(400, 300, 8),
      w: 298,
      h: 224,
      maxBound: 20,
      meanBound: 1,
    },
    {
      name: 'blurred noise 200x150 -> 298x224 (up)',
      make: () => blurredNoise(200, 150),
      w: 298,
      h: 224,
      maxBound: 30,
      meanBound: 4,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const img = await c.make();
      const d = difference(await sharpCubic(img, c.w, c.h), pilResize(img, c.w, c.h).data);
      console.log(`sharp vs PIL, ${c.name}: max abs ${d.max}, mean abs ${d.mean.toFixed(3)}`);
      expect(d.max).toBeLessThanOrEqual(c.maxBound);
      expect(d.mean).toBeLessThanOrEqual(c.meanBound);
    });
  }

  it('libvips upsamples on a grid shifted from PIL (why clipPreprocess upscales with the PIL port)', async () => {
    // One bright column at x = 4 of 10, upscaled to 14: PIL centres it at (4.5 / (10 / 14)) - 0.5 = 5.8.
    const data = new Uint8Array(10 * 3 * 3);
    for (let y = 0; y < 3; y++) data.fill(200, (y * 10 + 4) * 3, (y * 10 + 5) * 3);
    const img: RawImage = { data, width: 10, height: 3, mode: 'RGB' };
    const centroid = (px: Uint8Array) => {
      let m = 0;
      let s = 0;
      for (let x = 0; x < 14; x++) {
        m += x * px[x * 3];
        s += px[x * 3];
      }
      return m / s;
    };
    const pil = centroid(pilResize(img, 14, 3).data);
    const vips = centroid(await sharpCubic(img, 14, 3));
    console.log(`bright column upscaled 10 -> 14: PIL centroid ${pil.toFixed(2)}, sharp centroid ${vips.toFixed(2)}`);
    expect(Math.abs(pil - 5.8)).toBeLessThan(0.15);
    expect(vips - pil).toBeGreaterThan(0.3);
  });
});
