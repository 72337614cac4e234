import { UserError } from '@gla/core';

/**
 * Why an image could not be turned into a tensor:
 * - `missing`: no file at the path;
 * - `empty`: a zero-byte file;
 * - `unsupported-format`: not an image, or a format outside the accepted list (e.g. SVG or PDF named .jpg);
 * - `too-large`: more pixels than the decompression-bomb limit;
 * - `corrupt`: the decoder failed (truncated or damaged data).
 */
export type ImageErrorReason = 'missing' | 'empty' | 'unsupported-format' | 'too-large' | 'corrupt';

/** A failure to read or decode one image, naming the image and the reason. */
export class ImageError extends UserError {
  override readonly name = 'ImageError';

  /**
   * @param path the image's path (or a caller-given name for in-memory input)
   * @param reason the failure class
   * @param message one line naming the path and the problem, from `messages.ts`
   */
  constructor(
    readonly path: string,
    readonly reason: ImageErrorReason,
    message: string,
  ) {
    super(message);
  }
}
