import { type RawImage, modeChannels } from './raw-image.js';

/** Pillow's MULDIV255: `a * b / 255` rounded, in integer arithmetic (a, b in 0..255). */
export function mulDiv255(a: number, b: number): number {
  const t = a * b + 128;
  return ((t >> 8) + t) >> 8;
}

/**
 * PIL's `convert('RGB')`, the step CLIP runs after the crop: greyscale is replicated, alpha is dropped
 * (not flattened onto a background), and CMYK uses Pillow's plain formula
 * `R = (255 - K) - C * (255 - K) / 255` with no colour management.
 * @param image pixels in any {@link PixelMode}
 * @returns a new RGB image (the input itself when it is already RGB)
 */
export function pilConvertRgb(image: RawImage): RawImage {
  if (image.mode === 'RGB') return image;
  const n = image.width * image.height;
  const c = modeChannels(image.mode);
  const src = image.data;
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    const s = i * c;
    const o = i * 3;
    switch (image.mode) {
      case 'L':
      case 'LA':
        out[o] = out[o + 1] = out[o + 2] = src[s];
        break;
      case 'RGBA':
        out[o] = src[s];
        out[o + 1] = src[s + 1];
        out[o + 2] = src[s + 2];
        break;
      case 'CMYK': {
        const nk = 255 - src[s + 3];
        for (let ch = 0; ch < 3; ch++) out[o + ch] = Math.max(0, nk - mulDiv255(src[s + ch], nk));
        break;
      }
    }
  }
  return { data: out, width: image.width, height: image.height, mode: 'RGB' };
}
