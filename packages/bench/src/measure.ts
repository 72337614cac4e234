import { availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { Worker } from 'node:worker_threads';
import { onnxRuntimeVersion } from '@gla/models';
import type { MachineInfo, Timing } from './bench-types.js';

/** Median, min and max of wall-clock seconds. */
export function timingOf(seconds: readonly number[]): Timing {
  const sorted = [...seconds].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { runs: sorted.length, median, min: sorted[0], max: sorted[sorted.length - 1] };
}

/**
 * Runs `fn` `runs` times back to back and times each run (wall clock, seconds). `fn` gets the run index; its
 * results are returned so callers can check what the timed code computed.
 */
export async function timeRuns<T>(
  runs: number,
  fn: (run: number) => T | Promise<T>,
): Promise<{ timing: Timing; results: T[]; seconds: number[] }> {
  const seconds: number[] = [];
  const cpu: number[] = [];
  const results: T[] = [];
  for (let run = 0; run < runs; run++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    results.push(await fn(run));
    seconds.push((performance.now() - start) / 1000);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1e6);
  }
  return { timing: { ...timingOf(seconds), cpuMedian: timingOf(cpu).median }, results, seconds };
}

// The sampler runs in its own thread so that it keeps sampling while the measured code blocks the main thread
// (the solvers wait synchronously on their workers). RSS is process-wide, so a worker sees everyone's memory.
const SAMPLER_SOURCE = `
const { workerData } = require('node:worker_threads');
const peak = workerData.peak;
const sample = () => {
  const rss = BigInt(process.memoryUsage.rss());
  if (rss > Atomics.load(peak, 0)) Atomics.store(peak, 0, rss);
};
sample();
setInterval(sample, workerData.intervalMs);
`;

/** Peak resident set size between {@link RssSampler.reset} and {@link RssSampler.peak}, sampled every few ms. */
export class RssSampler {
  private readonly peakSlot = new BigInt64Array(new SharedArrayBuffer(8));
  private readonly worker: Worker;

  /** @param intervalMs sampling period; default 5 ms */
  constructor(intervalMs = 5) {
    this.worker = new Worker(SAMPLER_SOURCE, { eval: true, workerData: { peak: this.peakSlot, intervalMs } });
    this.worker.unref();
  }

  /** Starts a new measurement window at the current RSS. */
  reset(): number {
    const now = process.memoryUsage.rss();
    Atomics.store(this.peakSlot, 0, BigInt(now));
    return now;
  }

  /** Largest RSS seen since the last reset (at least the current one), bytes. */
  peak(): number {
    return Math.max(Number(Atomics.load(this.peakSlot, 0)), process.memoryUsage.rss());
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/** Cores, versions and load of this machine. */
export function machineInfo(): MachineInfo {
  const cores = cpus();
  return {
    cpuModel: cores[0]?.model ?? 'unknown',
    cores: cores.length,
    availableParallelism: availableParallelism(),
    totalMemoryBytes: totalmem(),
    platform: `${platform()} ${release()}`,
    node: process.version,
    onnxruntime: onnxRuntimeVersion(),
    loadAverageStart: loadavg()[0],
  };
}

/** Formats bytes as MB (10^6) with no decimals. */
export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(0)} MB`;
}
