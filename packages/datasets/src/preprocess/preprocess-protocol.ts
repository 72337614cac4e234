import type { CifarSample } from '../loaders/cifar-binary.js';
import type { ClipPreprocessOptions } from './clip-preprocess.js';
import type { ImageErrorReason } from './image-error.js';

/** A job a preprocessing worker receives: the items, the options (data only), and the shared output. */
export interface WorkerJob {
  /** Tells this job's replies from another's. */
  id: number;
  items: readonly (string | { readonly path: string } | CifarSample)[];
  options: ClipPreprocessOptions;
  /** items.length * stride float32 on a SharedArrayBuffer. */
  tensor: Float32Array;
  /** One int32 on a SharedArrayBuffer: the next image index to take. */
  counter: Int32Array;
  stride: number;
  /** Images in flight per worker (sharp decodes on libuv's threads while the resize runs). */
  concurrency: number;
}

/** A worker's messages about job `id`: an image it could not read, a fatal error (a bug), or the end of its work. */
export type WorkerReply =
  | { kind: 'image-error'; id: number; index: number; path: string; reason: ImageErrorReason; message: string }
  | { kind: 'fatal'; id: number; index: number; message: string }
  | { kind: 'done'; id: number };
