import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserError } from '@gla/core';
import { WORKER_TASKS, type TaskArgs, type TaskName, type TaskResult } from './worker-tasks.js';

/** A task sent to a worker. */
export interface TaskRequest {
  id: number;
  name: string;
  args: unknown;
}

/** A worker's answer: the result, or the error it threw (a user's mistake stays one). */
export interface TaskReply {
  id: number;
  result?: unknown;
  error?: { name: string; message: string; stack?: string; user: boolean };
}

/** Default number of jobs: every core (`os.availableParallelism()`). */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

interface Pending {
  request: TaskRequest;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  worker: Worker;
  busy?: Pending;
}

/**
 * Runs the heavy steps of stages ({@link WORKER_TASKS}: prior estimates, head training) on up to `workers` worker
 * threads, first come first served, so that independent stages use several cores. With 0 workers every task runs
 * at once on the calling thread (the single-job behaviour, no thread started). Workers start on the first task, so
 * a run whose stages are all cached starts none. A task's result is the same function of the same bits wherever
 * it runs, so results do not depend on the number of workers.
 */
export class TaskPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  /** @param workers worker threads (0: run tasks inline); default 0 */
  constructor(readonly workers = 0) {
    if (!Number.isInteger(workers) || workers < 0)
      throw new RangeError(`task pool: workers must be a non-negative integer, got ${workers}`);
  }

  /**
   * Runs task `name` on `args` (copied to the worker; keep them to typed arrays and plain data).
   * @throws (the promise rejects with) the task's error: a UserError when the task threw one, else an Error
   * carrying the worker's stack
   */
  run<N extends TaskName>(name: N, args: TaskArgs<N>): Promise<TaskResult<N>> {
    if (this.closed) return Promise.reject(new Error('task pool: run after close'));
    if (this.workers === 0) {
      // Synchronously, as a plain call would: one job keeps the order of work of the single-threaded runner.
      try {
        return Promise.resolve((WORKER_TASKS[name] as (a: TaskArgs<N>) => TaskResult<N>)(args));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { id: this.nextId++, name, args }, resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** Stops the workers; tasks still queued or running are rejected. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const stopped = new Error('task pool: closed');
    for (const pending of this.queue.splice(0)) pending.reject(stopped);
    const slots = this.slots.splice(0);
    for (const slot of slots) slot.busy?.reject(stopped);
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot && this.slots.length < this.workers) slot = this.start();
      if (!slot) return;
      const pending = this.queue.shift() as Pending;
      slot.busy = pending;
      // A busy worker keeps the process alive (the caller awaits it); an idle one must not.
      slot.worker.ref();
      slot.worker.postMessage(pending.request);
    }
  }

  private start(): Slot {
    const worker = new Worker(workerUrl());
    worker.unref();
    const slot: Slot = { worker };
    worker.on('message', (reply: TaskReply) => {
      const pending = slot.busy;
      if (!pending || pending.request.id !== reply.id) return;
      slot.busy = undefined;
      worker.unref();
      if (reply.error) pending.reject(rebuildError(reply.error, pending.request.name));
      else pending.resolve(reply.result);
      this.dispatch();
    });
    const fail = (error: Error) => {
      // A worker that crashed (out of memory, an uncaught error) is dropped; the queue goes on with a new one.
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      const pending = slot.busy;
      slot.busy = undefined;
      pending?.reject(new Error(`task worker died in '${pending.request.name}': ${error.message}`));
      if (!this.closed) this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(`exit code ${code}`));
    });
    this.slots.push(slot);
    return slot;
  }
}

/** A pool of no workers: tasks run inline on the calling thread (stages use it when the run gives none). */
export const INLINE_TASKS = new TaskPool(0);

function rebuildError(error: NonNullable<TaskReply['error']>, task: string): Error {
  if (error.user) {
    const user = new UserError(error.message);
    user.name = error.name;
    return user;
  }
  const bug = new Error(error.message);
  bug.name = error.name;
  bug.stack = `${error.stack ?? `${error.name}: ${error.message}`}\n    at task worker ('${task}')`;
  return bug;
}

/**
 * The compiled worker module. Under a TypeScript test runner this file is `src/engine/*.ts` with no `.js`
 * sibling; worker threads need JavaScript, so the package's build output is used (turbo builds before testing).
 */
function workerUrl(): URL {
  const sibling = new URL('./task-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(sibling))) return sibling;
  const built = new URL('../../dist/engine/task-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return built;
  throw new Error(
    `task pool: worker module not found at ${fileURLToPath(sibling)} or ${fileURLToPath(built)}; build @gla/experiments first`,
  );
}
