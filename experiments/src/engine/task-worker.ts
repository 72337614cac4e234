/** Entry point of a {@link TaskPool} worker thread: runs the tasks it is sent, one at a time, until closed. */
import { parentPort } from 'node:worker_threads';
import { isUserError } from '@gla/core';
import { WORKER_TASKS, type TaskName } from './worker-tasks.js';
import type { TaskReply, TaskRequest } from './task-pool.js';

const port = parentPort;
if (!port) throw new Error('task worker: started outside a worker thread');
port.on('message', (request: TaskRequest) => {
  let reply: TaskReply;
  try {
    const task = WORKER_TASKS[request.name as TaskName] as ((args: unknown) => unknown) | undefined;
    if (!task) throw new Error(`unknown worker task '${request.name}'`);
    reply = { id: request.id, result: task(request.args) };
  } catch (error) {
    const e = error as Error;
    reply = {
      id: request.id,
      error: { name: e?.name ?? 'Error', message: e?.message ?? String(error), stack: e?.stack, user: isUserError(e) },
    };
  }
  port.postMessage(reply);
});
