import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { clipPreprocess } from '../../src/preprocess/clip-preprocess.js';
import type { RawImage } from '../../src/preprocess/raw-image.js';
import { tempDir } from '../shared-dir.js';

const MEAN = [0.48145466, 0.4578275, 0.40821073];
const STD = [0.26862954, 0.26130258, 0.27577711];
const S = 224;

/** The expected normalised value of byte v in channel c, computed in float32 steps as torch does. */
const norm = (v: number, c: number) =>
  Math.fround(Math.fround(Math.fround(v / 255) - Math.fround(MEAN[c])) / Math.fround(STD[c]));

/** Value at (channel, y, x) of a CHW tensor of side S. */
const at = (t: Float32Array, c: number, y: number, x: number) => t[c * S * S + y * S + x];

const tmp = tempDir();
afterAll(tmp.remove);

async function png(
  name: string,
  data: Uint8Array,
  width: number,
  height: number,
  channels: 1 | 2 | 3 | 4,
): Promise<string> {
  const path = join(tmp.dir, name);
  let img = sharp(data, { raw: { width, height, channels } });
  if (channels <= 2) img = img.toColourspace('b-w');
  await img.png().toFile(path);
  return path;
}

describe('clipPreprocess', () => {
  it('a 224x224 RGB image is only normalised: every value matches ((v / 255) - mean) / std', async () => {
    const data = new Uint8Array(S * S * 3);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31 + (i >> 7)) % 256;
    const path = await png('exact.png', data, S, S, 3);
    for (const resampler of ['pil', 'sharp'] as const) {
      const t = await clipPreprocess(path, { resampler });
      expect(t.length).toBe(3 * S * S);
      for (let y = 0; y < S; y += 7) {
        for (let x = 0; x < S; x += 5) {
          for (let c = 0; c < 3; c++) expect(at(t, c, y, x)).toBe(norm(data[(y * S + x) * 3 + c], c));
        }
      }
    }
  });

  it('a solid colour stays that colour through the resize, with both resamplers', async () => {
    const rgb = [200, 30, 90];
    const data = new Uint8Array(500 * 300 * 3).map((_, i) => rgb[i % 3]);
    const path = await png('solid.png', data, 500, 300, 3);
    for (const resampler of ['pil', 'sharp'] as const) {
      const t = await clipPreprocess(path, { resampler });
      for (let c = 0; c < 3; c++) {
        const plane = t.subarray(c * S * S, (c + 1) * S * S);
        expect(plane.every((v) => v === norm(rgb[c], c))).toBe(true);
      }
    }
  });

  it('crops at round-half-even offsets: columns 0, 1, 2, 2 for widths 225, 226, 227, 229', async () => {
    for (const [width, left] of [
      [225, 0],
      [226, 1],
      [227, 2],
      [229, 2],
    ] as const) {
      // Height 224 keeps the image unresized (224 * width / 224 = width), so the crop is all that moves.
      const data = new Uint8Array(width * S * 3);
      for (let y = 0; y < S; y++) for (let x = 0; x < width; x++) data.set([x, y, 255 - x], (y * width + x) * 3);
      const t = await clipPreprocess(await png(`w${width}.png`, data, width, S, 3));
      expect(at(t, 0, 0, 0)).toBe(norm(left, 0));
      expect(at(t, 0, 5, 100)).toBe(norm(left + 100, 0));
      expect(at(t, 2, 0, S - 1)).toBe(norm(255 - (left + S - 1), 2));
    }
    const tall = new Uint8Array(S * 227 * 3);
    for (let y = 0; y < 227; y++) for (let x = 0; x < S; x++) tall.set([y, x, 0], (y * S + x) * 3);
    const t = await clipPreprocess(await png('tall.png', tall, S, 227, 3));
    expect(at(t, 0, 0, 10)).toBe(norm(2, 0)); // top = round(1.5) = 2
  });

  it('replicates greyscale into three channels', async () => {
    const data = new Uint8Array(S * S).map((_, i) => i % 251);
    const t = await clipPreprocess(await png('grey.png', data, S, S, 1));
    for (const [y, x] of [
      [0, 0],
      [10, 200],
      [223, 223],
    ]) {
      for (let c = 0; c < 3; c++) expect(at(t, c, y, x)).toBe(norm(data[y * S + x], c));
    }
  });

  it('drops alpha without flattening: a transparent pixel keeps its colour when no resize happens', async () => {
    const data = new Uint8Array(S * S * 4);
    for (let i = 0; i < S * S; i++) data.set([10, 250, 128, i % 2 === 0 ? 0 : 255], i * 4);
    const t = await clipPreprocess(await png('rgba.png', data, S, S, 4));
    expect([0, 1, 2].map((c) => at(t, c, 0, 0))).toEqual([norm(10, 0), norm(250, 1), norm(128, 2)]);
  });

  it('clamps 16-bit greyscale at 255, as Pillow converts its mode I to RGB (in both orders)', async () => {
    // Row 0 holds x (below 256, kept), row 1 holds 1000 (clamped to 255): Pillow opens the file in mode 'I'.
    const sixteen = new Uint16Array(S * S).map((_, i) => (i < S ? i : 1000));
    const path = join(tmp.dir, 'grey16.png');
    await sharp(sixteen, { raw: { width: S, height: S, channels: 1 } })
      .toColourspace('grey16')
      .png()
      .toFile(path);
    expect((await sharp(path).metadata()).depth).toBe('ushort');
    for (const rgbConversion of ['before-resize', 'after-crop'] as const) {
      const t = await clipPreprocess(path, { rgbConversion });
      for (const x of [0, 1, 100, 200, 223]) expect(at(t, 0, 0, x)).toBe(norm(x, 0));
      expect(at(t, 1, 1, 5)).toBe(norm(255, 1));
    }
  });

  it('ignores the EXIF orientation tag, as PIL does in CLIP', async () => {
    const data = new Uint8Array(240 * S * 3).map((_, i) => (i * 13) % 256);
    const path = join(tmp.dir, 'rotated.jpg');
    await sharp(data, { raw: { width: 240, height: S, channels: 3 } })
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toFile(path);
    expect((await sharp(path).metadata()).orientation).toBe(6);
    const decoded = await sharp(path).raw().toBuffer({ resolveWithObject: true });
    expect([decoded.info.width, decoded.info.height]).toEqual([240, S]); // sharp keeps stored orientation
    const raw: RawImage = { data: new Uint8Array(decoded.data), width: 240, height: S, mode: 'RGB' };
    expect(Array.from(await clipPreprocess(path))).toEqual(Array.from(await clipPreprocess(raw)));
  });

  it('takes decoded pixels (e.g. a CIFAR record) and gives the same tensor as the encoded file', async () => {
    const data = new Uint8Array(32 * 32 * 3).map((_, i) => (i * 7) % 256);
    const path = await png('tiny.png', data, 32, 32, 3);
    const fromFile = await clipPreprocess(path);
    const fromRaw = await clipPreprocess({ data, width: 32, height: 32, mode: 'RGB' });
    expect(Array.from(fromRaw)).toEqual(Array.from(fromFile));
  });

  it("the 'sharp' resampler upscales and handles decoded pixels with the PIL port, so both agree there", async () => {
    const small = new Uint8Array(120 * 90 * 3).map((_, i) => (i * 29) % 256);
    const path = await png('upscale.png', small, 120, 90, 3);
    expect(Array.from(await clipPreprocess(path, { resampler: 'sharp' }))).toEqual(
      Array.from(await clipPreprocess(path)),
    );
    const cmyk: RawImage = {
      data: new Uint8Array(300 * 260 * 4).map((_, i) => (i * 11) % 256),
      width: 300,
      height: 260,
      mode: 'CMYK',
    };
    expect(Array.from(await clipPreprocess(cmyk, { resampler: 'sharp' }))).toEqual(
      Array.from(await clipPreprocess(cmyk)),
    );
  });

  it('writes into a caller-supplied buffer at an offset and honours size, mean and std', async () => {
    const data = new Uint8Array(40 * 40 * 3).fill(128);
    const path = await png('small.png', data, 40, 40, 3);
    const out = new Float32Array(2 * 3 * 16 * 16).fill(NaN);
    await clipPreprocess(path, { size: 16, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] }, out, 3 * 16 * 16);
    expect(Number.isNaN(out[0])).toBe(true);
    expect(out[3 * 16 * 16]).toBeCloseTo((128 / 255 - 0.5) / 0.5, 6);
    await expect(clipPreprocess(path, { size: 0 })).rejects.toThrow(/size must be a positive integer/);
  });
});
