import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '@gla/core';
import { benchMarkdown } from './bench-table.js';
import {
  BENCH_SECTIONS,
  FULL_SIZES,
  QUICK_SIZES,
  type BenchReport,
  type BenchSection,
  type SectionResult,
} from './bench-types.js';
import { machineInfo, RssSampler } from './measure.js';
import { failedSection, runSection } from './bench-sections.js';

/** Options of {@link runBench}. */
export interface RunBenchOptions {
  /** Tiny sizes (seconds in all): for CI and tests, not for the targets; default false. */
  quick?: boolean;
  /** Sections to run, in the benchmark's order; default all. */
  only?: readonly BenchSection[];
  /** Folder of `<date>.json` and `<date>.md`; default `results/bench` under the current directory. */
  outDir?: string;
  /** Progress lines; default none. */
  log?: (line: string) => void;
  /** Run each section in a child process (its peak RSS is then its own); default true. */
  isolate?: boolean;
  /** Date in the file names, YYYY-MM-DD; default today (UTC). */
  date?: string;
}

/** What {@link runBench} produced. */
export interface BenchRun {
  report: BenchReport;
  json: string;
  markdown: string;
}

/**
 * Runs the benchmark sections (prior estimation, evaluation, linear heads, feature extraction) on inputs they
 * generate deterministically, and writes `<outDir>/<date>.json` and `<date>.md` (suffixed `-quick` for tiny sizes
 * and with the section names for a partial run, so that neither overwrites a full run). Targets missed are
 * reported with the measured figure; the benchmark never changes a target.
 */
export async function runBench(options: RunBenchOptions = {}): Promise<BenchRun> {
  const started = performance.now();
  const quick = options.quick ?? false;
  const log = options.log ?? (() => {});
  const only = options.only ?? BENCH_SECTIONS;
  const sections = BENCH_SECTIONS.filter((s) => only.includes(s));
  const machine = machineInfo();
  log(
    `bench${quick ? ' (quick)' : ''}: ${sections.join(', ')} on ${machine.cores} cores, load average ${machine.loadAverageStart.toFixed(2)}`,
  );
  const results: SectionResult[] = [];
  for (const section of sections) {
    const workDir = await mkdtemp(join(tmpdir(), `gla-bench-${section}-`));
    try {
      results.push(
        options.isolate === false
          ? await inProcess(section, quick, workDir, log)
          : await inChild(section, quick, workDir, log),
      );
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }
  machine.loadAverageEnd = loadavg()[0];
  // Tiny sizes say nothing about the ImageNet-scale targets: keep the targets in the table, leave them unjudged.
  if (quick) for (const row of results.flatMap((r) => r.rows)) delete row.met;
  const date = options.date ?? new Date().toISOString().slice(0, 10);
  const report: BenchReport = {
    schemaVersion: 1,
    date,
    quick,
    machine,
    sections: results,
    totalSeconds: (performance.now() - started) / 1000,
  };
  const outDir = resolve(options.outDir ?? 'results/bench');
  const partial = sections.length < BENCH_SECTIONS.length ? `-${sections.join('-')}` : '';
  const base = join(outDir, `${date}${quick ? '-quick' : ''}${partial}`);
  await writeFileAtomic(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  await writeFileAtomic(`${base}.md`, benchMarkdown(report));
  return { report, json: `${base}.json`, markdown: `${base}.md` };
}

async function inProcess(
  section: BenchSection,
  quick: boolean,
  workDir: string,
  log: (line: string) => void,
): Promise<SectionResult> {
  const sampler = new RssSampler();
  try {
    return await runSection(section, { sizes: quick ? QUICK_SIZES : FULL_SIZES, quick, sampler, workDir, log });
  } finally {
    await sampler.close();
  }
}

function inChild(
  section: BenchSection,
  quick: boolean,
  workDir: string,
  log: (line: string) => void,
): Promise<SectionResult> {
  return new Promise((resolvePromise) => {
    let result: SectionResult | undefined;
    let stderr = '';
    const child = fork(childModule(), [section, quick ? 'quick' : 'full', workDir], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.on('message', (message: { log?: string; result?: SectionResult }) => {
      if (message.log !== undefined) log(message.log);
      if (message.result) result = message.result;
    });
    child.on('exit', (code, signal) => {
      resolvePromise(
        result ??
          failedSection(
            section,
            `section process exited (${signal ?? `code ${code}`}) without a result: ${stderr.trim().split('\n').slice(-3).join(' / ') || 'no output'}`,
          ),
      );
    });
  });
}

/** The compiled child entry: beside this module in dist/, or dist/ itself when running from src/ under a test runner. */
function childModule(): string {
  const sibling = fileURLToPath(new URL('./bench-child.js', import.meta.url));
  if (existsSync(sibling)) return sibling;
  const built = fileURLToPath(new URL('../dist/bench-child.js', import.meta.url));
  if (existsSync(built)) return built;
  throw new Error(`bench: child module not found at ${sibling} or ${built}; build @gla/experiments first`);
}
