import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

/** Test images written in code: PNGs by hand (any size claim, any colour type) and JPEGs through sharp. */

/** PNG colour types: greyscale, RGB, greyscale + alpha, RGBA. */
const COLOUR_TYPE: Record<number, number> = { 1: 0, 3: 2, 2: 4, 4: 6 };

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

function ihdr(width: number, height: number, channels: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, COLOUR_TYPE[channels], 0, 0, 0], 8);
  return header;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** An 8-bit PNG of `pixels` (row-major, `channels` per pixel: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA). */
export function png(width: number, height: number, channels: number, pixels: Uint8Array): Buffer {
  const rows = Buffer.alloc(height * (1 + width * channels));
  for (let y = 0; y < height; y++) {
    rows[y * (1 + width * channels)] = 0; // filter: none
    rows.set(pixels.subarray(y * width * channels, (y + 1) * width * channels), y * (1 + width * channels) + 1);
  }
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr(width, height, channels)),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', new Uint8Array()),
  ]);
}

/** A PNG whose header claims width x height but holds a few bytes: a decompression bomb's header, cheaply. */
export function bombPng(width: number, height: number): Buffer {
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr(width, height, 1)),
    chunk('IDAT', deflateSync(Buffer.alloc(16))),
    chunk('IEND', new Uint8Array()),
  ]);
}

/** Deterministic pixel values 0..255 (a hash of the index), `seed` varying the image. */
export function pattern(length: number, seed: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (Math.imul(i + 1, 2654435761) ^ Math.imul(seed + 7, 40503)) >>> 24);
}

/** A JPEG of RGB pixels. */
export function jpeg(width: number, height: number, rgb: Uint8Array): Promise<Buffer> {
  return sharp(rgb, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** A CMYK JPEG (as print workflows write them) of RGB pixels. */
export function cmykJpeg(width: number, height: number, rgb: Uint8Array): Promise<Buffer> {
  return sharp(rgb, { raw: { width, height, channels: 3 } })
    .toColourspace('cmyk')
    .jpeg({ quality: 90 })
    .toBuffer();
}
