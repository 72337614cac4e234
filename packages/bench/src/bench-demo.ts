import { existsSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import type { BenchContext } from './bench-context.js';
import { seconds } from './bench-context.js';
import { cliBinPath } from './bench-cli.js';
import { type BenchRow, type SectionResult, type Timing, secondsBound } from './bench-types.js';
import { timingOf } from './measure.js';
import { spawnNodeMeasured } from './spawn-node.js';

/** Issue 15's bound on `pnpm demo` from an empty cache, seconds (on both cores). */
const COLD_BOUND = 20;

interface DemoRun {
  seconds: number;
  cpu: number;
  rss: number;
  /** 1-minute load average when the run started (the machine may be shared). */
  load: number;
}

/** One `gla demo` as a spawned process, waited for; throws with its stderr when it fails. */
function spawnDemo(args: string[], cwd: string): DemoRun {
  const load = loadavg()[0];
  const run = spawnNodeMeasured(args, cwd, cwd, { GLA_NO_PROGRESS: '1' });
  return { seconds: run.seconds, cpu: run.cpuSeconds, rss: run.peakRssBytes, load };
}

/**
 * Whole-process time of `gla demo` (the three configs of configs/demo/ and the report) from an empty stage cache
 * ("cold") and again from the full one ("warm"), with `--jobs 1` and `--jobs 2`, rounds interleaved so the machine's
 * load hits both alike (3 rounds; 1 with `--quick`, `--jobs 2` only). CPU seconds are each child's own (every
 * thread), reported beside the wall time with the 1-minute load average at the start: on a shared machine wall time
 * says little without them. Target: cold with `--jobs 2` under 20 s (issue 15).
 */
export async function benchDemo(context: BenchContext): Promise<SectionResult> {
  const started = performance.now();
  const bin = cliBinPath();
  if (!existsSync(bin)) throw new Error(`bench demo: ${bin} not found; build @gla/cli first (pnpm build)`);
  const rounds = context.quick ? 1 : 3;
  const jobsList = context.quick ? [2] : [1, 2];
  const baseRssBytes = context.sampler.reset();
  const runs: Record<string, DemoRun[]> = {};
  const record = (name: string, run: DemoRun) => {
    runs[name] ??= [];
    runs[name].push(run);
  };
  for (let round = 0; round < rounds; round++) {
    for (const jobs of jobsList) {
      const cache = join(context.workDir, `cache-${jobs}`);
      const out = join(context.workDir, `out-${jobs}`);
      rmSync(cache, { recursive: true, force: true });
      const args = [bin, 'demo', '--jobs', String(jobs), '--cache', cache, '--out', out];
      context.log(`demo: round ${round + 1}/${rounds}, --jobs ${jobs}, cold then warm`);
      record(`cold-${jobs}`, spawnDemo(args, context.workDir));
      record(`warm-${jobs}`, spawnDemo(args, context.workDir));
    }
  }
  const summary = (name: string): { timing: Timing; loads: number[]; rss: number } => {
    const list = runs[name];
    return {
      timing: { ...timingOf(list.map((r) => r.seconds)), cpuMedian: timingOf(list.map((r) => r.cpu)).median },
      loads: list.map((r) => r.load),
      rss: Math.max(...list.map((r) => r.rss)),
    };
  };
  const rows: BenchRow[] = [];
  for (const state of ['cold', 'warm'] as const) {
    for (const jobs of jobsList) {
      const { timing, loads, rss } = summary(`${state}-${jobs}`);
      const judged = state === 'cold' && jobs === 2;
      rows.push({
        name: `gla demo --jobs ${jobs}, ${state === 'cold' ? 'from an empty stage cache' : 'from a full stage cache'}, whole process`,
        value: timing.median,
        unit: 's',
        timing,
        ...(judged ? secondsBound(COLD_BOUND, timing.median, '15') : {}),
        notes: [
          `CPU ${seconds(timing.cpuMedian ?? 0)} (median, every thread); peak RSS ${(rss / 2 ** 20).toFixed(0)} MB`,
          `1-minute load average at the starts: ${loads.map((l) => l.toFixed(1)).join(', ')} (${availableParallelism()} cores)`,
        ],
      });
    }
  }
  for (const r of rows) context.log(`demo: ${r.name}: ${seconds(r.value)}`);
  return {
    section: 'demo',
    title: '`pnpm demo` from an empty and a full stage cache, one job and two (issue 15)',
    inputs: `configs/demo/*.yaml (the simulated world), run as spawned processes of ${bin}`,
    rows,
    // This process only waits; each demo's own peak RSS is in its row's notes.
    peakRssBytes: context.sampler.peak(),
    baseRssBytes,
    wallSeconds: (performance.now() - started) / 1000,
  };
}
