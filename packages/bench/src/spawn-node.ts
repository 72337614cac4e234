import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Wall seconds of one spawned `node <args>` (the running Node), waited for to its exit, stdout dropped; `env` is
 * added to this process's environment (e.g. where a preloaded probe writes its figures).
 * @throws Error with the last two lines of its stderr when it fails
 */
export function spawnNodeSeconds(args: string[], cwd: string, env: Record<string, string> = {}): number {
  const start = performance.now();
  const child = spawnSync(process.execPath, args, {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  const elapsed = (performance.now() - start) / 1000;
  if (child.error) throw child.error;
  if (child.status !== 0) {
    const last = (child.stderr ?? '').trim().split('\n').slice(-2).join(' / ');
    throw new Error(`'node ${args.join(' ')}' exited with ${child.signal ?? child.status}: ${last || 'no output'}`);
  }
  return elapsed;
}

/**
 * Preloaded into a measured child (`node --require`): on exit it writes the process's CPU seconds (user + system,
 * every thread, worker threads included) and peak resident set size in bytes to the file named by
 * GLA_BENCH_USAGE_FILE. The peak is /proc/self/status's VmHWM on Linux: getrusage's ru_maxrss there keeps the
 * high-water mark of the forked copy of the parent across exec, so a child of a bench holding 400 MB reported at
 * least 400 MB. Elsewhere ru_maxrss.
 */
const USAGE_PROBE = `process.on('exit', () => {
  const file = process.env.GLA_BENCH_USAGE_FILE;
  if (!file) return;
  const u = process.resourceUsage();
  let kb = u.maxRSS;
  try {
    const m = require('node:fs').readFileSync('/proc/self/status', 'utf8').match(/VmHWM:\\s*(\\d+)\\s*kB/);
    if (m) kb = Number(m[1]);
  } catch {}
  require('node:fs').writeFileSync(file, JSON.stringify({ cpu: (u.userCPUTime + u.systemCPUTime) / 1e6, rss: kb * 1024 }));
});
`;

/** What {@link spawnNodeMeasured} reports of one child. */
export interface ChildUsage {
  /** Wall seconds, spawn to exit. */
  seconds: number;
  /** CPU seconds of the child, every thread. */
  cpuSeconds: number;
  /** The child's own peak resident set size, bytes. */
  peakRssBytes: number;
}

/**
 * {@link spawnNodeSeconds} with the child's CPU time and peak RSS, from a probe preloaded into it (written to
 * `workDir` on first use; its report goes to `workDir/usage.json`).
 */
export function spawnNodeMeasured(
  args: string[],
  cwd: string,
  workDir: string,
  env: Record<string, string> = {},
): ChildUsage {
  const probe = join(workDir, 'usage-probe.cjs');
  if (!existsSync(probe)) writeFileSync(probe, USAGE_PROBE);
  const usageFile = join(workDir, 'usage.json');
  rmSync(usageFile, { force: true });
  const seconds = spawnNodeSeconds(['--require', probe, ...args], cwd, { ...env, GLA_BENCH_USAGE_FILE: usageFile });
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { cpu: number; rss: number };
  return { seconds, cpuSeconds: usage.cpu, peakRssBytes: usage.rss };
}
