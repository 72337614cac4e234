import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clipPreprocess } from '../../src/preprocess/clip-preprocess.js';
import { ImageError, type ImageErrorReason } from '../../src/preprocess/image-error.js';
import { tempDir } from '../shared-dir.js';

const tmp = tempDir();
afterAll(tmp.remove);
const file = (name: string) => join(tmp.dir, name);

/** CRC-32 (PNG's), for hand-made chunks. */
function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

/** A PNG whose header claims width x height while holding almost no data: a decompression-bomb stand-in. */
function bombPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    sig,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(16))),
    chunk('IEND', new Uint8Array()),
  ]);
}

beforeAll(async () => {
  const pixels = Buffer.alloc(64 * 48 * 3).map((_, i) => (i * 7919) % 251);
  const jpeg = await sharp(pixels, { raw: { width: 64, height: 48, channels: 3 } })
    .jpeg()
    .toBuffer();
  writeFileSync(file('good.jpg'), jpeg);
  // Cut inside the entropy-coded data (the headers take the first ~600 bytes).
  writeFileSync(file('truncated.jpg'), jpeg.subarray(0, Math.floor(jpeg.length * 0.7)));
  writeFileSync(file('empty.jpg'), Buffer.alloc(0));
  writeFileSync(file('text.jpg'), 'this is a text file, not an image');
  writeFileSync(
    file('vector.jpg'),
    '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><rect width="9" height="9"/></svg>',
  );
  writeFileSync(file('bomb.png'), bombPng(20_000, 20_000));
});

async function failure(path: string, options = {}): Promise<ImageError> {
  const error = await clipPreprocess(path, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImageError);
  return error as ImageError;
}

describe('unreadable images give a typed ImageError naming the path', () => {
  const cases: [string, ImageErrorReason, RegExp][] = [
    ['missing.jpg', 'missing', /image file not found/],
    ['empty.jpg', 'empty', /empty \(0 bytes\)/],
    ['text.jpg', 'unsupported-format', /not an image/],
    ['vector.jpg', 'unsupported-format', /format 'svg' is not accepted/],
    ['truncated.jpg', 'corrupt', /cannot decode image/],
    ['bomb.png', 'too-large', /20000x20000 = 400000000 pixels exceeds the limit of 178956970/],
  ];
  for (const [name, reason, text] of cases) {
    for (const resampler of ['pil', 'sharp'] as const) {
      it(`${name} -> ${reason} (${resampler})`, async () => {
        const e = await failure(file(name), { resampler });
        expect(e.reason).toBe(reason);
        expect(e.path).toBe(file(name));
        expect(e.message.startsWith(file(name))).toBe(true);
        expect(e.message).toMatch(text);
        expect(e.message).not.toContain('\n');
      });
    }
  }

  it('the pixel limit is a parameter', async () => {
    expect((await failure(file('good.jpg'), { limitInputPixels: 1000 })).reason).toBe('too-large');
    await expect(clipPreprocess(file('good.jpg'), { limitInputPixels: 64 * 48 })).resolves.toHaveLength(3 * 224 * 224);
  });

  it("failOn 'none' decodes what a truncated JPEG holds, like PIL's LOAD_TRUNCATED_IMAGES", async () => {
    await expect(clipPreprocess(file('truncated.jpg'), { failOn: 'none' })).resolves.toHaveLength(3 * 224 * 224);
  });

  it('an encoded buffer is named by the caller', async () => {
    const e = (await clipPreprocess(Buffer.from('nope'), { name: 'upload-7' }).catch((x: unknown) => x)) as ImageError;
    expect(e).toBeInstanceOf(ImageError);
    expect(e.path).toBe('upload-7');
    expect(e.reason).toBe('unsupported-format');
  });
});
