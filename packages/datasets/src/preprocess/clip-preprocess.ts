import { messages } from '../messages.js';
import { CLIP_MEAN, CLIP_STD, toChwTensor } from './chw-tensor.js';
import { centerCropOffset, resizedSize } from './clip-geometry.js';
import { pilConvertRgb } from './pil-convert-rgb.js';
import { pilResize } from './pil-resize.js';
import { cropRaw, modeChannels } from './raw-image.js';
import { type DecodeOptions, type ImageSource, decodePixels, probeImage } from './sharp-decode.js';

/**
 * Which resize implementation runs: 'pil' is this package's port of Pillow's BICUBIC (bit-exact with
 * Pillow 9.4 on the images we checked; sharp only decodes), 'sharp' downscales with libvips' cubic kernel
 * (about 2.5x faster on a 500x375 JPEG, up to 6x on large ones; pixels differ by a few levels, see the
 * package README) and still upscales with the PIL port.
 */
export type Resampler = 'pil' | 'sharp';

/**
 * When `convert('RGB')` runs. 'before-resize' is torchvision's `pil_loader`, which WiSE-FT's and CoOp's datasets
 * (the paper's pipelines) use: every image becomes RGB first (alpha dropped, palette expanded, 1-bit to 0/255,
 * CMYK by Pillow's formula, 16-bit greyscale clamped at 255), then a BICUBIC resize. 'after-crop' is
 * `preprocess(Image.open(p))` from CLIP's README: the resize runs in the file's own mode (premultiplied alpha,
 * NEAREST for palette and 1-bit images) and the conversion comes last. They differ by up to 255 levels on such
 * files; plain RGB and greyscale images give the same bytes either way.
 */
export type RgbConversion = 'before-resize' | 'after-crop';

/** Options of {@link clipPreprocess}; the decoder limits of {@link DecodeOptions} apply too. */
export interface ClipPreprocessOptions extends DecodeOptions {
  /** Side of the square output in pixels (default 224). */
  readonly size?: number;
  /** Per-channel mean on the [0, 1] scale (default CLIP's). */
  readonly mean?: readonly number[];
  /** Per-channel standard deviation on the [0, 1] scale (default CLIP's). */
  readonly std?: readonly number[];
  /** Resize implementation (default 'pil'). */
  readonly resampler?: Resampler;
  /** When the image becomes RGB (default 'before-resize', the paper's loaders). */
  readonly rgbConversion?: RgbConversion;
  /** How errors name the image (default: its path, or '<buffer>'). */
  readonly name?: string;
}

function sourceName(source: ImageSource, name: string | undefined): string {
  return name ?? (typeof source === 'string' ? source : '<buffer>');
}

function checkOptions(size: number, mean: readonly number[], std: readonly number[]): void {
  if (!Number.isInteger(size) || size <= 0) throw new RangeError(messages.badSize(size));
  if (mean.length !== 3 || std.length !== 3 || std.some((s) => !(s > 0))) {
    throw new RangeError(messages.badMeanStd(mean, std));
  }
}

/**
 * CLIP's image transform: bicubic resize of the shorter side to `size` (longer side truncated as
 * torchvision does), centre crop with Python's rounding, RGB conversion (greyscale replicated, alpha
 * dropped, CMYK by Pillow's formula) before the resize or after the crop (see {@link RgbConversion}), scale to
 * [0, 1], normalise. EXIF orientation is not applied, as PIL does not apply it in CLIP's pipeline. 16-bit colour
 * keeps its high byte (v >> 8) and 16-bit greyscale is clamped at 255, as Pillow reads them.
 * @param source image file path, encoded bytes, or decoded pixels (e.g. a CIFAR record)
 * @param options size (default 224), mean/std (default CLIP's), resampler (default 'pil'), rgbConversion
 *   (default 'before-resize'), decoder limits
 * @param out destination (default a new Float32Array of 3 * size * size)
 * @param offset where this image starts in `out`, in elements (default 0)
 * @returns `out`, holding the CHW float32 tensor from `offset`
 * @throws ImageError with the image's path when it is missing, empty, not an image, too large or corrupt
 */
export async function clipPreprocess(
  source: ImageSource,
  options: ClipPreprocessOptions = {},
  out?: Float32Array,
  offset = 0,
): Promise<Float32Array> {
  const size = options.size ?? 224;
  const mean = options.mean ?? CLIP_MEAN;
  const std = options.std ?? CLIP_STD;
  checkOptions(size, mean, std);
  const name = sourceName(source, options.name);
  const encoded = typeof source === 'string' || source instanceof Uint8Array;
  if (!encoded) {
    const expected = source.width * source.height * modeChannels(source.mode);
    if (source.data.length !== expected) throw new RangeError(messages.rawSize(name, source.data.length, expected));
  }
  const info = await probeImage(source, name, options);
  const resized = resizedSize(info.width, info.height, size);
  const { left, top } = centerCropOffset(resized.width, resized.height, size);
  const convertFirst = (options.rgbConversion ?? 'before-resize') === 'before-resize';
  // libvips samples an upscale on a grid offset by half an output pixel from PIL's (measured in the README),
  // so upscales always take the PIL port; they are small images, so the cost is low. Decoded pixels do too:
  // sharp would read 4 raw channels as RGBA, not CMYK. 16-bit greyscale needs its full values to be clamped.
  // Converting first, only RGB and 8-bit greyscale files can leave the resize to sharp: every other mode
  // changes its pixels in the conversion, which sharp does not reproduce.
  const upscale = resized.width > info.width || resized.height > info.height;
  const plain = (info.mode === 'RGB' || info.mode === 'L') && !info.nearestOnly;
  const usePil =
    (options.resampler ?? 'pil') === 'pil' || upscale || !encoded || info.wideGrey || (convertFirst && !plain);
  let rgb;
  if (usePil) {
    const full = encoded ? await decodePixels(source, info, name, options) : source;
    if (convertFirst) {
      rgb = cropRaw(pilResize(pilConvertRgb(full), resized.width, resized.height), left, top, size, size);
    } else {
      const scaled = pilResize(full, resized.width, resized.height, info.nearestOnly ? 'nearest' : 'bicubic');
      rgb = pilConvertRgb(cropRaw(scaled, left, top, size, size));
    }
  } else {
    const geometry = { resizeWidth: resized.width, resizeHeight: resized.height, left, top, size };
    rgb = pilConvertRgb(await decodePixels(source, info, name, options, geometry));
  }
  return toChwTensor(rgb, mean, std, out ?? new Float32Array(3 * size * size), offset);
}
