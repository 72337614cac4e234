import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CifarSample } from '../loaders/cifar-binary.js';
import type { ClipPreprocessOptions } from './clip-preprocess.js';
import { ImageError } from './image-error.js';
import type { WorkerData, WorkerReply } from './preprocess-protocol.js';

/**
 * The compiled worker module: this file's sibling in dist/, or dist/ when running from src/ under a TypeScript
 * test runner (worker threads need JavaScript; turbo builds before testing).
 */
function workerUrl(): URL {
  const sibling = new URL('./preprocess-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(sibling))) return sibling;
  const built = new URL('../../dist/preprocess/preprocess-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return built;
  throw new Error(`preprocessing worker module not found at ${fileURLToPath(sibling)}; build @gla/datasets first`);
}

/**
 * Preprocesses `items` on `workers` worker threads into `tensor` (a SharedArrayBuffer view, `stride` floats per
 * image, image i at i * stride): the decoding, resizing and normalising of different images run in parallel;
 * each image's pixels are computed exactly as on the main thread. Images are handed out one at a time from a
 * shared counter, so a slow image does not hold the others. Resolves with the ImageErrors by input index (the
 * caller applies its error policy); rejects with the first non-image error (a bug), after stopping the workers.
 */
export async function preprocessOnWorkers(
  items: readonly (string | { readonly path: string } | CifarSample)[],
  options: ClipPreprocessOptions,
  tensor: Float32Array,
  stride: number,
  workers: number,
  onImageError: (index: number, error: ImageError) => void,
): Promise<void> {
  const counter = new Int32Array(new SharedArrayBuffer(4));
  // Items as plain data: samples may carry fields a worker does not need; paths and CIFAR records suffice.
  const plain = items.map((item) =>
    typeof item === 'string' ? item : 'path' in item ? { path: item.path } : { ...item },
  );
  const data: WorkerData = { items: plain, options: { ...options }, tensor, counter, stride, concurrency: 2 };
  const url = workerUrl();
  let fatal: Error | undefined;
  await Promise.all(
    Array.from(
      { length: workers },
      () =>
        new Promise<void>((resolve) => {
          const worker = new Worker(url, { workerData: data });
          worker.on('message', (reply: WorkerReply) => {
            if (reply.kind === 'image-error')
              onImageError(reply.index, new ImageError(reply.path, reply.reason, reply.message));
            else if (reply.kind === 'fatal') fatal ??= new Error(`preprocessing worker failed: ${reply.message}`);
            else void worker.terminate();
          });
          worker.on('error', (error) => {
            fatal ??= error;
            Atomics.store(counter, 0, items.length);
          });
          worker.on('exit', () => resolve());
        }),
    ),
  );
  if (fatal) throw fatal;
}
