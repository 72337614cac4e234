/**
 * Entry point of a preprocessing worker thread (see `preprocessOnWorkers`): takes image indices from a shared
 * counter, preprocesses each into its slot of the shared tensor, and reports failures and completion on its port.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readCifarImage } from '../loaders/cifar-binary.js';
import { clipPreprocess } from './clip-preprocess.js';
import { ImageError } from './image-error.js';
import type { WorkerData, WorkerReply } from './preprocess-protocol.js';

const { items, options, tensor, counter, stride, concurrency } = workerData as WorkerData;
const post = (reply: WorkerReply) => parentPort?.postMessage(reply);

async function lane(): Promise<void> {
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
        post({ kind: 'image-error', index, path: error.path, reason: error.reason, message: error.message });
      } else {
        Atomics.store(counter, 0, items.length);
        post({
          kind: 'fatal',
          index,
          message: error instanceof Error ? (error.stack ?? error.message) : String(error),
        });
        return;
      }
    }
  }
}

await Promise.all(Array.from({ length: concurrency }, lane));
post({ kind: 'done' });
