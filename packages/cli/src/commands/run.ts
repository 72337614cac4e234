import { isUserError } from '@gla/core';
import { parseShard, runPaperExperiment, type PaperRun } from '@gla/experiments';
import { CliError } from '../cli-error.js';
import { ExitStatus } from '../exit-status.js';
import { parseDevice } from '../device-flag.js';
import { parseJobs } from '../jobs-flag.js';

/** Flags of `gla run`. */
export interface RunCommandOptions {
  /** Print the plan only (no model or data file needs to exist). */
  dryRun?: boolean;
  /** With --dry-run: every stage on its own line and every missing input. */
  verbose?: boolean;
  /** `i/n`: extract only this slice of every feature set, for `gla merge-cache`. */
  shard?: string;
  /** Run folder name; default `YYYYMMDD-HHMMSS-<config hash>`. */
  runId?: string;
  /** Cache root overriding the config's `cacheDir`. */
  cache?: string;
  /** `cpu` or `cuda`: onnxruntime execution provider overriding the config's `runtime.executionProvider`. */
  device?: string;
  /** Stages at once and worker threads; default every core (results do not depend on it). */
  jobs?: string;
}

/**
 * Runs `gla run <config>`: a paper experiment end to end with caching at every stage, its plan (`--dry-run`), or
 * one shard of its feature extraction (`--shard i/n`). Problems with inputs become one-line errors; a dry run
 * with stages blocked by missing inputs ends with exit code 3 (ExitStatus).
 * @param root the repository root the config's relative paths resolve against; default the working directory.
 */
export async function runCommand(
  configFile: string,
  options: RunCommandOptions,
  log: (line: string) => void,
  root = process.cwd(),
): Promise<PaperRun> {
  try {
    const shard = options.shard !== undefined ? parseShard(options.shard) : undefined;
    if (shard && options.dryRun) throw new CliError('--shard and --dry-run: give one of them');
    const jobs = parseJobs(options.jobs);
    const run = await runPaperExperiment({
      configFile,
      root,
      dryRun: options.dryRun,
      verbose: options.verbose,
      shard,
      runId: options.runId,
      cacheDir: options.cache,
      executionProvider: options.device === undefined ? undefined : parseDevice(options.device),
      log,
      jobs,
    });
    if (run.mode === 'run') log(`tables: ${run.runDir}/tables/ (report: gla report ${run.runDir})`);
    // A plan that cannot run is not a success: scripts and CI see it in the exit code.
    if (run.mode === 'dry-run' && run.plan?.some((s) => s.status === 'missing' || s.status === 'blocked'))
      throw new ExitStatus(3);
    return run;
  } catch (error) {
    if (error instanceof CliError || error instanceof ExitStatus) throw error;
    if (isUserError(error)) throw new CliError(error.message);
    throw error;
  }
}
