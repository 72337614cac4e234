import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '@gla/core';
import { outputError } from '../output-error.js';
import { buildPaperReport } from '../paper/report/build-paper-report.js';
import { runPaperExperiment, type PaperRun } from '../paper/run/run-paper-experiment.js';
import { defaultJobs, TaskPool } from '../engine/task-pool.js';
import type { RunRecord } from '../paper/run/run-record.js';
import { demoPage } from './demo-page.js';
import { demoResults, type DemoResults } from './demo-results.js';
import { openOutputStaging } from './output-staging.js';

/** The demo's configs, relative to the repository root: the three paper layouts on the simulated world. */
export const DEMO_CONFIGS: readonly string[] = [
  'configs/demo/many-shot.yaml',
  'configs/demo/few-shot.yaml',
  'configs/demo/long-tail.yaml',
];

/** The repository root this package was built in (`experiments/dist/demo/` -> three levels up). */
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /**
   * Folder `out` and `cacheDir` resolve against, and the configs when it holds `configs/demo/` (otherwise they
   * are read from this repository's `configs/demo/`); default the working directory.
   */
  root?: string;
  /** Output folder; default `results/demo`. */
  out?: string;
  /** The stage cache and the runs' folders, shared by the configs; default `results/.demo-cache` (git-ignored). */
  cacheDir?: string;
  /** Configs to run; default {@link DEMO_CONFIGS}. */
  configs?: readonly string[];
  /** Variables for `${...}` in the configs; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  log?: (line: string) => void;
  /**
   * Stages worked on at once per config, and worker threads shared by the configs, which then run side by side;
   * default every core (`gla demo --jobs`). 1 runs the configs one after another on this thread. Results are
   * byte-identical for any value, and it is recorded nowhere.
   */
  jobs?: number;
}

/** What a demo run wrote. */
export interface DemoRun {
  outDir: string;
  /** Files under `outDir`, relative to it. */
  files: string[];
  results: DemoResults;
  /** Stages computed by this run (the rest came from the cache). */
  computed: string[];
}

/**
 * `gla demo`: `gla run` on each demo config (one stage cache, so a killed demo resumes from the stages it finished
 * and writes byte-identical results), then `gla report` on the runs into `out`, plus `results.json` with every
 * number. The output folder is built next to its destination and renamed into place, so a failed run never leaves a
 * half-written folder; that staging folder is created first, so an unwritable `out` fails before any work.
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoRun> {
  const root = options.root ?? process.cwd();
  const log = options.log ?? (() => {});
  const outDir = resolve(root, options.out ?? 'results/demo');
  const cacheDir = resolve(root, options.cacheDir ?? 'results/.demo-cache');
  const staging = await openOutputStaging(outDir);
  const configRoot = options.configs || existsSync(join(root, DEMO_CONFIGS[0])) ? root : REPO_ROOT;
  const jobs = options.jobs ?? defaultJobs();
  const tasks = new TaskPool(jobs > 1 ? jobs : 0);
  try {
    const runOne = (configFile: string) =>
      runPaperExperiment({
        configFile,
        root: configRoot,
        runId: 'demo',
        cacheDir,
        resultsDir: join(cacheDir, 'runs'),
        env: options.env,
        log,
        jobs,
        tasks,
      });
    const configs = options.configs ?? DEMO_CONFIGS;
    const runs: PaperRun[] = [];
    if (jobs > 1) {
      // Side by side: the configs share one world build and the workers, so one config's serial tail (its last
      // evaluations) overlaps another's training. Every run is awaited before the first failure is thrown.
      const settled = await Promise.allSettled(configs.map(runOne));
      for (const result of settled) if (result.status === 'rejected') throw result.reason;
      runs.push(...settled.map((result) => (result as PromiseFulfilledResult<PaperRun>).value));
    } else for (const configFile of configs) runs.push(await runOne(configFile));
    const records = runs.map((run) => run.record as RunRecord);
    const runDirs = runs.map((run) => run.runDir as string);
    const computed = runs.flatMap((run) => run.computed);
    // A write failure in the staging folder (a full disk) is the output's: one line naming `out`.
    const asOutput = (error: unknown) => {
      throw (error as NodeJS.ErrnoException).code ? outputError(outDir, error) : error;
    };
    const report = await buildPaperReport({ runDirs, out: staging.dir, page: demoPage(records) }).catch(asOutput);
    const results = demoResults(records);
    await writeFileAtomic(join(staging.dir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`).catch(asOutput);
    await staging.commit();
    return { outDir, files: [...report.files, 'results.json'].sort(), results, computed };
  } catch (error) {
    await staging.discard();
    throw error;
  } finally {
    await tasks.close();
  }
}
