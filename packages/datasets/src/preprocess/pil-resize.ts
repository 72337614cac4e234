import { messages } from '../messages.js';
import { imageKernels, type ImageKernels } from './image-kernels.js';
import { mulDiv255 } from './pil-convert-rgb.js';
import { type RawImage, modeChannels, modeHasAlpha } from './raw-image.js';

/** Resampling filters of {@link pilResize}: PIL's BICUBIC, and NEAREST (what PIL uses for palette images). */
export type PilFilter = 'bicubic' | 'nearest';

// Pillow's fixed-point precision for 8-bit images: 32 bits minus 8 for the pixel and 2 for headroom.
const PRECISION_BITS = 22;
const ONE = 2 ** PRECISION_BITS;

/** Keys' cubic convolution kernel with a = -0.5 (Catmull-Rom), support 2: PIL's BICUBIC. */
function bicubic(x: number): number {
  const a = -0.5;
  const t = Math.abs(x);
  if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
  return 0;
}

interface Coefficients {
  readonly taps: number;
  /** Per output pixel: first input index, number of inputs used. */
  readonly bounds: Int32Array;
  /** Per output pixel: `taps` fixed-point weights. */
  readonly weights: Int32Array;
}

/**
 * Pillow's `precompute_coeffs` and `normalize_coeffs_8bpc`: when shrinking, the kernel is stretched by the
 * scale factor (antialiasing), weights are normalised to sum 1 and then rounded to 22-bit fixed point.
 */
function coefficients(inSize: number, outSize: number): Coefficients {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = 2 * filterScale;
  const taps = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(outSize * 2);
  const weights = new Int32Array(outSize * taps);
  const k = new Float64Array(taps);
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    // C's (int) cast truncates toward zero; the clamp afterwards makes that equal to Pillow's rounding.
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const count = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
    let sum = 0;
    for (let x = 0; x < count; x++) {
      k[x] = bicubic((x + xmin - center + 0.5) / filterScale);
      sum += k[x];
    }
    for (let x = 0; x < count; x++) {
      const w = sum !== 0 ? k[x] / sum : k[x];
      weights[xx * taps + x] = w < 0 ? Math.trunc(-0.5 + w * ONE) : Math.trunc(0.5 + w * ONE);
    }
    bounds[xx * 2] = xmin;
    bounds[xx * 2 + 1] = count;
  }
  return { taps, bounds, weights };
}

/** Copies fixed-point coefficients into kernel memory; returns their offsets. */
function placeCoefficients(kernels: ImageKernels, coeffs: Coefficients): { bounds: number; weights: number } {
  const bounds = kernels.alloc(coeffs.bounds.byteLength);
  const weights = kernels.alloc(coeffs.weights.byteLength);
  kernels.i32(bounds, coeffs.bounds.length).set(coeffs.bounds);
  kernels.i32(weights, coeffs.weights.length).set(coeffs.weights);
  return { bounds, weights };
}

/**
 * Pillow's two bicubic passes on this thread's WebAssembly SIMD kernels (integer arithmetic as Pillow's C, see
 * assembly/pil-resample.ts): rows to `outW` pixels, then columns to `outH`, either skipped when that side keeps
 * its size; bytes are rounded between passes as Pillow rounds its intermediate image.
 */
function resampleBicubic(src: Uint8Array, w: number, h: number, c: number, outW: number, outH: number): Uint8Array {
  const kernels = imageKernels();
  kernels.reset();
  const input = kernels.alloc(src.length);
  kernels.u8(input, src.length).set(src);
  let data = input;
  if (outW !== w) {
    const coeffs = coefficients(w, outW);
    const at = placeCoefficients(kernels, coeffs);
    const out = kernels.alloc(outW * h * c);
    kernels.exports.resampleRows(data, w, h, c, outW, at.bounds, at.weights, coeffs.taps, out);
    data = out;
  }
  if (outH !== h) {
    const coeffs = coefficients(h, outH);
    const at = placeCoefficients(kernels, coeffs);
    const out = kernels.alloc(outW * c * outH);
    kernels.exports.resampleColumns(data, outW * c, outH, at.bounds, at.weights, coeffs.taps, out);
    data = out;
  }
  return kernels.u8(data, outW * outH * c).slice();
}

/** RGBA -> RGBa / LA -> La (premultiplied), as Pillow converts before a non-nearest resize. */
function premultiply(data: Uint8Array, c: number): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i += c) {
    const alpha = data[i + c - 1];
    for (let ch = 0; ch < c - 1; ch++) out[i + ch] = mulDiv255(data[i + ch], alpha);
    out[i + c - 1] = alpha;
  }
  return out;
}

/** RGBa -> RGBA / La -> LA: Pillow divides by alpha (integer division) unless alpha is 0 or 255. */
function unpremultiply(data: Uint8Array, c: number): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i += c) {
    const alpha = data[i + c - 1];
    for (let ch = 0; ch < c - 1; ch++) {
      const v = data[i + ch];
      out[i + ch] = alpha === 0 || alpha === 255 ? v : Math.min(255, Math.floor((255 * v) / alpha));
    }
    out[i + c - 1] = alpha;
  }
  return out;
}

/**
 * Source index of each output pixel in Pillow's NEAREST resize (`ImagingScaleAffine`): the position starts at
 * `step / 2` and `step = in / out` is added once per pixel in double precision, then truncated. The repeated
 * addition lands just below exact integers where the closed form `floor((x + 0.5) * step)` lands on them
 * (310 -> 277: output 138 reads column 154, not 155), so the sum is reproduced, not the formula.
 */
function nearestIndices(inSize: number, outSize: number): Int32Array {
  const step = inSize / outSize;
  const index = new Int32Array(outSize);
  let position = step * 0.5;
  for (let o = 0; o < outSize; o++) {
    index[o] = Math.min(Math.trunc(position), inSize - 1);
    position += step;
  }
  return index;
}

/** Pillow's NEAREST resize (used for palette and 1-bit images): rows and columns from {@link nearestIndices}. */
function nearest(image: RawImage, outW: number, outH: number): RawImage {
  const c = modeChannels(image.mode);
  const out = new Uint8Array(outW * outH * c);
  const xs = nearestIndices(image.width, outW);
  const ys = nearestIndices(image.height, outH);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      const from = (ys[y] * image.width + xs[x]) * c;
      out.set(image.data.subarray(from, from + c), (y * outW + x) * c);
    }
  }
  return { data: out, width: outW, height: outH, mode: image.mode };
}

/**
 * Resizes 8-bit pixels the way Pillow's `Image.resize(size, BICUBIC)` does (verified against Pillow 9.4):
 * separable Catmull-Rom (a = -0.5) whose support grows with the downscale factor, 22-bit fixed-point
 * weights, horizontal pass first, bytes rounded between passes; RGBA and LA are resized premultiplied.
 * A same-size resize returns the input unchanged, as PIL returns a copy.
 * @param image pixels in any {@link PixelMode}
 * @param width output width in pixels
 * @param height output height in pixels
 * @param filter 'bicubic' (default) or 'nearest'
 */
export function pilResize(image: RawImage, width: number, height: number, filter: PilFilter = 'bicubic'): RawImage {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
    throw new RangeError(messages.badResizeTarget(width, height));
  }
  if (width === image.width && height === image.height) return image;
  if (filter === 'nearest') return nearest(image, width, height);
  const c = modeChannels(image.mode);
  const alpha = modeHasAlpha(image.mode);
  let data = resampleBicubic(
    alpha ? premultiply(image.data, c) : image.data,
    image.width,
    image.height,
    c,
    width,
    height,
  );
  if (alpha) data = unpremultiply(data, c);
  return { data, width, height, mode: image.mode };
}
