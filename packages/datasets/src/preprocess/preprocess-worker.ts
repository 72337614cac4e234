/**
 * Entry point of a preprocessing worker thread (see `preprocessOnWorkers`): for each job it receives, takes image
 * indices from the job's shared counter, preprocesses each into its slot of the shared tensor, and reports
 * failures and completion on its port. The thread lives on between jobs, so sharp and the kernels load once.
 */
import { parentPort } from 'node:worker_threads';
import { readCifarImage } from '../loaders/cifar-binary.js';
import { clipPreprocess } from './clip-preprocess.js';
import { ImageError } from './image-error.js';
import type { WorkerJob, WorkerReply } from './preprocess-protocol.js';

const post = (reply: WorkerReply) => parentPort?.postMessage(reply);

async function lane(job: WorkerJob): Promise<void> {
  const { id, items, options, tensor, counter, stride } = job;
  for (;;) {
    // Stop early once any thread hit a fatal error (the counter is pushed past the end).
    const index = Atomics.add(counter, 0, 1);
    if (index >= items.length) return;
    const item = items[index];
    const name = typeof item === 'string' ? item : 'path' in item ? item.path : `${item.file}#${item.offset}`;
    try {
      const source = typeof item === 'string' ? item : 'path' in item ? item.path : await readCifarImage(item);
      await clipPreprocess(source, { ...options, name }, tensor, index * stride);
    } catch (error) {
      if (error instanceof ImageError) {
        post({ kind: 'image-error', id, index, path: error.path, reason: error.reason, message: error.message });
      } else {
        Atomics.store(counter, 0, items.length);
        post({
          kind: 'fatal',
          id,
          index,
          message: error instanceof Error ? (error.stack ?? error.message) : String(error),
        });
        return;
      }
    }
  }
}

parentPort?.on('message', (job: WorkerJob) => {
  void Promise.all(Array.from({ length: job.concurrency }, () => lane(job))).then(() =>
    post({ kind: 'done', id: job.id }),
  );
});
