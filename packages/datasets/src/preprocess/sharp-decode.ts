import { stat } from 'node:fs/promises';
import sharp, { type Sharp } from 'sharp';
import { messages } from '../messages.js';
import { ImageError } from './image-error.js';
import { type PixelMode, type RawImage, modeChannels } from './raw-image.js';

/** How strict the decoder is, from sharp: 'none' < 'truncated' < 'error' < 'warning' (strictest). */
export type FailOn = 'none' | 'truncated' | 'error' | 'warning';

/** Decoder limits shared by every preprocessing entry point. */
export interface DecodeOptions {
  /**
   * Decompression-bomb guard: images with more pixels (width * height) are refused with reason 'too-large'.
   * Default {@link DEFAULT_PIXEL_LIMIT}.
   */
  readonly limitInputPixels?: number;
  /**
   * Decoder strictness (default 'error': truncated or damaged data fails, as PIL fails on a truncated
   * JPEG, while benign libjpeg warnings such as extraneous bytes are tolerated, as PIL tolerates them).
   */
  readonly failOn?: FailOn;
  /** Accepted container formats as sharp names them (default {@link ACCEPTED_FORMATS}). */
  readonly formats?: readonly string[];
}

/** PIL's `DecompressionBombError` threshold, 2 * 89,478,485 pixels: the same images fail in both. */
export const DEFAULT_PIXEL_LIMIT = 178_956_970;

/**
 * Formats PIL also opens. sharp would decode SVG or PDF too; a vector file named .jpg is almost
 * certainly a data error, so it is refused rather than rasterised.
 */
export const ACCEPTED_FORMATS: readonly string[] = ['jpeg', 'png', 'webp', 'tiff', 'gif', 'ppm'];

/** An image to decode: a file path, an encoded buffer, or pixels already decoded. */
export type ImageSource = string | Uint8Array | RawImage;

/** What {@link probeImage} learns from the header, without decoding pixels. */
export interface ImageInfo {
  readonly width: number;
  readonly height: number;
  /** The PIL mode the pixels will be decoded into. */
  readonly mode: PixelMode;
  /** Palette or bilevel image: PIL resizes these with NEAREST whatever filter is asked for. */
  readonly nearestOnly: boolean;
  /**
   * 16-bit greyscale without alpha: Pillow opens it in mode 'I' (full 16-bit values), and its `convert('RGB')`
   * clamps them at 255; decoded here as the clamped 8-bit 'L' image (default false).
   */
  readonly wideGrey?: boolean;
}

function isRaw(source: ImageSource): source is RawImage {
  return !(typeof source === 'string' || source instanceof Uint8Array);
}

/** Maps a sharp failure onto an {@link ImageError} with the image's name. */
function decodeError(name: string, error: unknown): ImageError {
  const text = error instanceof Error ? error.message : String(error);
  const firstLine = text.split('\n')[0];
  if (/missing/i.test(text)) return new ImageError(name, 'missing', messages.imageMissing(name));
  if (/unsupported image format/i.test(text)) {
    return new ImageError(name, 'unsupported-format', messages.imageNotAnImage(name));
  }
  if (/pixel limit/i.test(text)) return new ImageError(name, 'too-large', messages.imageOverLimit(name));
  return new ImageError(name, 'corrupt', messages.imageCorrupt(name, firstLine));
}

function open(source: ImageSource, options: DecodeOptions): Sharp {
  const limitInputPixels = options.limitInputPixels ?? DEFAULT_PIXEL_LIMIT;
  const failOn = options.failOn ?? 'error';
  // autoOrient stays off: CLIP's PIL pipeline ignores the EXIF orientation tag.
  if (!isRaw(source)) return sharp(source, { limitInputPixels, failOn, autoOrient: false });
  const raw = { width: source.width, height: source.height, channels: modeChannels(source.mode) as 1 | 2 | 3 | 4 };
  return sharp(source.data, { raw, limitInputPixels });
}

/**
 * Reads an image's header: size, the PIL mode to decode into, and whether PIL would resize it with NEAREST.
 * @param source file path, encoded bytes or decoded pixels
 * @param name how errors name the image (default: the path, or '<buffer>')
 * @param options decoder limits (see {@link DecodeOptions})
 * @throws ImageError 'missing' | 'empty' | 'unsupported-format' | 'too-large' | 'corrupt'
 */
export async function probeImage(source: ImageSource, name?: string, options: DecodeOptions = {}): Promise<ImageInfo> {
  const label = name ?? (typeof source === 'string' ? source : '<buffer>');
  const limit = options.limitInputPixels ?? DEFAULT_PIXEL_LIMIT;
  if (isRaw(source)) {
    if (source.width * source.height > limit) {
      throw new ImageError(label, 'too-large', messages.imageTooLarge(label, source.width, source.height, limit));
    }
    return { width: source.width, height: source.height, mode: source.mode, nearestOnly: false };
  }
  if (typeof source === 'string') {
    const size = await stat(source).then(
      (s) => (s.isFile() ? s.size : -1),
      () => undefined,
    );
    if (size === undefined || size < 0) throw new ImageError(label, 'missing', messages.imageMissing(label));
    if (size === 0) throw new ImageError(label, 'empty', messages.imageEmpty(label));
  } else if (source.length === 0) {
    throw new ImageError(label, 'empty', messages.imageEmpty(label));
  }
  // The header is read with the pixel limit off so an oversized image gets its size in the message.
  const meta = await sharp(source, { limitInputPixels: false, failOn: 'none' })
    .metadata()
    .catch((e: unknown) => {
      throw decodeError(label, e);
    });
  const formats = options.formats ?? ACCEPTED_FORMATS;
  if (!meta.format || !formats.includes(meta.format)) {
    throw new ImageError(label, 'unsupported-format', messages.imageFormat(label, meta.format ?? 'unknown', formats));
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width * height > limit) {
    throw new ImageError(label, 'too-large', messages.imageTooLarge(label, width, height, limit));
  }
  const grey = meta.space === 'b-w' || meta.space === 'grey16';
  const mode: PixelMode =
    meta.space === 'cmyk' ? 'CMYK' : grey ? (meta.hasAlpha ? 'LA' : 'L') : meta.hasAlpha ? 'RGBA' : 'RGB';
  const wideGrey = meta.space === 'grey16' && !meta.hasAlpha;
  return { width, height, mode, nearestOnly: meta.isPalette === true || meta.bitsPerSample === 1, wideGrey };
}

/** The resize and crop to run inside sharp, in output pixels. */
export interface SharpGeometry {
  readonly resizeWidth: number;
  readonly resizeHeight: number;
  readonly left: number;
  readonly top: number;
  readonly size: number;
}

/**
 * Decodes to 8-bit pixels in `info.mode`: full size, or resized with sharp's cubic kernel (Catmull-Rom,
 * NEAREST for palette images) and then cropped, when `geometry` is given. 16-bit inputs keep their high byte
 * (v >> 8, as PIL does for 16-bit RGB). CMYK stays CMYK so the PIL formula converts it later.
 * @throws ImageError 'corrupt' | 'too-large' when decoding fails
 */
export async function decodePixels(
  source: ImageSource,
  info: ImageInfo,
  name: string,
  options: DecodeOptions = {},
  geometry?: SharpGeometry,
): Promise<RawImage> {
  if (info.wideGrey && !geometry) return decodeWideGrey(source, info, name, options);
  let pipeline = open(source, options);
  const grey = info.mode === 'L' || info.mode === 'LA';
  // sharp's 'b-w' output drops alpha, so greyscale is decoded as sRGB (R = G = B) and reduced below.
  if (info.mode === 'CMYK') pipeline = pipeline.pipelineColourspace('cmyk').toColourspace('cmyk');
  else pipeline = pipeline.toColourspace('srgb');
  if (geometry) {
    if (geometry.resizeWidth !== info.width || geometry.resizeHeight !== info.height) {
      pipeline = pipeline.resize(geometry.resizeWidth, geometry.resizeHeight, {
        kernel: info.nearestOnly ? 'nearest' : 'cubic',
        fit: 'fill',
        // Shrink-on-load would decode JPEGs at 1/2, 1/4 or 1/8 scale first: faster, but further from PIL.
        fastShrinkOnLoad: false,
      });
    }
    pipeline = pipeline.extract({
      left: geometry.left,
      top: geometry.top,
      width: geometry.size,
      height: geometry.size,
    });
  }
  const { data, info: out } = await pipeline
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true })
    .catch((e: unknown) => {
      throw decodeError(name, e);
    });
  const expected = modeChannels(info.mode) + (grey ? 2 : 0);
  if (out.channels !== expected)
    throw new ImageError(name, 'corrupt', messages.imageChannels(name, out.channels, info.mode));
  const pixels = new Uint8Array(data.buffer, data.byteOffset, data.length);
  return {
    data: grey ? keepFirstAndAlpha(pixels, out.channels) : pixels,
    width: out.width,
    height: out.height,
    mode: info.mode,
  };
}

/** RGB -> L and RGBA -> LA for greyscale decoded as sRGB: keeps channel 0 and, with 4 channels, alpha. */
function keepFirstAndAlpha(data: Uint8Array, channels: number): Uint8Array {
  const keep = channels === 4 ? 2 : 1;
  const n = data.length / channels;
  const out = new Uint8Array(n * keep);
  for (let i = 0; i < n; i++) {
    out[i * keep] = data[i * channels];
    if (keep === 2) out[i * keep + 1] = data[i * channels + 3];
  }
  return out;
}

/** 16-bit greyscale read at full depth and clamped at 255, as Pillow's mode 'I' -> RGB conversion clamps it. */
async function decodeWideGrey(
  source: ImageSource,
  info: ImageInfo,
  name: string,
  options: DecodeOptions,
): Promise<RawImage> {
  const { data, info: out } = await open(source, options)
    .toColourspace('grey16')
    .raw({ depth: 'ushort' })
    .toBuffer({ resolveWithObject: true })
    .catch((e: unknown) => {
      throw decodeError(name, e);
    });
  if (out.channels !== 1) throw new ImageError(name, 'corrupt', messages.imageChannels(name, out.channels, info.mode));
  // Native-endian samples; a copy when the buffer sits at an odd offset, which a Uint16Array view cannot take.
  const bytes = data.byteOffset % 2 === 0 ? data : new Uint8Array(data);
  const wide = new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
  const pixels = new Uint8Array(wide.length);
  for (let i = 0; i < wide.length; i++) pixels[i] = Math.min(wide[i], 255);
  return { data: pixels, width: out.width, height: out.height, mode: 'L' };
}
