/**
 * Output size of torchvision's `Resize(size)` with an integer size, as CLIP applies it: the shorter side
 * becomes `size` and the longer side `int(size * long / short)` (truncated, not rounded).
 * @param width input width in pixels
 * @param height input height in pixels
 * @param size target length of the shorter side in pixels (CLIP: 224)
 */
export function resizedSize(width: number, height: number, size: number): { width: number; height: number } {
  // Same double-precision expression as Python's `int(size * long / short)`, so the truncation agrees.
  if (width <= height) return { width: size, height: Math.trunc((size * height) / width) };
  return { width: Math.trunc((size * width) / height), height: size };
}

/**
 * Python 3's `round()` for a float: ties go to the even integer. torchvision's `CenterCrop` rounds the
 * offset with it, so an odd margin of 1 puts the crop at 0 and one of 3 at 2.
 */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff < 0.5) return floor;
  if (diff > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * Top-left corner of torchvision's `CenterCrop(size)`: `top = round((h - size) / 2)`,
 * `left = round((w - size) / 2)` with Python's round-half-even.
 * @param width image width in pixels (at least `size`, as after {@link resizedSize})
 * @param height image height in pixels (at least `size`)
 * @param size side of the square crop in pixels
 */
export function centerCropOffset(width: number, height: number, size: number): { left: number; top: number } {
  return { left: roundHalfEven((width - size) / 2), top: roundHalfEven((height - size) / 2) };
}
