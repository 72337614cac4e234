import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { runKernel, type KernelArgs, type KernelName } from './parallel-kernels.js';
import { CONTROL, laneBlocks, type LaneCommand, type LaneData } from './parallel-lane.js';

/** Default number of threads: what the machine offers (`os.availableParallelism()`). */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

/** Workers started by {@link ParallelPool.prestart}, waiting for the first pool of their size. */
let prestarted: ParallelPool | undefined;

/** How long {@link ParallelPool.open} waits for its workers to start before giving up, in ms. */
const START_TIMEOUT_MS = 60_000;

/**
 * A fixed set of threads that run core's row-block kernels synchronously: the calling thread is lane 0 and
 * `threads - 1` worker threads are lanes 1.. . {@link run} hands every lane a contiguous share of the blocks and
 * blocks (Atomics.wait, no event loop needed) until all lanes are done, so numeric code that calls it stays
 * synchronous. Kernels write each block's partial results to its own slot of shared output arrays and the caller
 * combines the slots in block order, so results never depend on the number of threads.
 *
 * Inputs and outputs must be typed arrays on SharedArrayBuffers to be seen by the workers (other arrays are
 * copied into the message, fine for small inputs). Call {@link close} when done; the workers are unref'd, so a
 * forgotten pool does not keep the process alive. A worker that dies outright (out of memory) is not detected
 * and leaves `run` waiting.
 */
export class ParallelPool {
  private readonly lane0State = new Map<string, unknown>();
  private closed = false;
  private ready = false;

  private constructor(
    /** Lanes, the calling thread included. */
    readonly threads: number,
    private readonly control: Int32Array,
    private readonly workers: Worker[],
    private readonly ports: MessagePort[],
  ) {}

  /**
   * Starts `threads - 1` workers (none for one thread) and waits until they are ready.
   * @param threads lanes including the calling thread; default {@link defaultThreads}
   * @throws Error when the compiled worker module is missing or the workers do not start within a minute
   */
  static open(threads = defaultThreads()): ParallelPool {
    const pool = ParallelPool.start(threads);
    pool.waitReady();
    return pool;
  }

  /**
   * Starts `threads - 1` workers without waiting for them: they load their modules on other cores while this
   * thread goes on (e.g. reads the inputs); the first {@link run} waits until they are ready.
   * @param threads lanes including the calling thread; default {@link defaultThreads}
   * @throws Error when the compiled worker module is missing (a start that times out is reported by `run`)
   */
  static start(threads = defaultThreads()): ParallelPool {
    if (!Number.isInteger(threads) || threads < 1)
      throw new RangeError(`threads must be a positive integer, got ${threads}`);
    const early = prestarted;
    prestarted = undefined;
    if (early?.threads === threads) return early;
    early?.close();
    const control = new Int32Array(new SharedArrayBuffer(CONTROL.SIZE * Int32Array.BYTES_PER_ELEMENT));
    const workers: Worker[] = [];
    const ports: MessagePort[] = [];
    if (threads > 1) {
      const url = workerUrl();
      for (let lane = 1; lane < threads; lane++) {
        const { port1, port2 } = new MessageChannel();
        const worker = new Worker(url, {
          workerData: { control, port: port2, lane, lanes: threads } satisfies LaneData,
          transferList: [port2],
        });
        worker.unref();
        port1.unref();
        workers.push(worker);
        ports.push(port1);
      }
    }
    return new ParallelPool(threads, control, workers, ports);
  }

  /**
   * Starts a pool's workers as early as possible (a command's entry point, before it loads its modules), for the
   * next {@link start} or {@link open} with the same number of threads to take over: a worker thread needs tens of
   * milliseconds to boot, which then overlap the command's own start-up. A later call with another count closes
   * these workers and starts its own; unused ones never keep the process alive (they are unref'd).
   * @param threads lanes including the calling thread; default {@link defaultThreads} (nothing for 1)
   * @returns the pool the next {@link start} of that size will return (undefined for 1 thread)
   */
  static prestart(threads = defaultThreads()): ParallelPool | undefined {
    if (!prestarted && threads > 1) prestarted = ParallelPool.start(threads);
    return prestarted;
  }

  /** Waits until every worker has started (a lane that has not would miss the first command). */
  private waitReady(): void {
    if (this.ready) return;
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (
      let ready = Atomics.load(this.control, CONTROL.READY);
      ready < this.threads - 1;
      ready = Atomics.load(this.control, CONTROL.READY)
    ) {
      if (Date.now() > deadline) {
        for (const worker of this.workers) void worker.terminate();
        this.closed = true;
        throw new Error(
          `parallel pool: ${this.threads - 1 - ready} of ${this.threads - 1} worker threads did not start within ${START_TIMEOUT_MS / 1000} s`,
        );
      }
      Atomics.wait(this.control, CONTROL.READY, ready, 100);
    }
    this.ready = true;
  }

  /**
   * Runs `kernel` over blocks [0, blockCount): lane l takes blocks [floor(l B / T), floor((l + 1) B / T)).
   * Returns when every lane has finished. Lane-local state (e.g. kept probabilities) persists between runs.
   * @throws Error carrying the first failing lane's message
   */
  run<N extends KernelName>(kernel: N, args: KernelArgs<N>, blockCount: number): void {
    if (this.closed) throw new Error('parallel pool: run after close');
    this.waitReady();
    const command: LaneCommand = { kernel, args, blockCount };
    Atomics.store(this.control, CONTROL.DONE, 0);
    Atomics.store(this.control, CONTROL.FAILED, 0);
    for (const port of this.ports) port.postMessage(command);
    Atomics.add(this.control, CONTROL.GENERATION, 1);
    Atomics.notify(this.control, CONTROL.GENERATION);
    let own: unknown;
    try {
      const [first, end] = laneBlocks(0, this.threads, blockCount);
      runKernel(kernel, args, first, end, this.lane0State);
    } catch (error) {
      own = error;
    }
    const others = this.threads - 1;
    for (
      let done = Atomics.load(this.control, CONTROL.DONE);
      done < others;
      done = Atomics.load(this.control, CONTROL.DONE)
    ) {
      Atomics.wait(this.control, CONTROL.DONE, done);
    }
    if (own !== undefined) throw own;
    if (Atomics.load(this.control, CONTROL.FAILED) !== 0) {
      for (const port of this.ports) {
        const reply = receiveMessageOnPort(port)?.message as { error?: string } | undefined;
        if (reply?.error) throw new Error(`parallel pool worker failed in '${kernel}': ${reply.error}`);
      }
      throw new Error(`parallel pool worker failed in '${kernel}'`);
    }
  }

  /** Stops the workers (they exit on their own); the pool cannot run afterwards. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    // A worker still starting would take the stop's generation as already seen and wait for ever: end it.
    if (!this.ready && Atomics.load(this.control, CONTROL.READY) < this.threads - 1)
      for (const worker of this.workers) void worker.terminate();
    for (const port of this.ports) port.postMessage({ stop: true } satisfies LaneCommand);
    Atomics.add(this.control, CONTROL.GENERATION, 1);
    Atomics.notify(this.control, CONTROL.GENERATION);
  }
}

/**
 * The compiled worker module. Under a TypeScript test runner this file is `src/*.ts` and has no `.js` sibling;
 * worker threads need JavaScript, so the package's build output is used (turbo builds before testing).
 */
function workerUrl(): URL {
  const sibling = new URL('./parallel-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(sibling))) return sibling;
  const built = new URL('../dist/parallel-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return built;
  throw new Error(
    `parallel pool: worker module not found at ${fileURLToPath(sibling)} or ${fileURLToPath(built)}; build @gla/core first`,
  );
}
