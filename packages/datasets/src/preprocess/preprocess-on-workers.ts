import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CifarSample } from '../loaders/cifar-binary.js';
import type { ClipPreprocessOptions } from './clip-preprocess.js';
import { ImageError } from './image-error.js';
import type { WorkerJob, WorkerReply } from './preprocess-protocol.js';

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
 * Worker threads that stay between calls: starting one (Node, sharp's native addon, the kernels) costs about as much
 * as preprocessing a dozen images, which a pipeline calling once per batch of 32 paid on every batch. Jobs run one
 * at a time, each on every thread of the pool; idle threads are unref'd so they never keep the process alive.
 */
class PreprocessPool {
  private readonly threads: Worker[];
  private readonly handlers = new Map<number, (reply: WorkerReply) => void>();
  private queue: Promise<void> = Promise.resolve();
  private nextId = 1;
  /** The error that ended a thread (the pool is then discarded). */
  private broken: Error | undefined;
  /** Stops the running job with an error (set while a job runs). */
  private abort: ((error: Error) => void) | undefined;

  constructor(readonly size: number) {
    const url = workerUrl();
    this.threads = Array.from({ length: size }, () => {
      const worker = new Worker(url);
      worker.unref();
      worker.on('message', (reply: WorkerReply) => this.handlers.get(reply.id)?.(reply));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => this.fail(new Error(`preprocessing worker exited with code ${code}`)));
      return worker;
    });
  }

  /** Runs one job on every thread, after the jobs queued before it. */
  run(job: Omit<WorkerJob, 'id'>, onReply: (reply: Exclude<WorkerReply, { kind: 'done' }>) => void): Promise<void> {
    const result = this.queue.then(() => this.runNow(job, onReply));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private runNow(job: Omit<WorkerJob, 'id'>, onReply: (reply: Exclude<WorkerReply, { kind: 'done' }>) => void) {
    if (this.broken) return Promise.reject(this.broken);
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      let pending = this.size;
      const finish = (error?: Error) => {
        this.handlers.delete(id);
        this.abort = undefined;
        for (const worker of this.threads) worker.unref();
        if (error) reject(error);
        else resolve();
      };
      this.abort = (error) => {
        Atomics.store(job.counter, 0, job.items.length);
        finish(error);
      };
      this.handlers.set(id, (reply) => {
        if (reply.kind !== 'done') onReply(reply);
        else if (--pending === 0) finish();
      });
      // Referenced while a job runs: the caller's await must keep the process alive.
      for (const worker of this.threads) {
        worker.ref();
        worker.postMessage({ ...job, id } satisfies WorkerJob);
      }
    });
  }

  /** Ends the threads once the queued jobs are done. */
  close(): void {
    void this.queue.then(() => {
      this.broken ??= new Error('preprocessing pool closed');
      for (const worker of this.threads) void worker.terminate();
    });
  }

  private fail(error: Error): void {
    this.broken ??= error;
    if (shared === this) shared = undefined;
    for (const worker of this.threads) void worker.terminate();
    this.abort?.(this.broken);
  }
}

let shared: PreprocessPool | undefined;

/** The process's preprocessing pool with `workers` threads (a pool of another size is replaced). */
function preprocessPool(workers: number): PreprocessPool {
  if (shared?.size !== workers) {
    shared?.close();
    shared = new PreprocessPool(workers);
  }
  return shared;
}

/**
 * Preprocesses `items` on `workers` worker threads into `tensor` (a SharedArrayBuffer view, `stride` floats per
 * image, image i at i * stride): the decoding, resizing and normalising of different images run in parallel;
 * each image's pixels are computed exactly as on the main thread. Images are handed out one at a time from a
 * shared counter, so a slow image does not hold the others. The threads are kept for the next call (see
 * {@link PreprocessPool}). Resolves with the ImageErrors by input index (the caller applies its error policy);
 * rejects with the first non-image error (a bug) once every thread has stopped taking images.
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
  let fatal: Error | undefined;
  await preprocessPool(workers).run(
    { items: plain, options: { ...options }, tensor, counter, stride, concurrency: 2 },
    (reply) => {
      if (reply.kind === 'image-error')
        onImageError(reply.index, new ImageError(reply.path, reply.reason, reply.message));
      else fatal ??= new Error(`preprocessing worker failed: ${reply.message}`);
    },
  );
  if (fatal) throw fatal;
}
