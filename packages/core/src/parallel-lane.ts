import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { runKernel, type KernelName } from './parallel-kernels.js';

/** Slots of the pool's shared Int32 control array. */
export const CONTROL = {
  /** Bumped by the pool for every command; lanes wait on it. */
  GENERATION: 0,
  /** Worker lanes finished with the current command. */
  DONE: 1,
  /** Worker lanes started. */
  READY: 2,
  /** Set when a worker lane's kernel threw (its message is on its port). */
  FAILED: 3,
  SIZE: 4,
} as const;

/** What the pool posts to each worker lane before bumping the generation. */
export type LaneCommand = { kernel: KernelName; args: unknown; blockCount: number; stop?: undefined } | { stop: true };

/** Blocks [first, end) of lane `lane` out of `lanes`: contiguous, sizes differ by at most one. */
export function laneBlocks(lane: number, lanes: number, blockCount: number): [number, number] {
  return [Math.floor((lane * blockCount) / lanes), Math.floor(((lane + 1) * blockCount) / lanes)];
}

/** What a worker lane receives as `workerData`. */
export interface LaneData {
  control: Int32Array;
  port: MessagePort;
  lane: number;
  /** Lanes in the pool, the pool's own thread included. */
  lanes: number;
}

/**
 * A worker lane's loop: wait for a new generation, read the command synchronously from the port (the pool
 * posts it before bumping the generation), run its share of blocks, count itself done. Kernel errors are
 * reported on the port and flagged, never thrown, so the pool never waits for a lane that gave up.
 */
export function serveLane(data: LaneData): void {
  const { control, port, lane, lanes } = data;
  const state = new Map<string, unknown>();
  let seen = Atomics.load(control, CONTROL.GENERATION);
  Atomics.add(control, CONTROL.READY, 1);
  Atomics.notify(control, CONTROL.READY);
  for (;;) {
    Atomics.wait(control, CONTROL.GENERATION, seen);
    seen = Atomics.load(control, CONTROL.GENERATION);
    const command = receiveMessageOnPort(port)?.message as LaneCommand | undefined;
    if (!command || command.stop) return;
    try {
      const [first, end] = laneBlocks(lane, lanes, command.blockCount);
      runKernel(command.kernel, command.args as never, first, end, state);
    } catch (error) {
      port.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      Atomics.store(control, CONTROL.FAILED, 1);
    }
    Atomics.add(control, CONTROL.DONE, 1);
    Atomics.notify(control, CONTROL.DONE);
  }
}
