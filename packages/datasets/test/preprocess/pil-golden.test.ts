import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLIP_MEAN, CLIP_STD } from '../../src/preprocess/chw-tensor.js';
import { clipPreprocess } from '../../src/preprocess/clip-preprocess.js';

// Inputs and Pillow's outputs were made once by make-inputs.mjs and make-expected.py (Pillow 9.4) in the
// fixture folder; the expected bytes are Pillow's, not ours.
const dir = fileURLToPath(new URL('../fixtures/pil-golden/', import.meta.url));
const golden = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as {
  pillow: string;
  size: number;
  images: Record<string, { mode: string; rgb: string }>;
};

/** torchvision's ToTensor + Normalize on RGB bytes, restated here in float32 steps. */
function expectedTensor(rgb: Uint8Array, size: number): Float32Array {
  const out = new Float32Array(3 * size * size);
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < size * size; i++) {
      const x = Math.fround(rgb[i * 3 + c] / 255);
      out[c * size * size + i] = Math.fround(Math.fround(x - Math.fround(CLIP_MEAN[c])) / Math.fround(CLIP_STD[c]));
    }
  }
  return out;
}

describe(`CLIP preprocessing equals Pillow ${golden.pillow} bit for bit`, () => {
  for (const [file, { mode, rgb }] of Object.entries(golden.images)) {
    it(`${file} (PIL mode ${mode})`, async () => {
      const expected = expectedTensor(Buffer.from(rgb, 'base64'), golden.size);
      const got = await clipPreprocess(join(dir, file), { size: golden.size, resampler: 'pil' });
      expect(Array.from(got)).toEqual(Array.from(expected));
    });
  }
});
