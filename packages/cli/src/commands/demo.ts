import { availableParallelism } from 'node:os';
import { isUserError } from '@gla/core';
import { type ManyShotMetrics, runDemo } from '@gla/experiments';
import { CliError } from '../cli-error.js';
import { parseJobs } from '../jobs-flag.js';

/** Flags of `gla demo`. */
export interface DemoCommandOptions {
  /** Output folder; default `results/demo`. */
  out?: string;
  /** Stage cache of the runs; default `results/.demo-cache`. */
  cache?: string;
  /** Stages at once per config and worker threads shared by the configs; default every core. */
  jobs?: string;
}

/**
 * Runs `gla demo`: `gla run` on each config of `configs/demo/` (found under the working directory, the repository
 * root under `pnpm demo`) with one shared stage cache, then `gla report` on the runs into `out` with a
 * `results.json` of every number. A killed demo resumes from the cached stages.
 */
export async function demoCommand(
  options: DemoCommandOptions,
  log: (line: string) => void,
  root = process.cwd(),
): Promise<void> {
  const jobs = parseJobs(options.jobs);
  // Without a terminal (CI logs, pipes) the progress bar becomes one line per 10 %, so the run still shows progress;
  // so does it when the configs run side by side (several jobs), whose bars would overwrite each other's line.
  if (!process.stderr.isTTY || (jobs ?? availableParallelism()) > 1) process.env.GLA_PROGRESS ??= 'plain';
  const started = Date.now();
  const run = await runDemo({ root, out: options.out, cacheDir: options.cache, log, jobs }).catch((error: unknown) => {
    throw isUserError(error) ? new CliError((error as Error).message) : error;
  });
  const m = run.results.runs['demo-many-shot']?.metrics as ManyShotMetrics | undefined;
  const top1 = (id: 'zero-shot' | 'fine-tuned' | 'wise-ft' | 'gla') => pct(m?.inDomain.methods[id]?.top1);
  if (m)
    log(
      `many-shot top-1 (simulated): zero-shot ${top1('zero-shot')}, fine-tuned ${top1('fine-tuned')}, WiSE-FT ${top1('wise-ft')}, GLA ${top1('gla')}`,
    );
  log(
    `wrote ${run.files.length} files to ${run.outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s (report: ${run.outDir}/README.md)`,
  );
}

function pct(x: number | undefined): string {
  return x === undefined ? 'n/a' : `${(100 * x).toFixed(2)} %`;
}
