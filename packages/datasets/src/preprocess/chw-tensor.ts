import { messages } from '../messages.js';
import type { RawImage } from './raw-image.js';

/** CLIP's per-channel normalisation mean (R, G, B), on the [0, 1] scale. */
export const CLIP_MEAN: readonly [number, number, number] = [0.48145466, 0.4578275, 0.40821073];
/** CLIP's per-channel normalisation standard deviation (R, G, B), on the [0, 1] scale. */
export const CLIP_STD: readonly [number, number, number] = [0.26862954, 0.26130258, 0.27577711];

/**
 * torchvision's `ToTensor()` then `Normalize(mean, std)` on an RGB image: `((v / 255) - mean) / std` per
 * channel, written planar (CHW). Every step is rounded to float32 as torch computes it in float32, so the
 * values equal torch's bit for bit (each float32 operation done in double and rounded once is exact).
 * @param image an RGB image
 * @param mean per-channel mean (default {@link CLIP_MEAN})
 * @param std per-channel standard deviation (default {@link CLIP_STD})
 * @param out destination (default a new array); `offset` is where this image starts in it, in elements
 * @returns `out`, holding 3 * height * width values from `offset`
 */
export function toChwTensor(
  image: RawImage,
  mean: readonly number[] = CLIP_MEAN,
  std: readonly number[] = CLIP_STD,
  out: Float32Array = new Float32Array(3 * image.width * image.height),
  offset = 0,
): Float32Array {
  if (image.mode !== 'RGB') throw new TypeError(messages.notRgb(image.mode));
  const plane = image.width * image.height;
  if (out.length < offset + 3 * plane) throw new RangeError(messages.tensorTooSmall(out.length, offset + 3 * plane));
  for (let ch = 0; ch < 3; ch++) {
    // A 256-entry table per channel: the same float32 arithmetic, done once per byte value.
    const table = new Float32Array(256);
    const m = Math.fround(mean[ch]);
    const s = Math.fround(std[ch]);
    for (let v = 0; v < 256; v++) table[v] = Math.fround(Math.fround(Math.fround(v / 255) - m) / s);
    const base = offset + ch * plane;
    for (let i = 0; i < plane; i++) out[base + i] = table[image.data[i * 3 + ch]];
  }
  return out;
}
