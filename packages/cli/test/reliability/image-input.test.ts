import { join } from 'node:path';
import {
  CLIP_MEAN,
  CLIP_STD,
  ImageError,
  clipPreprocess,
  clipPreprocessBatch,
  type ImageErrorReason,
} from '@gla/datasets';
import { beforeAll, describe, expect } from 'vitest';
import { reliabilityCase } from './reliability-case.js';
import { tempDir } from './helpers/temp-dirs.js';
import { writeBytes } from './helpers/npy-bytes.js';
import { bombPng, cmykJpeg, jpeg, pattern, png } from './helpers/tiny-images.js';

// Images go through the datasets package's public preprocessing (no `gla` command reads images yet).
// A small output side keeps tensors tiny; the decoding paths are the same as at 224.
const dir = tempDir();
const S = 8;
const files: Record<string, string> = {};

beforeAll(async () => {
  const rgb = pattern(32 * 24 * 3, 1);
  const good = await jpeg(32, 24, rgb);
  files.good = writeBytes(dir, 'good.jpg', good);
  files.good2 = writeBytes(dir, 'good2.png', png(20, 30, 3, pattern(20 * 30 * 3, 2)));
  files.truncated = writeBytes(dir, 'truncated.jpg', good.subarray(0, Math.floor(good.length * 0.6)));
  const damaged = png(32, 32, 3, pattern(32 * 32 * 3, 3));
  for (let i = 60; i < damaged.length - 40; i += 7) damaged[i] ^= 0x5a; // scramble the compressed pixel data
  files.corrupt = writeBytes(dir, 'corrupt.png', damaged);
  files.empty = writeBytes(dir, 'empty.jpg', '');
  files.text = writeBytes(dir, 'notes.jpg', 'these are lab notes saved with the wrong extension\n');
  files.bomb = writeBytes(dir, 'bomb.png', bombPng(30_000, 30_000));
  files.grey = writeBytes(dir, 'grey.png', png(S, S, 1, pattern(S * S, 4)));
  files.cmyk = writeBytes(dir, 'cmyk.jpg', await cmykJpeg(16, 12, pattern(16 * 12 * 3, 5)));
  const colours = pattern(S * S * 3, 6);
  const rgba = new Uint8Array(S * S * 4);
  for (let p = 0; p < S * S; p++) {
    rgba.set(colours.subarray(3 * p, 3 * p + 3), 4 * p);
    rgba[4 * p + 3] = (p * 37) % 256; // alpha varies, including fully transparent pixels
  }
  files.rgba = writeBytes(dir, 'rgba.png', png(S, S, 4, rgba));
  files.rgb = writeBytes(dir, 'rgb.png', png(S, S, 3, colours));
});

async function expectImageError(name: string, reason: ImageErrorReason, text: RegExp) {
  for (const resampler of ['pil', 'sharp'] as const) {
    const error = await clipPreprocess(files[name], { size: S, resampler }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error, `${name} (${resampler})`).toBeInstanceOf(ImageError);
    const e = error as ImageError;
    expect(e.reason).toBe(reason);
    expect(e.path).toBe(files[name]);
    expect(e.message.startsWith(`${files[name]}: `)).toBe(true);
    expect(e.message).toMatch(text);
    expect(e.message).not.toContain('\n');
  }
}

function expectClipTensor(tensor: Float32Array) {
  expect(tensor).toHaveLength(3 * S * S);
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < S * S; i++) {
      const v = tensor[c * S * S + i] * CLIP_STD[c] + CLIP_MEAN[c];
      expect(v).toBeGreaterThanOrEqual(-1e-6);
      expect(v).toBeLessThanOrEqual(1 + 1e-6);
    }
  }
}

describe('images', () => {
  reliabilityCase('image.corrupt', () => expectImageError('corrupt', 'corrupt', /cannot decode image/));
  reliabilityCase('image.truncated', () => expectImageError('truncated', 'corrupt', /cannot decode image/));
  reliabilityCase('image.zero-byte', () => expectImageError('empty', 'empty', /image file is empty \(0 bytes\)/));
  reliabilityCase('image.not-an-image', () => expectImageError('text', 'unsupported-format', /not an image/));
  reliabilityCase('image.missing', async () => {
    files.missing = join(dir, 'gone.jpg');
    await expectImageError('missing', 'missing', /image file not found/);
  });
  reliabilityCase('image.decompression-bomb', async () => {
    const started = Date.now();
    await expectImageError('bomb', 'too-large', /30000x30000 = 900000000 pixels exceeds the limit of 178956970/);
    expect(Date.now() - started).toBeLessThan(5_000); // refused from the header, never decoded
  });
  reliabilityCase('image.greyscale', async () => {
    const t = await clipPreprocess(files.grey, { size: S });
    expectClipTensor(t);
    for (let i = 0; i < S * S; i++) {
      const r = t[i] * CLIP_STD[0] + CLIP_MEAN[0];
      expect(t[S * S + i] * CLIP_STD[1] + CLIP_MEAN[1]).toBeCloseTo(r, 5);
      expect(t[2 * S * S + i] * CLIP_STD[2] + CLIP_MEAN[2]).toBeCloseTo(r, 5);
    }
  });
  reliabilityCase('image.cmyk', async () => {
    for (const resampler of ['pil', 'sharp'] as const)
      expectClipTensor(await clipPreprocess(files.cmyk, { size: S, resampler }));
  });
  reliabilityCase('image.alpha', async () => {
    // No resize at S x S: convert('RGB') drops alpha and keeps every colour, even under alpha 0.
    expect(Array.from(await clipPreprocess(files.rgba, { size: S }))).toEqual(
      Array.from(await clipPreprocess(files.rgb, { size: S })),
    );
  });
  reliabilityCase('image.batch-fail', async () => {
    const error = await clipPreprocessBatch([files.good, files.truncated, files.good2], {
      size: S,
      onError: 'fail',
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImageError);
    expect((error as ImageError).path).toBe(files.truncated);
  });
  reliabilityCase('image.batch-skip', async () => {
    const items = [files.good, files.truncated, files.good2, files.empty, files.text, files.bomb, files.grey];
    const skippedLive: string[] = [];
    const batch = await clipPreprocessBatch(items, {
      size: S,
      onError: 'skip',
      onSkip: (s) => skippedLive.push(s.path),
    });
    expect(batch.kept).toEqual([0, 2, 6]);
    expect(batch.skipped.map((s) => [s.index, s.reason])).toEqual([
      [1, 'corrupt'],
      [3, 'empty'],
      [4, 'unsupported-format'],
      [5, 'too-large'],
    ]);
    expect(batch.skipped.every((s) => s.message.startsWith(`${s.path}: `))).toBe(true);
    expect(skippedLive.sort()).toEqual([files.truncated, files.empty, files.text, files.bomb].sort());
    // Rows of the kept images are exactly their single-image tensors, in input order.
    expect(batch.tensor).toHaveLength(3 * 3 * S * S);
    for (const [row, index] of batch.kept.entries()) {
      const single = await clipPreprocess(items[index], { size: S });
      expect(Array.from(batch.tensor.subarray(row * 3 * S * S, (row + 1) * 3 * S * S))).toEqual(Array.from(single));
    }
  });
});
