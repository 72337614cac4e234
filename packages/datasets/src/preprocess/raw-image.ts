import { messages } from '../messages.js';

/**
 * Pixel layouts named after the PIL modes CLIP's pipeline sees: the resize happens in the image's own mode
 * and `convert('RGB')` comes after the crop, so the mode has to survive until then.
 */
export type PixelMode = 'RGB' | 'RGBA' | 'L' | 'LA' | 'CMYK';

/** Decoded 8-bit pixels, row-major and channel-interleaved (HWC). */
export interface RawImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly mode: PixelMode;
}

const CHANNELS: Record<PixelMode, number> = { RGB: 3, RGBA: 4, L: 1, LA: 2, CMYK: 4 };

/** Number of interleaved channels of a pixel mode (RGB 3, RGBA 4, L 1, LA 2, CMYK 4). */
export function modeChannels(mode: PixelMode): number {
  return CHANNELS[mode];
}

/** Whether the mode's last channel is alpha (RGBA, LA): PIL resizes those with premultiplied colour. */
export function modeHasAlpha(mode: PixelMode): boolean {
  return mode === 'RGBA' || mode === 'LA';
}

/**
 * Copies the `width x height` window at (`left`, `top`) out of an image.
 * @throws RangeError when the window does not lie inside the image.
 */
export function cropRaw(image: RawImage, left: number, top: number, width: number, height: number): RawImage {
  if (left < 0 || top < 0 || left + width > image.width || top + height > image.height) {
    throw new RangeError(messages.cropOutside(width, height, left, top, image.width, image.height));
  }
  const c = modeChannels(image.mode);
  const out = new Uint8Array(width * height * c);
  const rowBytes = width * c;
  for (let y = 0; y < height; y++) {
    const from = ((top + y) * image.width + left) * c;
    out.set(image.data.subarray(from, from + rowBytes), y * rowBytes);
  }
  return { data: out, width, height, mode: image.mode };
}
